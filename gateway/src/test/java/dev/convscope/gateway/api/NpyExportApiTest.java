package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import dev.convscope.render.Tensor;
import dev.convscope.render.npy.NpyFile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run that asks for its tensors' values ({@code npy=true}) over real sockets, in front of the
 * real services and an S3-compatible store: each layer's .npy is served beside its pictures, with
 * the shape and figures the layer reports, and the stored run keeps them.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class NpyExportApiTest {

  @Test
  void everyTensorOfARunAskingForValuesIsServedAsNpyWithTheLayersShapeAndFigures() {
    JsonPath run = run(TestImages.shiftedBootPng(3), true);

    List<Map<String, Object>> layers = run.getList("layers");
    assertThat(layers).extracting(layer -> layer.get("kind")).contains("activation", "weights");
    for (Map<String, Object> layer : layers) {
      byte[] npy =
          given()
              .when()
              .get((String) layer.get("npy_url"))
              .then()
              .statusCode(200)
              .contentType("application/octet-stream")
              .extract()
              .asByteArray();
      Tensor values = NpyFile.parse(npy, (String) layer.get("name"));
      @SuppressWarnings("unchecked")
      List<Number> shape = (List<Number>) layer.get("shape");
      assertThat(values.shape())
          .containsExactly(shape.stream().mapToInt(Number::intValue).toArray());
      @SuppressWarnings("unchecked")
      Map<String, Number> statistics = (Map<String, Number>) layer.get("statistics");
      double sum = 0;
      float max = -Float.MAX_VALUE;
      for (float value : values.values()) {
        sum += value;
        max = Math.max(max, value);
      }
      assertThat((double) max).isEqualTo(statistics.get("max").doubleValue());
      assertThat(sum / values.values().length)
          .isCloseTo(statistics.get("mean").doubleValue(), within(1e-6 + 1e-6 * Math.abs(sum)));
    }

    given()
        .when()
        .get("/api/v1/runs/" + run.getString("run_id"))
        .then()
        .statusCode(200)
        .body("layers[0].npy_key", equalTo(layers.get(0).get("npy_key")));
  }

  @Test
  void valuesAreARunOfTheirOwnAndARepeatStillListsThem() {
    byte[] image = TestImages.shiftedBootPng(4);
    JsonPath plain = run(image, false);
    JsonPath withValues = run(image, true);
    JsonPath again = run(image, true);

    assertThat(plain.getList("layers.npy_url")).containsOnlyNulls();
    assertThat(withValues.getString("run_id")).isNotEqualTo(plain.getString("run_id"));
    assertThat(again.getBoolean("from_manifest")).isTrue();
    assertThat(again.getList("layers.npy_key"))
        .doesNotContainNull()
        .isEqualTo(withValues.getList("layers.npy_key"));
  }

  private static JsonPath run(byte[] image, boolean npy) {
    return given()
        .contentType("image/png")
        .body(image)
        .queryParam("model", "fashion-mnist")
        .queryParam("layers", "conv1,ip2")
        .queryParam("npy", npy)
        .when()
        .post("/api/v1/runs")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
