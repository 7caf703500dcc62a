package dev.convscope.visualization.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.render.DrawingOptions;
import dev.convscope.render.Tensor;
import dev.convscope.visualization.config.VisualizationConfig;
import dev.convscope.visualization.pipeline.DrawRequest;
import io.grpc.StatusRuntimeException;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallDrawingsTest {

  private final ExecutorService workers = Executors.newCachedThreadPool();

  @AfterEach
  void stopWorkers() {
    workers.shutdownNow();
  }

  @Test
  void aTensorIsDrawnWhileTheOneBeforeItIsStillBeingDrawn() throws Exception {
    CallDrawings drawings = new CallDrawings(4, budget(1 << 20), workers);
    CountDownLatch secondStarted = new CountDownLatch(1);

    CompletableFuture<RenderTensorsResponse> first =
        drawings.start(
            request(16),
            () -> {
              await(secondStarted); // finishes only once the second is being drawn too
              return answer("first");
            });
    CompletableFuture<RenderTensorsResponse> second =
        drawings.start(
            request(16),
            () -> {
              secondStarted.countDown();
              return answer("second");
            });

    assertThat(first.get(10, TimeUnit.SECONDS).getName()).isEqualTo("first");
    assertThat(second.get(10, TimeUnit.SECONDS).getName()).isEqualTo("second");
  }

  @Test
  void startingPastTheCallsSlotsWaitsUntilAnAnswerIsSent() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    CallDrawings drawings = new CallDrawings(1, budget(1 << 20), workers, waiting::countDown);
    drawings.start(request(16), () -> answer("first")).get(10, TimeUnit.SECONDS);

    CompletableFuture<CompletableFuture<RenderTensorsResponse>> second =
        CompletableFuture.supplyAsync(
            () -> drawings.start(request(16), () -> answer("second")), workers);
    await(waiting); // the second start is under way, and has found no slot
    assertThat(second).isNotDone();

    drawings.answered();
    assertThat(second.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS).getName())
        .isEqualTo("second");
  }

  @Test
  void tensorsOverTheReplicasBudgetWaitForItsMemory() throws Exception {
    DrawingBudget budget = budget(64 << 10);
    CountDownLatch waiting = new CountDownLatch(1);
    CallDrawings one = new CallDrawings(4, budget, workers);
    CallDrawings other = new CallDrawings(4, budget, workers, waiting::countDown);
    CountDownLatch release = new CountDownLatch(1);

    CompletableFuture<RenderTensorsResponse> big =
        one.start(
            request(48 << 10),
            () -> {
              await(release);
              return answer("big");
            });
    AtomicBoolean secondDrawn = new AtomicBoolean();
    CompletableFuture<CompletableFuture<RenderTensorsResponse>> next =
        CompletableFuture.supplyAsync(
            () ->
                other.start(
                    request(32 << 10),
                    () -> {
                      secondDrawn.set(true);
                      return answer("next");
                    }),
            workers);
    await(waiting); // 48 KiB + 32 KiB of floats do not fit in 64 KiB: the next start waits
    assertThat(secondDrawn).isFalse();
    assertThat(next).isNotDone();

    release.countDown();
    big.get(10, TimeUnit.SECONDS);
    assertThat(next.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS).getName())
        .isEqualTo("next");
    assertThat(budget.availableKib()).isEqualTo(64);
  }

  @Test
  void aCallThatEndsStopsAWaitingStart() throws Exception {
    CountDownLatch waitingForSlot = new CountDownLatch(1);
    CallDrawings drawings =
        new CallDrawings(1, budget(1 << 20), workers, waitingForSlot::countDown);
    drawings.start(request(16), () -> answer("first"));
    CompletableFuture<CompletableFuture<RenderTensorsResponse>> waiting =
        CompletableFuture.supplyAsync(
            () -> drawings.start(request(16), () -> answer("never")), workers);
    await(waitingForSlot);

    drawings.end();

    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("CANCELLED");
  }

  @Test
  void aFailureTakesItsPlaceInTheStreamAndTheFramesAfterItAreIgnored() {
    CallDrawings drawings = new CallDrawings(4, budget(1 << 20), workers);
    AtomicBoolean laterFrameTaken = new AtomicBoolean();

    List<CompletableFuture<RenderTensorsResponse>> failed =
        drawings.accept(
            () -> {
              throw new InvalidArgumentException("chunk", "a chunk arrived before any header");
            });
    List<CompletableFuture<RenderTensorsResponse>> later =
        drawings.accept(
            () -> {
              laterFrameTaken.set(true);
              return Optional.empty();
            });

    assertThat(failed).singleElement().satisfies(f -> assertThat(f).isCompletedExceptionally());
    assertThat(later).isEmpty();
    assertThat(laterFrameTaken).isFalse();
    assertThat(drawings.finish(() -> {})).isEmpty();
  }

  private static DrawRequest request(int values) {
    Tensor tensor = new Tensor(new int[] {values}, new float[values]);
    return new DrawRequest(
        "t", tensor, false, DrawingOptions.digits(), "", "", () -> "", false, "");
  }

  private static RenderTensorsResponse answer(String name) {
    return RenderTensorsResponse.newBuilder().setName(name).build();
  }

  private static DrawingBudget budget(long bytes) {
    // Through SmallRye Config: an anonymous implementation would be taken for a bean.
    VisualizationConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(VisualizationConfig.class)
            .withDefaultValues(
                Map.of("convscope.visualization.drawing-budget-bytes", Long.toString(bytes)))
            .build()
            .getConfigMapping(VisualizationConfig.class);
    return new DrawingBudget(config);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
