package dev.convscope.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.DataType;
import dev.convscope.api.v1.RenderTensorsRequest;
import dev.convscope.api.v1.RenderTensorsResponse;
import dev.convscope.api.v1.TensorHeader;
import dev.convscope.api.v1.TensorKind;
import dev.convscope.api.v1.VisualizationServiceGrpc;
import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.TestImages;
import dev.convscope.localstore.ServiceProcess;
import dev.convscope.store.ObjectStore;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clients that go away mid-stream: the service they leave stops working for them and lets go of
 * what it held, as its metrics show. A RenderTensors client that cancels in the middle of a tensor
 * leaves the visualization service holding nothing; a client that leaves a streamed run after its
 * first event has the gateway cancel the call, and the inference service stops the run.
 */
@QuarkusTest
@WithTestResource(
    value = ProcessNeighboursResource.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ClientDisconnectTest {

  private static final String ASSEMBLING = "convscope_visualization_assembling_bytes";
  private static final String RUNS_ACTIVE = "convscope_inference_runs_active";
  private static final String RUNS_CANCELLED = "convscope_inference_runs_cancelled_total";
  private static final String RENDER_CANCELLED = "convscope_visualization_calls_cancelled_total";

  /** 64 MiB of float32: a big tensor, a quarter of the service's limit. */
  private static final int[] BIG_SHAPE = {64, 512, 512};

  private static final int CHUNK = 1 << 20;

  @TestHTTPResource("/")
  URI gateway;

  @Inject ObjectStore store;

  @Test
  void aRenderClientThatCancelsMidTensorLeavesNothingHeld() throws Exception {
    ServiceProcess replica = NeighbourServicesResource.runningVisualization().get(1);
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

  @Test
  void aStreamedRunWhoseClientLeavesAfterTheFirstEventStopsOnTheInferenceService()
      throws Exception {
    ServiceProcess inference = NeighbourServicesResource.runningInference();
    double cancelledBefore = ProcessMetrics.value(inference, RUNS_CANCELLED);
    byte[] image = TestImages.colourPng(7);
    String runId;
    // A plain socket, so that leaving is an unmistakable close of the connection.
    try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/runs?model=caffenet HTTP/1.1\r\n"
                  + "Host: "
                  + gateway.getHost()
                  + "\r\n"
                  + "Content-Type: image/png\r\n"
                  + "Accept: application/x-ndjson\r\n"
                  + "Content-Length: "
                  + image.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(image);
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = in.readLine();
        assertThat(line).as("the stream's first event").isNotNull();
      } while (!line.contains("\"type\":\"started\""));
      runId = line.replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
      assertThat(ProcessMetrics.value(inference, RUNS_ACTIVE)).as("the run works").isEqualTo(1);
    }
    long left = System.nanoTime();

    ProcessMetrics.await(
        inference,
        RUNS_CANCELLED,
        count -> count == cancelledBefore + 1,
        "the run stopped for its caller",
        Duration.ofSeconds(60));
    ProcessMetrics.await(
        inference, RUNS_ACTIVE, active -> active == 0, "no run works", Duration.ofSeconds(10));
    System.out.printf(
        "a CaffeNet run stopped on the inference service %d ms after its client left%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - left));
    for (ServiceProcess replica : NeighbourServicesResource.runningVisualization()) {
      ProcessMetrics.await(
          replica,
          ASSEMBLING,
          held -> held == 0,
          "nothing left half-received",
          Duration.ofSeconds(30));
    }
    assertThat(store.size("manifests/" + runId + "/manifest.json"))
        .as("an abandoned run writes no manifest")
        .isEmpty();
  }
}
