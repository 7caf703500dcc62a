package dev.convscope.inference.drawing;

import com.google.protobuf.UnsafeByteOperations;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.streaming.ChunkSender;
import dev.convscope.streaming.ChunkedCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One RenderTensors call to the visualization service. Tensors go in as they are captured, each as
 * a header and chunks of at most 1 MiB, honouring gRPC flow control (the sender waits while the
 * transport is full, so memory stays bounded); results come back in order through {@code onResult}.
 * Not for concurrent senders.
 */
public final class DrawingSession {

  private final CompletableFuture<Void> done;
  private final ClientCallStreamObserver<RenderTensorsRequest> requests;
  private final ChunkSender<RenderTensorsRequest> sender;

  public DrawingSession(
      VisualizationServiceGrpc.VisualizationServiceStub stub,
      Consumer<RenderTensorsResponse> onResult) {
    ChunkedCall<RenderTensorsRequest, RenderTensorsResponse> call =
        ChunkedCall.start(stub::renderTensors, onResult);
    this.done = call.ended();
    this.requests = call.requests();
    this.sender = call.sender();
  }

  /** Sends one float32 tensor; waits while the transport is full; throws if the call has failed. */
  public void send(TensorHeader header, float[] values) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    RenderTensorsRequest first =
        RenderTensorsRequest.newBuilder()
            .setHeader(
                header.toBuilder()
                    .setDataType(DataType.DATA_TYPE_FLOAT32)
                    .setTotalBytes(bytes.capacity()))
            .build();
    try {
      // The buffer is not touched again, so the chunks can share it without a copy.
      if (!sender.send(first)
          || !sender.sendChunks(
              bytes,
              chunk ->
                  RenderTensorsRequest.newBuilder()
                      .setChunk(UnsafeByteOperations.unsafeWrap(chunk))
                      .build())) {
        failIfDone(); // the call ended early: its failure, if it failed
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel("interrupted");
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
  }

  /** Ends the request stream and waits until every result has arrived (or the call failed). */
  public void finish(long timeoutSeconds) {
    failIfDone();
    requests.onCompleted();
    try {
      done.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw asStatus(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      cancel("no answer within " + timeoutSeconds + " s");
      throw Status.DEADLINE_EXCEEDED
          .withDescription(
              "the visualization service did not answer within " + timeoutSeconds + " s")
          .asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel("interrupted");
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
  }

  /** Abandons the call (the caller went away, or something failed on this side). */
  public void cancel(String why) {
    if (!done.isDone()) {
      requests.cancel(why, null);
    }
  }

  private void failIfDone() {
    if (done.isCompletedExceptionally()) {
      try {
        done.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw asStatus(e.getCause());
      }
    }
  }

  private static StatusRuntimeException asStatus(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    String description =
        status.getDescription() == null ? status.getCode().toString() : status.getDescription();
    if (status.getCause() != null && status.getCause().getMessage() != null) {
      description += " (" + status.getCause().getMessage() + ")";
    }
    // The trailers keep the visualization service's typed details (its ErrorInfo reason, say).
    return status
        .withDescription("visualization service: " + description)
        .asRuntimeException(Status.trailersFromThrowable(failure));
  }
}
