package dev.convscope.gateway.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.google.protobuf.ByteString;
import dev.convscope.api.gateway.v1.GatewayServiceGrpc;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.v1.ChannelSelection;
import dev.convscope.api.v1.RenderOptions;
import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.TestImages;
import dev.convscope.gateway.faults.ProcessMetrics;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A request whose options are out of the contract is answered by the gateway alone: the inference
 * service (and so the visualization service behind it) never hears of it.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class BadOptionsReachNoServiceTest {

  /** Every request message the inference service has received, whatever its method. */
  private static final String INFERENCE_CALLS = "grpc_server_requests_received_messages_total";

  private static final String INFERENCE_SERVICE = "convscope.v1.InferenceService";

  @TestHTTPResource("/")
  URI gateway;

  @ParameterizedTest
  @CsvSource({
    "colormap, plasma-ish, options.colormap",
    "max_width, 0, options.max_width",
    "max_width, 5000, options.max_width",
    "top_k, -1, top_k",
    "first_channels, 0, options.channels",
    "top_k, 0, top_k",
  })
  void overRestTheProblemNamesTheOptionAndNoServiceIsCalled(
      String parameter, String value, String option) {
    double before = inferenceCalls();

    given()
        .contentType("image/png")
        .body(TestImages.bootPng())
        .queryParam("model", "fashion-mnist")
        .queryParam(parameter, value)
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("detail", containsString(option));

    assertThat(inferenceCalls()).as("requests the inference service received").isEqualTo(before);
  }

  @Test
  void overGrpcABadColormapIsInvalidArgumentAndNoServiceIsCalled() throws Exception {
    double before = inferenceCalls();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress(gateway.getHost(), gateway.getPort())
            .usePlaintext()
            .build();
    try {
      RunRequest request =
          RunRequest.newBuilder()
              .setImageBytes(ByteString.copyFrom(TestImages.bootPng()))
              .setModel("fashion-mnist")
              .setOptions(
                  RenderOptions.newBuilder()
                      .setColormap("plasma-ish")
                      .setChannels(ChannelSelection.newBuilder().setFirst(3)))
              .build();
      StatusRuntimeException refused =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  GatewayServiceGrpc.newBlockingStub(channel)
                      .run(request)
                      .forEachRemaining(e -> {}));

      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refused.getStatus().getDescription()).contains("options.colormap", "plasma-ish");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(inferenceCalls()).as("requests the inference service received").isEqualTo(before);
  }

  @Test
  void aGoodRequestIsCountedSoTheCountCanMove() {
    double before = inferenceCalls();

    given()
        .contentType("image/png")
        // An image no other test runs: a repeat would be answered from its stored run.
        .body(TestImages.grayNoisePng(12_071))
        .queryParam("model", "fashion-mnist")
        .queryParam("layers", "conv1")
        .queryParam("skip_weights", true)
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(200);

    assertThat(inferenceCalls())
        .as("requests the inference service received")
        .isGreaterThan(before);
  }

  private static double inferenceCalls() {
    return ProcessMetrics.value(
        NeighbourServicesResource.runningInference(),
        INFERENCE_CALLS,
        "service=\"" + INFERENCE_SERVICE + "\"");
  }
}
