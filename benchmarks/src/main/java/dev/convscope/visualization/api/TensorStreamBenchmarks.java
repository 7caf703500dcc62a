package dev.convscope.visualization.api;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A tensor streamed over gRPC on loopback in 1 MiB chunks and decoded into floats by the service's
 * own {@link TensorAssembler}: the transport and decoding half of RenderTensors, without drawing or
 * storing. One operation is one tensor of {@code megabytes} MiB; MB/s is that size divided by the
 * time per operation. Client and server run in this one JVM, as a flow-controlled stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TensorStreamBenchmarks {

  private static final int CHUNK_BYTES = 1 << 20;

  /** fc6's weights in CaffeNet are 144 MiB; 64 MiB keeps a run short. */
  @Param({"64"})
  public int megabytes;

  private Server server;
  private ManagedChannel channel;
  private ByteString[] chunks;
  private TensorHeader header;

  @Setup(Level.Trial)
  public void start() throws Exception {
    long bytes = (long) megabytes << 20;
    header =
        TensorHeader.newBuilder()
            .setName("fc6-weights")
            .setDataType(DataType.DATA_TYPE_FLOAT32)
            .addShape((int) (bytes / Float.BYTES / 1024))
            .addShape(1024)
            .setTotalBytes(bytes)
            .build();
    chunks = new ByteString[(int) (bytes / CHUNK_BYTES)];
    ByteBuffer values = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int c = 0; c < chunks.length; c++) {
      values.clear();
      for (int i = 0; i < CHUNK_BYTES / Float.BYTES; i++) {
        values.putFloat((c * 31 + i) % 977 / 977f);
      }
      values.flip();
      chunks[c] = ByteString.copyFrom(values);
    }
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .maxInboundMessageSize(2 * CHUNK_BYTES)
            .addService(new DecodingService())
            .build()
            .start();
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .usePlaintext()
            .maxInboundMessageSize(2 * CHUNK_BYTES)
            .build();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Streams one tensor and waits for the server's answer that it holds every value. */
  @Benchmark
  public RenderTensorsResponse streamOneTensor() throws Exception {
    CompletableFuture<RenderTensorsResponse> answer = new CompletableFuture<>();
    VisualizationServiceGrpc.newStub(channel).renderTensors(new ChunkSender(answer));
    return answer.get(60, TimeUnit.SECONDS);
  }

  /** Sends the header and then each chunk as the transport is ready for it (flow control). */
  private final class ChunkSender
      implements ClientResponseObserver<RenderTensorsRequest, RenderTensorsResponse> {

    private final CompletableFuture<RenderTensorsResponse> answer;
    private int nextChunk = -1;

    ChunkSender(CompletableFuture<RenderTensorsResponse> answer) {
      this.answer = answer;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<RenderTensorsRequest> requests) {
      requests.setOnReadyHandler(
          () -> {
            while (requests.isReady() && nextChunk < chunks.length) {
              requests.onNext(
                  nextChunk < 0
                      ? RenderTensorsRequest.newBuilder().setHeader(header).build()
                      : RenderTensorsRequest.newBuilder().setChunk(chunks[nextChunk]).build());
              if (++nextChunk == chunks.length) {
                requests.onCompleted();
              }
            }
          });
    }

    @Override
    public void onNext(RenderTensorsResponse response) {
      answer.complete(response);
    }

    @Override
    public void onError(Throwable failure) {
      answer.completeExceptionally(failure);
    }

    @Override
    public void onCompleted() {
      answer.completeExceptionally(new IllegalStateException("the stream ended with no answer"));
    }
  }

  /** RenderTensors up to the decoded floats: the service's assembler, then a small answer. */
  private static final class DecodingService
      extends VisualizationServiceGrpc.VisualizationServiceImplBase {

    @Override
    public StreamObserver<RenderTensorsRequest> renderTensors(
        StreamObserver<RenderTensorsResponse> responses) {
      TensorAssembler assembler =
          new TensorAssembler(Integer.MAX_VALUE, new AssemblyMetrics(new SimpleMeterRegistry()));
      return new StreamObserver<>() {
        @Override
        public void onNext(RenderTensorsRequest frame) {
          assembler
              .accept(frame)
              .ifPresent(
                  drawn ->
                      responses.onNext(
                          RenderTensorsResponse.newBuilder()
                              .setName(drawn.name())
                              .setIndex(assembler.index())
                              .build()));
        }

        @Override
        public void onError(Throwable failure) {}

        @Override
        public void onCompleted() {
          assembler.finish();
          responses.onCompleted();
        }
      };
    }
  }
}
