package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.localstore.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A gigabyte offered to the visualization service, which takes tensors of at most 256 MiB (its
 * default, as the neighbours run it): the stream is cut where it goes wrong, with a status naming
 * why, and the service's resident memory grows by no more than twice its limit meanwhile.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class OversizedStreamTest {

  private static final long LIMIT = 256L << 20;
  private static final long OFFERED = 1L << 30;
  private static final int CHUNK = 1 << 20;

  @Test
  void aGigabyteStreamIsCutAtTheLimitAndMemoryStaysWithinTwiceIt() throws Exception {
    ServiceProcess replica = NeighbourServicesResource.runningVisualization().get(0);
    long baselineKib = residentKib(replica.pid());
    List<Long> samples = new ArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> {
          try {
            synchronized (samples) {
              samples.add(residentKib(replica.pid()));
            }
          } catch (IOException processGone) {
            // the assertions below say so
          }
        },
        0,
        20,
        TimeUnit.MILLISECONDS);
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", replica.port()).usePlaintext().build();
    Offered claimed;
    Offered overrun;
    try {
      // A header claiming 1 GiB: refused before any of its data is taken.
      claimed = offer(channel, float32("claims-a-gigabyte", 256, 1024, 1024));
      // A legal header (192.5 MiB) followed by a gigabyte of chunks: cut where they overrun it.
      overrun = offer(channel, float32("overruns-its-header", 385, 131072));
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
    }

    assertThat(claimed.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(claimed.status().getDescription())
        .contains("1073741824 bytes of data")
        .contains("at most " + LIMIT);
    assertThat(overrun.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(overrun.status().getDescription()).contains("more than total_bytes");
    assertThat(overrun.sentBytes()).isLessThan(OFFERED / 2);

    long peakKib;
    synchronized (samples) {
      peakKib = samples.stream().mapToLong(Long::longValue).max().orElseThrow();
    }
    long growthBytes = (peakKib - baselineKib) * 1024;
    System.out.printf(
        "1 GiB offered twice: the claim was refused, the overrun cut after %d MiB sent;"
            + " resident memory %d MiB before, peak %d MiB (growth %d MiB, limit %d MiB)%n",
        overrun.sentBytes() >> 20,
        baselineKib >> 10,
        peakKib >> 10,
        growthBytes >> 20,
        LIMIT >> 20);
    assertThat(growthBytes).isLessThanOrEqualTo(2 * LIMIT);
    assertThat(replica.alive()).isTrue();
  }

  private record Offered(Status status, long sentBytes) {}

  /** Sends the header, then chunks up to a gigabyte as flow control allows, until the call ends. */
  private static Offered offer(ManagedChannel channel, TensorHeader header) throws Exception {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    AtomicLong sent = new AtomicLong();
    ByteString chunk = ByteString.copyFrom(new byte[CHUNK]);
    VisualizationServiceGrpc.newStub(channel)
        .renderTensors(
            new ClientResponseObserver<RenderTensorsRequest, RenderTensorsResponse>() {
              private boolean headerSent;

              @Override
              public void beforeStart(ClientCallStreamObserver<RenderTensorsRequest> requests) {
                requests.setOnReadyHandler(
                    () -> {
                      while (requests.isReady() && !ended.isDone() && sent.get() < OFFERED) {
                        if (!headerSent) {
                          requests.onNext(
                              RenderTensorsRequest.newBuilder().setHeader(header).build());
                          headerSent = true;
                        } else {
                          requests.onNext(
                              RenderTensorsRequest.newBuilder().setChunk(chunk).build());
                          sent.addAndGet(CHUNK);
                        }
                      }
                      if (sent.get() >= OFFERED) {
                        requests.onCompleted();
                      }
                    });
              }

              @Override
              public void onNext(RenderTensorsResponse value) {}

              @Override
              public void onError(Throwable failure) {
                ended.complete(Status.fromThrowable(failure));
              }

              @Override
              public void onCompleted() {
                ended.complete(Status.OK);
              }
            });
    return new Offered(ended.get(120, TimeUnit.SECONDS), sent.get());
  }

  private static TensorHeader float32(String name, int... shape) {
    long bytes = Float.BYTES;
    TensorHeader.Builder header =
        TensorHeader.newBuilder().setName(name).setDataType(DataType.DATA_TYPE_FLOAT32);
    for (int axis : shape) {
      header.addShape(axis);
      bytes *= axis;
    }
    return header.setTotalBytes(bytes).build();
  }

  private static long residentKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }
}
