package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.convscope.api.gateway.v1.GatewayServiceGrpc;
import dev.convscope.api.gateway.v1.RunRequest;
import dev.convscope.api.gateway.v1.RunResponse;
import dev.convscope.api.v1.Picture;
import dev.convscope.api.v1.RenderOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * CaffeNet end to end: gateway, inference and visualization services and the store, over real
 * sockets, through REST (streamed) and gRPC; every picture URL must answer a PNG of its size.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class CaffeNetEndToEndTest {

  private static final List<String> CAFFENET_BLOBS =
      List.of(
          "data", "conv1", "pool1", "norm1", "conv2", "pool2", "norm2", "conv3", "conv4", "conv5",
          "pool5", "fc6", "fc7", "fc8", "prob");

  @TestHTTPResource("/")
  URI gateway;

  @Test
  void layersArriveWhileTheRunIsStillGoingAndEveryPictureIsServed() throws Exception {
    RunClient client = new RunClient(gateway);
    HttpResponse<Stream<String>> response =
        client.stream("model=caffenet&top_k=5", TestImages.colourPng(1), "application/x-ndjson");
    assertThat(response.statusCode()).isEqualTo(200);

    List<JsonNode> layers = new ArrayList<>();
    JsonNode finished = null;
    try (Stream<String> lines = response.body()) {
      Iterator<JsonNode> events = lines.filter(l -> !l.isBlank()).map(RunClient::parse).iterator();
      JsonNode started = events.next();
      assertThat(started.get("model").asText()).isEqualTo("caffenet");
      String runId = started.get("run_id").asText();
      JsonNode predictions = events.next();
      assertThat(predictions.get("predictions")).hasSize(5);
      JsonNode firstLayer = events.next();
      // The first layer is here while the rest is still being computed and drawn: the run has no
      // manifest yet.
      given().when().get("/api/v1/runs/" + runId).then().statusCode(404);
      layers.add(firstLayer.get("layer"));
      while (events.hasNext()) {
        JsonNode event = events.next();
        if (event.get("type").asText().equals("layer")) {
          layers.add(event.get("layer"));
        } else {
          finished = event;
        }
      }
      assertThat(layers).hasSize(started.get("layer_count").asInt());
    }
    assertThat(finished).isNotNull();
    assertThat(finished.get("type").asText()).isEqualTo("finished");
    assertThat(
            layers.stream()
                .filter(layer -> layer.get("kind").asText().equals("activation"))
                .map(layer -> layer.get("name").asText()))
        .containsExactlyElementsOf(CAFFENET_BLOBS);
    assertThat(layers.stream().filter(layer -> layer.get("kind").asText().equals("weights")))
        .isNotEmpty();
    for (JsonNode layer : layers) {
      client.assertPicturesServed(layer);
    }
    given().when().get("/api/v1/runs/" + finished.get("run_id").asText()).then().statusCode(200);
  }

  @Test
  void aGrpcRunOfCaffeNetServesEveryPicture() throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress(gateway.getHost(), gateway.getPort())
            .usePlaintext()
            .build();
    try {
      List<RunResponse> events = new ArrayList<>();
      GatewayServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(3, TimeUnit.MINUTES)
          .run(
              RunRequest.newBuilder()
                  .setModel("caffenet")
                  .setImageBytes(ByteString.copyFrom(TestImages.colourPng(2)))
                  .setOptions(RenderOptions.newBuilder().setColormap("gray"))
                  .setSkipWeights(true)
                  .build())
          .forEachRemaining(events::add);

      List<String> names =
          events.stream().filter(RunResponse::hasLayer).map(e -> e.getLayer().getName()).toList();
      assertThat(names).containsExactlyElementsOf(CAFFENET_BLOBS);
      RunClient http = new RunClient(gateway);
      for (RunResponse event : events) {
        for (Picture picture : event.getLayer().getPicturesList()) {
          byte[] png = http.get(picture.getUrl()).body();
          BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
          assertThat(image).as(picture.getKey()).isNotNull();
          assertThat(image.getWidth()).isEqualTo(picture.getWidth());
          assertThat(image.getHeight()).isEqualTo(picture.getHeight());
        }
      }
      assertThat(events.get(events.size() - 1).hasFinished()).isTrue();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
