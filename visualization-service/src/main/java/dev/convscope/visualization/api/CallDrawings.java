package dev.convscope.visualization.api;

import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.visualization.pipeline.DrawRequest;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The tensors of one RenderTensors call being drawn. Each starts on a worker thread as soon as its
 * last chunk has arrived, while the frames of the next ones are still read, so conv1 is drawn and
 * stored while the sender computes conv2. The caller sends the answers in the order the tensors
 * came. At most {@code maxInFlight} tensors are started and not yet answered, and their values
 * count against the replica's {@link DrawingBudget}; starting one more waits, which stops the
 * reading of frames, and gRPC flow control then holds the sender back.
 */
final class CallDrawings {

  private static final long POLL_MILLIS = 100;

  private final Semaphore slots;
  private final DrawingBudget budget;
  private final Executor workers;
  private final Runnable stillWaiting;
  private volatile boolean ended;
  private boolean failed; // read and written by the one thread that takes frames

  CallDrawings(int maxInFlight, DrawingBudget budget, Executor workers) {
    this(maxInFlight, budget, workers, () -> {});
  }

  /**
   * @param stillWaiting run on the starting thread each time a start has waited a poll's time for
   *     room (a slot, or its share of the budget) and waits on: how a test knows it waits
   */
  CallDrawings(int maxInFlight, DrawingBudget budget, Executor workers, Runnable stillWaiting) {
    this.slots = new Semaphore(maxInFlight);
    this.budget = budget;
    this.workers = workers;
    this.stillWaiting = stillWaiting;
  }

  /**
   * Runs one step of taking frames: its drawing, if it started one, or its failure as a failed
   * drawing in stream order. After a failure the rest of the call's frames are ignored: the call
   * ends with that failure once the drawings before it are answered.
   */
  List<CompletableFuture<RenderTensorsResponse>> accept(
      Supplier<Optional<CompletableFuture<RenderTensorsResponse>>> step) {
    if (failed) {
      return List.of();
    }
    try {
      return step.get().map(List::of).orElse(List.of());
    } catch (RuntimeException failure) {
      failed = true;
      return List.of(CompletableFuture.failedFuture(failure));
    }
  }

  /** The end of the frames: {@code check} says whether the last tensor was complete. */
  List<CompletableFuture<RenderTensorsResponse>> finish(Runnable check) {
    return accept(
        () -> {
          check.run();
          return Optional.empty();
        });
  }

  /** Starts drawing once there is room; waits until then. */
  CompletableFuture<RenderTensorsResponse> start(
      DrawRequest request, Supplier<RenderTensorsResponse> draw) {
    try {
      while (!slots.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        stillWaiting.run();
        throwIfEnded();
      }
      long bytes = (long) request.tensor().values().length * Float.BYTES;
      DrawingBudget.Share share =
          budget
              .acquire(
                  bytes,
                  () -> {
                    stillWaiting.run();
                    return ended;
                  })
              .orElse(null);
      if (share == null) {
        slots.release();
        throwIfEnded();
      }
      return CompletableFuture.supplyAsync(draw, workers)
          .whenComplete((answer, failure) -> budget.release(share));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
  }

  /** One answer has been sent: its place is free. */
  void answered() {
    slots.release();
  }

  /** The call is over (finished, failed or cancelled): nothing waits for room any more. */
  void end() {
    ended = true;
  }

  private void throwIfEnded() {
    if (ended) {
      throw Status.CANCELLED.withDescription("the call ended").asRuntimeException();
    }
  }
}
