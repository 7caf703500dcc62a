package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
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
import javax.imageio.ImageIO;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The REST API over real sockets, in front of the real inference and visualization services and an
 * S3-compatible store.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class GatewayApiTest {

  private static final List<String> FASHION_MNIST_LABELS =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private static final List<String> FASHION_MNIST_LAYERS =
      List.of("data", "conv1", "pool1", "conv2", "pool2", "ip1", "ip2", "prob");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRunReturnsSortedPredictionsAndEveryLayerWithFetchablePictures() throws Exception {
    JsonPath run =
        given()
            .contentType("image/png")
            .body(TestImages.bootPng())
            .queryParam("model", "fashion-mnist")
            .queryParam("top_k", 10)
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .contentType("application/json")
            .extract()
            .jsonPath();

    assertThat(run.getString("model")).isEqualTo("fashion-mnist");
    assertThat(run.getString("model_digest")).matches("[0-9a-f]{64}");
    assertThat(run.getString("image_digest")).matches("[0-9a-f]{64}");

    List<Map<String, Object>> predictions = run.getList("predictions");
    assertThat(predictions).hasSize(10);
    List<Double> probabilities =
        predictions.stream().map(p -> ((Number) p.get("probability")).doubleValue()).toList();
    assertThat(probabilities).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(probabilities.stream().mapToDouble(Double::doubleValue).sum())
        .isLessThanOrEqualTo(1.0 + 1e-6);
    assertThat(predictions.stream().map(p -> (String) p.get("label")))
        .containsExactlyInAnyOrderElementsOf(FASHION_MNIST_LABELS);
    assertThat(predictions.stream().map(p -> (Integer) p.get("class_index")))
        .allSatisfy(index -> assertThat(index).isBetween(0, 9));

    List<Map<String, Object>> layers = run.getList("layers");
    assertThat(
            layers.stream()
                .filter(layer -> "activation".equals(layer.get("kind")))
                .map(layer -> layer.get("name")))
        .containsExactlyElementsOf(FASHION_MNIST_LAYERS);
    for (int i = 0; i < layers.size(); i++) {
      String layer = "layers[" + i + "]";
      assertThat(run.getList(layer + ".shape")).as(layer).isNotEmpty();
      assertThat(run.getList(layer + ".statistics.counts")).as(layer).hasSize(20);
      assertThat(run.getList(layer + ".statistics.ticks")).as(layer).hasSize(3);
      assertThat(run.getFloat(layer + ".statistics.min"))
          .as(layer)
          .isLessThanOrEqualTo(run.getFloat(layer + ".statistics.max"));
      List<Map<String, Object>> pictures = run.getList(layer + ".pictures");
      assertThat(pictures).as(layer).isNotEmpty();
      for (Map<String, Object> picture : pictures) {
        assertPictureIsServed(picture);
      }
    }
  }

  /**
   * A picture's URL is the gateway's own, so it works wherever the gateway is reached; the gateway
   * streams it from the private bucket, cacheable for good, and serves nothing else of it.
   */
  @Test
  void picturesComeThroughTheGatewayWhileTheBucketStaysPrivate() throws Exception {
    String url =
        given()
            .contentType("image/png")
            .body(TestImages.bootPng())
            .queryParam("model", "fashion-mnist")
            .queryParam("layers", "conv1")
            .queryParam("skip_weights", true)
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("layers[0].pictures[0].url");

    assertThat(url).startsWith("/api/v1/pictures/runs/");
    String key = url.substring("/api/v1/pictures/".length());
    HttpResponse<Void> direct =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        ConfigProvider.getConfig()
                                .getValue("convscope.store.endpoint", String.class)
                            + "/"
                            + NeighbourServicesResource.BUCKET
                            + "/"
                            + key))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(direct.statusCode()).as("the bucket itself").isEqualTo(403);

    var served = given().get(url).then().statusCode(200).contentType("image/png").extract();
    assertThat(served.header("Cache-Control")).contains("immutable");
    String tag = served.header("ETag");
    assertThat(tag).isNotBlank();
    given().header("If-None-Match", tag).get(url).then().statusCode(304);

    for (String other :
        List.of(
            "jobs/x/spec.json",
            "datasets/abc/t10k-images-idx3-ubyte.gz",
            "runs/../jobs/x/spec.json",
            key.replace(".png", "-missing.png"))) {
      given().get("/api/v1/pictures/" + other).then().statusCode(404);
    }
  }

  @Test
  void onlyTheLayersAskedForAreDrawn() {
    JsonPath run =
        given()
            .contentType("image/png")
            .body(TestImages.bootPng())
            .queryParam("model", "fashion-mnist")
            .queryParam("layers", "conv1,prob")
            .queryParam("skip_weights", true)
            .queryParam("colormap", "viridis")
            .queryParam("max_width", 200)
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(run.getList("layers.name")).containsExactly("conv1", "prob");
    assertThat(run.getList("layers[0].pictures.width", Integer.class))
        .allSatisfy(width -> assertThat(width).isLessThanOrEqualTo(200));
  }

  @Test
  void theModelsListNamesTheBuiltInAndZooModels() {
    given()
        .when()
        .get("/api/v1/models")
        .then()
        .statusCode(200)
        .body("name", hasItems("fashion-mnist", "caffenet"))
        .body("find { it.name == 'fashion-mnist' }.source", equalTo("built-in"));
  }

  @Test
  void theSummaryGivesEveryLayerWithShapesAndParameters() {
    JsonPath summary =
        given()
            .when()
            .get("/api/v1/models/fashion-mnist")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(summary.getString("name")).isEqualTo("fashion-mnist");
    assertThat(summary.getString("digest")).matches("[0-9a-f]{64}");
    assertThat(summary.getList("layers.name")).containsExactlyElementsOf(FASHION_MNIST_LAYERS);
    assertThat(summary.getList("layers[0].output_shape", Integer.class)).containsExactly(1, 28, 28);
    assertThat(summary.getList("layers[1].output_shape", Integer.class))
        .containsExactly(20, 24, 24);
    assertThat(summary.getList("layers[1].parameters.name")).containsExactly("weights", "bias");
    assertThat(summary.getList("layers[1].parameters[0].shape", Integer.class))
        .containsExactly(20, 1, 5, 5);
    assertThat(summary.getList("layers[0].parameters")).isEmpty();
    assertThat(summary.getList("labels")).containsExactlyElementsOf(FASHION_MNIST_LABELS);
  }

  @Test
  void anUnknownModelIsNotFoundAndNamed() {
    given()
        .when()
        .get("/api/v1/models/no-such-model")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("title", equalTo("Not Found"))
        .body("type", equalTo("about:blank"))
        .body("detail", containsString("no-such-model"));

    given()
        .contentType("image/png")
        .body(TestImages.bootPng())
        .queryParam("model", "no-such-model")
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no-such-model"));
  }

  @Test
  void bytesThatAreNoImageAreAnUnsupportedMediaType() {
    given()
        .contentType("image/png")
        .body("not a png at all".getBytes(StandardCharsets.UTF_8))
        .queryParam("model", "fashion-mnist")
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("status", equalTo(415))
        .body("detail", containsString("neither PNG nor JPEG"));
  }

  @Test
  void aTruncatedPngIsABadRequest() {
    byte[] png = TestImages.bootPng();
    given()
        .contentType("image/png")
        .body(java.util.Arrays.copyOf(png, png.length / 2))
        .queryParam("model", "fashion-mnist")
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400));
  }

  @Test
  void aBodyThatIsNoImageTypeIsUnsupported() {
    given()
        .contentType("text/plain")
        .body("hello")
        .queryParam("model", "fashion-mnist")
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("status", equalTo(415));
  }

  @Test
  void anUnknownLayerIsNotFound() {
    given()
        .contentType("image/png")
        .body(TestImages.bootPng())
        .queryParam("model", "fashion-mnist")
        .queryParam("layers", "conv9")
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("conv9"));
  }

  @Test
  void aRunThatNamesNoModelUsesTheBuiltInOne() {
    given()
        .contentType("image/png")
        .body(TestImages.bootPng())
        .queryParam("layers", "prob")
        .queryParam("skip_weights", true)
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(200)
        .body("model", equalTo("fashion-mnist"))
        .body("summary.name", equalTo("fashion-mnist"));
  }

  @Test
  void badOptionsAreBadRequestsNamingTheOption() {
    for (Map.Entry<String, String> bad :
        Map.of(
                "top_k", "0",
                "max_width", "-3",
                "channels", "one,two",
                "colormap", "sepia")
            .entrySet()) {
      given()
          .contentType("image/png")
          .body(TestImages.bootPng())
          .queryParam(bad.getKey(), bad.getValue())
          .when()
          .post("/api/v1/runs")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString(bad.getKey().equals("colormap") ? "sepia" : bad.getKey()));
    }
  }

  @Test
  void anImageOverTheLimitIsRefusedBeforeItIsRead() {
    given()
        .contentType("image/png")
        .body(new byte[400_000])
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("detail", containsString("convscope.gateway.max-image-bytes"));
  }

  private void assertPictureIsServed(Map<String, Object> picture) throws Exception {
    byte[] served =
        given().get((String) picture.get("url")).then().statusCode(200).extract().asByteArray();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(served));
    assertThat(image).as("a PNG at %s", picture.get("url")).isNotNull();
    assertThat(image.getWidth()).isEqualTo(picture.get("width"));
    assertThat(image.getHeight()).isEqualTo(picture.get("height"));
  }
}
