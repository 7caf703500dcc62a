package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.localstore.ServiceProcess;
import dev.convscope.store.ObjectStore;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away in the middle of a tensor: the visualization service lets go of the
 * partly received tensor at once and counts the cancelled call, as its metrics show.
 */
@QuarkusTest
@WithTestResource(
    value = ProcessNeighboursResource.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ClientDisconnectTest {

  private static final String ASSEMBLING = "convscope_visualization_assembling_bytes";
  private static final String RENDER_CANCELLED = "convscope_visualization_calls_cancelled_total";

  /** 64 MiB of float32: a big tensor, a quarter of the service's limit. */
  private static final int[] BIG_SHAPE = {64, 512, 512};

  private static final int CHUNK = 1 << 20;

  @Inject ObjectStore store;

  @Test
  void aRenderClientThatCancelsMidTensorLeavesNothingHeld() throws Exception {
    ServiceProcess replica = ProcessNeighboursResource.VISUALIZATION.get(1);
    long tensorBytes = 4L * BIG_SHAPE[0] * BIG_SHAPE[1] * BIG_SHAPE[2];
    double cancelledBefore = ProcessMetrics.value(replica, RENDER_CANCELLED);
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", replica.port()).usePlaintext().build();
    try {
      CompletableFuture<ClientCallStreamObserver<RenderTensorsRequest>> started =
          new CompletableFuture<>();
      CompletableFuture<Status> ended = new CompletableFuture<>();
      VisualizationServiceGrpc.newStub(channel)
          .renderTensors(
              new ClientResponseObserver<RenderTensorsRequest, RenderTensorsResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<RenderTensorsRequest> requests) {
                  started.complete(requests);
                }

                @Override
                public void onNext(RenderTensorsResponse value) {}

                @Override
                public void onError(Throwable t) {
                  ended.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                  ended.complete(Status.OK);
                }
              });
      ClientCallStreamObserver<RenderTensorsRequest> requests = started.join();
      TensorHeader.Builder header =
          TensorHeader.newBuilder()
              .setName("disconnect/big")
              .setKind(TensorKind.TENSOR_KIND_ACTIVATION)
              .setDataType(DataType.DATA_TYPE_FLOAT32)
              .setTotalBytes(tensorBytes);
      for (int extent : BIG_SHAPE) {
        header.addShape(extent);
      }
      requests.onNext(RenderTensorsRequest.newBuilder().setHeader(header).build());
      ByteString chunk = ByteString.copyFrom(new byte[CHUNK]);
      for (int i = 0; i < 8; i++) {
        requests.onNext(RenderTensorsRequest.newBuilder().setChunk(chunk).build());
      }

      // The service holds the whole tensor's values while its chunks arrive.
      ProcessMetrics.await(
          replica,
          ASSEMBLING,
          held -> held >= tensorBytes,
          "the tensor being received",
          Duration.ofSeconds(30));

      requests.cancel("the client goes away", null);
      assertThat(ended.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);

      ProcessMetrics.await(
          replica, ASSEMBLING, held -> held == 0, "after the cancel", Duration.ofSeconds(30));
      ProcessMetrics.await(
          replica,
          RENDER_CANCELLED,
          count -> count == cancelledBefore + 1,
          "the cancelled call counted",
          Duration.ofSeconds(10));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(store.list("tensors/")).as("nothing stored for the abandoned tensor").isEmpty();
  }
}
