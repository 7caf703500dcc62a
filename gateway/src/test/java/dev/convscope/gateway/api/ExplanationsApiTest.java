package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/explanations over real sockets, in front of the real inference service and an
 * S3-compatible store: the built-in model's boot explained with fetchable pictures, and each bad
 * request answered with a problem naming what was wrong.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class ExplanationsApiTest {

  @Test
  void theBootIsExplainedWithBothPicturesOfEachMethodFetchable() throws Exception {
    JsonPath explanation =
        given()
            .contentType("image/png")
            .body(TestImages.bootPng())
            .queryParam("model", "fashion-mnist")
            .when()
            .post("/api/v1/explanations")
            .then()
            .statusCode(200)
            .body("model", equalTo("fashion-mnist"))
            .body("weights", equalTo("trained"))
            .body("predictions[0].label", equalTo("Ankle boot"))
            .extract()
            .jsonPath();

    List<Map<String, Object>> attributions = explanation.getList("attributions");
    assertThat(attributions)
        .extracting(a -> a.get("method"), a -> a.get("class_index"), a -> a.get("layer"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("saliency", 9, null),
            org.assertj.core.groups.Tuple.tuple("gradcam", 9, "pool2"));
    for (Map<String, Object> attribution : attributions) {
      @SuppressWarnings("unchecked")
      Map<String, Object> figures = (Map<String, Object>) attribution.get("statistics");
      assertThat(((Number) figures.get("max")).floatValue())
          .isGreaterThan(((Number) figures.get("min")).floatValue());
      for (String url : List.of("picture_url", "overlay_url")) {
        assertPictureIsServed((String) attribution.get(url), 28, 28);
      }
    }
  }

  @Test
  void aNamedClassAndMethodAreExplained() {
    given()
        .contentType("image/png")
        .body(TestImages.bootPng())
        .queryParam("class", 7)
        .queryParam("method", "gradient-x-input, gradcam")
        .queryParam("layer", "conv2")
        .queryParam("colormap", "viridis")
        .when()
        .post("/api/v1/explanations")
        .then()
        .statusCode(200)
        .body("attributions.label", equalTo(List.of("Sneaker", "Sneaker")))
        .body("attributions.method", equalTo(List.of("gradient-x-input", "gradcam")))
        .body("attributions[1].layer", equalTo("conv2"))
        .body("attributions[1].picture_key", containsString("/7/gradcam-conv2/viridis.png"));
  }

  @Test
  void eachRawMapIsServedAsNumpyAndARepeatIsAnsweredFromTheStoredExplanation() {
    JsonPath first = explainClassTwo().body("from_manifest", equalTo(false)).extract().jsonPath();

    String mapUrl = first.getString("attributions[0].map_url");
    byte[] npy =
        given()
            .when()
            .get(mapUrl)
            .then()
            .statusCode(200)
            .contentType("application/octet-stream")
            .extract()
            .asByteArray();
    String header = new String(npy, 0, npy.length - 28 * 28 * 4, StandardCharsets.ISO_8859_1);
    assertThat(header).startsWith("\u0093NUMPY").contains("'descr': '<f4'", "(28, 28)");
    given()
        .when()
        .get(first.getString("manifest_url"))
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body(containsString(first.getString("attributions[0].map_key")));

    JsonPath again = explainClassTwo().body("from_manifest", equalTo(true)).extract().jsonPath();

    assertThat(again.getList("attributions")).isEqualTo(first.getList("attributions"));
  }

  private static io.restassured.response.ValidatableResponse explainClassTwo() {
    return given()
        .contentType("image/png")
        .body(TestImages.bootPng())
        .queryParam("class", 2)
        .queryParam("method", "saliency")
        .when()
        .post("/api/v1/explanations")
        .then()
        .statusCode(200);
  }

  @Test
  void asNdjsonEachPassIsToldThenTheExplanation() {
    String body =
        given()
            .accept("application/x-ndjson")
            .contentType("image/png")
            .body(TestImages.bootPng())
            .queryParam("class", 1)
            .queryParam("method", "smoothgrad")
            .queryParam("samples", 4)
            .when()
            .post("/api/v1/explanations")
            .then()
            .statusCode(200)
            .contentType("application/x-ndjson")
            .extract()
            .asString();

    List<JsonPath> lines = body.lines().map(JsonPath::from).toList();
    assertThat(lines)
        .extracting(line -> line.getString("type"))
        .containsExactly("progress", "progress", "progress", "progress", "explanation");
    assertThat(lines.subList(0, 4))
        .extracting(line -> line.getInt("passes_done") + "/" + line.getInt("passes_total"))
        .containsExactly("1/4", "2/4", "3/4", "4/4");
    JsonPath last = lines.get(4);
    assertThat(last.getString("explanation.attributions[0].method")).isEqualTo("smoothgrad");
    assertThat(last.getString("explanation.attributions[0].picture_key"))
        .contains("/1/smoothgrad-4/");
  }

  @Test
  void asServerSentEventsTheExplanationComesLast() {
    String body =
        given()
            .accept("text/event-stream")
            .contentType("image/png")
            .body(TestImages.bootPng())
            .queryParam("class", 6)
            .queryParam("method", "integrated-gradients")
            .queryParam("steps", 3)
            .when()
            .post("/api/v1/explanations")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(body.lines().filter(line -> line.startsWith("event: ")))
        .containsExactly(
            "event: progress", "event: progress", "event: progress", "event: explanation");
  }

  @TestHTTPResource("/api/v1/explanations")
  URI explanations;

  /**
   * Two long explanations (every class, 300 steps each: thousands of passes) take every place the
   * inference service has; their clients leave after the first pass. A third is then accepted
   * within seconds, which it could not be if the two went on computing for nobody.
   */
  @Test
  void aClientThatGoesAwayStopsItsExplanation() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 2; i++) {
      HttpRequest longOne =
          HttpRequest.newBuilder(
                  URI.create(
                      explanations + "?top_k=10&method=integrated-gradients&steps=" + (300 - i)))
              .header("Accept", "application/x-ndjson")
              .header("Content-Type", "image/png")
              .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.bootPng()))
              .build();
      HttpResponse<Stream<String>> stream = http.send(longOne, HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = stream.body()) {
        assertThat(lines.findFirst()).get().asString().contains("\"type\":\"progress\"");
      }
    }

    int status = 0;
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(8);
    while (System.nanoTime() < deadline) {
      status =
          given()
              .contentType("image/png")
              .body(TestImages.bootPng())
              .queryParam("class", 8)
              .queryParam("method", "saliency")
              .when()
              .post("/api/v1/explanations")
              .then()
              .extract()
              .statusCode();
      if (status != 429) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(status).as("a third explanation once the two are abandoned").isEqualTo(200);
  }

  @Test
  void aRefusedStreamedRequestIsAProblemNotAStream() {
    given()
        .accept("application/x-ndjson")
        .contentType("image/png")
        .body(TestImages.bootPng())
        .queryParam("method", "smoothgrad")
        .queryParam("samples", 500)
        .when()
        .post("/api/v1/explanations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("samples must be 1 to 200"));
  }

  @Test
  void badRequestsAreProblemsNamingWhatIsWrong() {
    assertProblem(Map.of("method", "occlusion"), 400, "unknown attribution method 'occlusion'");
    assertProblem(Map.of("class", "10"), 400, "class 10 is outside fashion-mnist's classes 0..9");
    assertProblem(Map.of("top_k", "11"), 400, "top_k must be 1 to 10");
    assertProblem(
        Map.of("method", "gradcam", "layer", "ip1"), 400, "not a (C, H, W) map for Grad-CAM");
    assertProblem(
        Map.of("method", "smoothgrad", "samples", "500"), 400, "samples must be 1 to 200");
    assertProblem(Map.of("model", "nonesuch"), 404, "nonesuch");
    given()
        .contentType("image/png")
        .body("not a picture".getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/api/v1/explanations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  private static void assertProblem(Map<String, String> query, int status, String detail) {
    given()
        .contentType("image/png")
        .body(TestImages.bootPng())
        .queryParams(query)
        .when()
        .post("/api/v1/explanations")
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("detail", containsString(detail));
  }

  /** The picture at {@code url}: the gateway's own path, or a presigned URL of the store. */
  private static void assertPictureIsServed(String url, int width, int height) throws Exception {
    byte[] png = given().when().get(url).then().statusCode(200).extract().asByteArray();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).as("a PNG at %s", url).isNotNull();
    assertThat(image.getWidth()).isEqualTo(width);
    assertThat(image.getHeight()).isEqualTo(height);
  }
}
