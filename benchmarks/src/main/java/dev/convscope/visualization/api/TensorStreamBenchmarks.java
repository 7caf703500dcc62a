package dev.convscope.visualization.api;

import com.google.protobuf.UnsafeByteOperations;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.streaming.ChunkSender;
import dev.convscope.streaming.ChunkedCall;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
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
 * time per operation. Client and server run in this one JVM; the client sends as the services do,
 * through {@link ChunkSender}, which waits on flow control.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TensorStreamBenchmarks {

  /** fc6's weights in CaffeNet are 144 MiB; 64 MiB keeps a run short. */
  @Param({"64"})
  public int megabytes;

  private Server server;
  private ManagedChannel channel;
  private ByteBuffer values;
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
    int chunkFloats = ChunkSender.MAX_CHUNK_BYTES / Float.BYTES;
    values = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int c = 0; c < bytes / ChunkSender.MAX_CHUNK_BYTES; c++) {
      for (int i = 0; i < chunkFloats; i++) {
        values.putFloat((c * 31 + i) % 977 / 977f);
      }
    }
    values.flip();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .maxInboundMessageSize(2 * ChunkSender.MAX_CHUNK_BYTES)
            .addService(new DecodingService())
            .build()
            .start();
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .usePlaintext()
            .maxInboundMessageSize(2 * ChunkSender.MAX_CHUNK_BYTES)
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
    ChunkedCall<RenderTensorsRequest, RenderTensorsResponse> call =
        ChunkedCall.start(
            VisualizationServiceGrpc.newStub(channel)::renderTensors, answer::complete);
    call.ended()
        .whenComplete(
            (ended, failure) ->
                answer.completeExceptionally(
                    failure != null
                        ? failure
                        : new IllegalStateException("the stream ended with no answer")));
    call.sender().send(RenderTensorsRequest.newBuilder().setHeader(header).build());
    call.sender()
        .sendChunks(
            values,
            chunk ->
                RenderTensorsRequest.newBuilder()
                    .setChunk(UnsafeByteOperations.unsafeWrap(chunk))
                    .build());
    call.requests().onCompleted();
    return answer.get(60, TimeUnit.SECONDS);
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
