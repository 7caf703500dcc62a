package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convscope.contract.digest.Sha256;
import dev.convscope.store.ObjectStore;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs streamed as NDJSON and Server-Sent Events, the manifest each run leaves, and repeats
 * answered from it; over real sockets in front of the real services and an S3-compatible store.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class RunStreamingTest {

  @TestHTTPResource("/")
  URI gateway;

  @Inject ObjectStore store;

  @Test
  void aStreamedRunTellsStartedPredictionsEachLayerThenFinished() throws Exception {
    byte[] image = TestImages.shiftedBootPng(1);
    List<JsonNode> events = client().ndjson("model=fashion-mnist&top_k=3", image);

    JsonNode started = events.get(0);
    assertThat(started.get("type").asText()).isEqualTo("started");
    assertThat(started.get("from_manifest").asBoolean()).isFalse();
    assertThat(started.get("run_id").asText()).matches("[0-9a-f]{32}");
    assertThat(started.get("image_digest").asText()).isEqualTo(Sha256.hex(image));
    int layerCount = started.get("layer_count").asInt();

    assertThat(events.get(1).get("type").asText()).isEqualTo("predictions");
    assertThat(events.get(1).get("predictions")).hasSize(3);
    assertThat(events.get(1).get("weights").asText()).isEqualTo("trained");
    assertThat(events.get(1).has("weights_notice")).as("no notice for trained weights").isFalse();

    List<JsonNode> layers = events.subList(2, events.size() - 1);
    assertThat(layers).hasSize(layerCount);
    for (int i = 0; i < layers.size(); i++) {
      assertThat(layers.get(i).get("type").asText()).isEqualTo("layer");
      assertThat(layers.get(i).get("index").asInt()).isEqualTo(i);
    }
    assertThat(layers.get(0).get("layer").get("name").asText()).isEqualTo("data");
    client().assertPicturesServed(layers.get(1).get("layer"));

    JsonNode finished = events.get(events.size() - 1);
    assertThat(finished.get("type").asText()).isEqualTo("finished");
    assertThat(finished.get("run_id").asText()).isEqualTo(started.get("run_id").asText());

    // The manifest names every layer's stored pictures by key, with its statistics.
    JsonNode manifest =
        RunClient.parse(
            new String(
                client().get(finished.get("manifest_url").asText()).body(),
                StandardCharsets.UTF_8));
    assertThat(manifest.get("runId").asText()).isEqualTo(started.get("run_id").asText());
    assertThat(manifest.get("run").get("imageDigest").asText()).isEqualTo(Sha256.hex(image));
    assertThat(manifest.get("layers")).hasSize(layerCount);
    for (JsonNode layer : manifest.get("layers")) {
      for (JsonNode picture : layer.get("pictures")) {
        String key = picture.get("key").asText();
        assertThat(store.size(key)).as(key).contains(picture.get("sizeBytes").asLong());
        assertThat(picture.has("url")).as("no expiring URL is kept").isFalse();
      }
    }
    assertThat(manifest.get("predictions").get("predictions")).hasSize(3);
    assertThat(manifest.get("predictions").get("weights").asText()).isEqualTo("WEIGHTS_TRAINED");
    assertThat(manifest.get("request").has("imageBytes")).isFalse();
  }

  @Test
  void theSameRunAgainIsAnsweredFromItsManifestAndSaysSo() throws Exception {
    byte[] image = TestImages.shiftedBootPng(2);
    String query = "model=fashion-mnist&colormap=hot&max_width=300";
    List<JsonNode> first = client().ndjson(query, image);
    List<JsonNode> again = client().ndjson(query + "&top_k=5", image);

    assertThat(first.get(0).get("from_manifest").asBoolean()).isFalse();
    assertThat(again.get(0).get("from_manifest").asBoolean()).isTrue();
    assertThat(again.get(again.size() - 1).get("from_manifest").asBoolean()).isTrue();
    assertThat(again.get(0).get("run_id")).isEqualTo(first.get(0).get("run_id"));
    assertThat(again).hasSameSizeAs(first);
    assertThat(again.get(1)).isEqualTo(first.get(1));
    for (int i = 2; i < first.size() - 1; i++) {
      JsonNode before = first.get(i).get("layer");
      JsonNode now = again.get(i).get("layer");
      assertThat(now.get("name")).isEqualTo(before.get("name"));
      assertThat(now.get("statistics")).isEqualTo(before.get("statistics"));
      client().assertPicturesServed(now);
    }

    // Other options are another run.
    List<JsonNode> other = client().ndjson("model=fashion-mnist&colormap=gray", image);
    assertThat(other.get(0).get("from_manifest").asBoolean()).isFalse();
    assertThat(other.get(0).get("run_id")).isNotEqualTo(first.get(0).get("run_id"));
  }

  @Test
  void predictionsFromUntrainedWeightsSaySoInEveryAnswer() throws Exception {
    // LeNet from the zoo has weights drawn from a seed here.
    byte[] image = TestImages.shiftedBootPng(5);
    String query = "model=lenet&top_k=2&skip_weights=true";
    List<JsonNode> events = client().ndjson(query, image);

    JsonNode predictions = events.get(1);
    assertThat(predictions.get("type").asText()).isEqualTo("predictions");
    assertThat(predictions.get("weights").asText()).isEqualTo("untrained");
    assertThat(predictions.get("weights_notice").asText()).contains("Untrained weights", "seed");

    JsonNode finished = events.get(events.size() - 1);
    JsonNode manifest =
        RunClient.parse(
            new String(
                client().get(finished.get("manifest_url").asText()).body(),
                StandardCharsets.UTF_8));
    assertThat(manifest.get("predictions").get("weights").asText()).isEqualTo("WEIGHTS_UNTRAINED");

    // Told again from the manifest, as Server-Sent Events and as one JSON answer.
    List<JsonNode> again = serverSentEvents(query, image);
    assertThat(again.get(0).get("from_manifest").asBoolean()).isTrue();
    assertThat(again.get(1).get("weights_notice")).isEqualTo(predictions.get("weights_notice"));
    JsonPath run =
        given()
            .when()
            .get("/api/v1/runs/" + events.get(0).get("run_id").asText())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(run.getString("weights")).isEqualTo("untrained");
    assertThat(run.getString("weights_notice"))
        .isEqualTo(predictions.get("weights_notice").asText());
  }

  @Test
  void aFinishedRunCanBeReadBackByItsId() throws Exception {
    byte[] image = TestImages.shiftedBootPng(3);
    List<JsonNode> events = client().ndjson("model=fashion-mnist&skip_weights=true", image);
    String runId = events.get(0).get("run_id").asText();

    JsonPath run =
        given().when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
    assertThat(run.getString("run_id")).isEqualTo(runId);
    assertThat(run.getBoolean("from_manifest")).isTrue();
    assertThat(run.getList("layers.name"))
        .containsExactlyElementsOf(
            events.subList(2, events.size() - 1).stream()
                .map(event -> event.get("layer").get("name").asText())
                .toList());

    given()
        .when()
        .get("/api/v1/runs/" + "0".repeat(32))
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("0".repeat(32)));
    given().when().get("/api/v1/runs/..%2F..%2Fsecret").then().statusCode(404);
  }

  @Test
  void serverSentEventsCarryTheSameEventsByName() throws Exception {
    List<JsonNode> data =
        serverSentEvents(
            "model=fashion-mnist&layers=conv1,prob&skip_weights=true",
            TestImages.shiftedBootPng(4));

    assertThat(data)
        .extracting(event -> event.get("type").asText())
        .containsExactly("started", "predictions", "layer", "layer", "finished");
    assertThat(data.get(2).get("layer").get("name").asText()).isEqualTo("conv1");
    assertThat(data.get(3).get("layer").get("name").asText()).isEqualTo("prob");
  }

  /** A run as Server-Sent Events: each event's data, checked to be named by its type. */
  private List<JsonNode> serverSentEvents(String query, byte[] image) throws Exception {
    HttpResponse<Stream<String>> response = client().stream(query, image, "text/event-stream");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    List<String> names = new ArrayList<>();
    List<JsonNode> data = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      lines.forEach(
          line -> {
            if (line.startsWith("event: ")) {
              names.add(line.substring("event: ".length()));
            } else if (line.startsWith("data: ")) {
              data.add(RunClient.parse(line.substring("data: ".length())));
            }
          });
    }
    assertThat(names)
        .containsExactlyElementsOf(data.stream().map(event -> event.get("type").asText()).toList());
    return data;
  }

  @Test
  void aFailureBeforeTheStreamStartsIsAProblemNotAStream() throws Exception {
    HttpResponse<Stream<String>> response =
        client().stream("model=no-such-model", TestImages.bootPng(), "application/x-ndjson");
    assertThat(response.statusCode()).isEqualTo(404);
    try (Stream<String> lines = response.body()) {
      JsonNode problem = RunClient.parse(String.join("", lines.toList()));
      assertThat(problem.get("detail").asText()).contains("no-such-model");
    }
  }

  @Test
  void oneChannelCanBeDrawnAloneAtItsOwnSize() {
    JsonPath run =
        given()
            .contentType("image/png")
            .body(TestImages.bootPng())
            .queryParam("layers", "conv1")
            .queryParam("channels", "7")
            .queryParam("colormap", "viridis")
            .queryParam("skip_weights", true)
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // conv1 of the built-in model has 24x24 maps: one map alone is drawn at that size, with the
    // one-pixel border vis_square gives every tile on its right and bottom.
    assertThat(run.getInt("layers[0].pictures[0].width")).isEqualTo(24 + 1);
    assertThat(run.getInt("layers[0].pictures[0].height")).isEqualTo(24 + 1);

    given()
        .contentType("image/png")
        .body(TestImages.bootPng())
        .queryParam("layers", "conv1")
        .queryParam("channels", "20")
        .queryParam("skip_weights", true)
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(400)
        .body("detail", containsString("20"));
  }

  @Test
  void anImageAlreadyInTheBucketRunsByItsKey() throws Exception {
    byte[] image = TestImages.shiftedBootPng(5);
    store.put("uploads/boot.png", image, "image/png");

    JsonPath run =
        given()
            .contentType("application/json")
            .body(Map.of("image_key", "uploads/boot.png", "layers", List.of("prob"), "top_k", 2))
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(run.getString("image_digest")).isEqualTo(Sha256.hex(image));
    assertThat(run.getList("predictions")).hasSize(2);

    given()
        .contentType("application/json")
        .body(Map.of("image_key", "uploads/none.png"))
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(404)
        .body("detail", containsString("uploads/none.png"));

    store.put("uploads/notes.txt", "just text".getBytes(StandardCharsets.UTF_8), "text/plain");
    given()
        .contentType("application/json")
        .body(Map.of("image_key", "uploads/notes.txt"))
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(415)
        .body("detail", containsString("neither PNG nor JPEG"));

    given()
        .contentType("application/json")
        .body(Map.of("model", "fashion-mnist"))
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(400)
        .body("detail", containsString("image_key"));
  }

  @Test
  void aFailedRunLeavesNoManifest() throws Exception {
    byte[] image = TestImages.shiftedBootPng(6);
    given()
        .contentType("image/png")
        .body(image)
        .queryParam("layers", "conv9")
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(404)
        .body("status", equalTo(404));
    // The same request with a real layer runs afresh: nothing was recorded for the failure.
    List<JsonNode> events = client().ndjson("layers=conv1", image);
    assertThat(events.get(0).get("from_manifest").asBoolean()).isFalse();
  }

  private RunClient client() {
    return new RunClient(gateway);
  }
}
