package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
