package dev.convscope.visualization.api;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A test client over a real channel: sends frames, collects the answers and the final status. */
final class RenderClient {

  /**
   * What a call returned: the responses in order, how it ended, and the error with its trailers.
   */
  record Outcome(List<RenderTensorsResponse> responses, Status status, Throwable error) {}

  private final ManagedChannel channel;

  RenderClient(ManagedChannel channel) {
    this.channel = channel;
  }

  Outcome send(List<RenderTensorsRequest> frames) throws Exception {
    List<RenderTensorsResponse> responses = new ArrayList<>();
    CompletableFuture<Throwable> done = new CompletableFuture<>();
    StreamObserver<RenderTensorsRequest> requests =
        VisualizationServiceGrpc.newStub(channel)
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .renderTensors(
                new StreamObserver<>() {
                  @Override
                  public void onNext(RenderTensorsResponse value) {
                    synchronized (responses) {
                      responses.add(value);
                    }
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.complete(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(null);
                  }
                });
    for (RenderTensorsRequest frame : frames) {
      if (done.isDone()) {
        break; // the server has already ended the call
      }
      requests.onNext(frame);
    }
    requests.onCompleted();
    Throwable error = done.get(60, TimeUnit.SECONDS);
    synchronized (responses) {
      return new Outcome(
          List.copyOf(responses), error == null ? Status.OK : Status.fromThrowable(error), error);
    }
  }

  /** A header and the tensor's float32 values as chunks of at most {@code chunkBytes}. */
  static List<RenderTensorsRequest> frames(
      TensorHeader.Builder header, float[] values, int chunkBytes) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return frames(
        header.setDataType(DataType.DATA_TYPE_FLOAT32).setTotalBytes(bytes.capacity()).build(),
        bytes.array(),
        chunkBytes);
  }

  static List<RenderTensorsRequest> frames(TensorHeader header, byte[] data, int chunkBytes) {
    List<RenderTensorsRequest> frames = new ArrayList<>();
    frames.add(RenderTensorsRequest.newBuilder().setHeader(header).build());
    for (int from = 0; from < data.length; from += chunkBytes) {
      frames.add(chunk(data, from, Math.min(data.length, from + chunkBytes)));
    }
    return frames;
  }

  static RenderTensorsRequest chunk(byte[] data, int from, int to) {
    return RenderTensorsRequest.newBuilder()
        .setChunk(ByteString.copyFrom(data, from, to - from))
        .build();
  }

  static TensorHeader.Builder header(String name, int... shape) {
    TensorHeader.Builder header = TensorHeader.newBuilder().setName(name);
    for (int extent : shape) {
      header.addShape(extent);
    }
    return header;
  }
}
