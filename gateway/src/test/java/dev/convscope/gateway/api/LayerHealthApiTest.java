package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import dev.convscope.render.Tensor;
import dev.convscope.render.npy.NpyFile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each layer's health as a run reports it, over real sockets in front of the real services and an
 * S3-compatible store: checked against the layer's own values, and on a network built to have dead
 * units.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class LayerHealthApiTest {

  /**
   * A convolution whose channels 1 and 3 have a bias far below anything the image can add, then a
   * ReLU: those two channels never fire.
   */
  private static final String DEAD_UNITS_NETWORK =
      String.join(
          "\n",
          "import sys, torch",
          "from torch import nn",
          "torch.manual_seed(5)",
          "conv = nn.Conv2d(1, 4, 3)",
          "with torch.no_grad():",
          "    conv.bias.copy_(torch.tensor([0.5, -50.0, 0.5, -50.0]))",
          "net = nn.Sequential(conv, nn.ReLU(), nn.Flatten(), nn.Linear(4 * 26 * 26, 3),",
          "                    nn.Softmax(dim=1)).eval()",
          "torch.onnx.export(net, torch.rand(1, 1, 28, 28), sys.argv[1], input_names=['image'])");

  @TempDir Path work;

  @Test
  void theReportedZerosAndDeadChannelsAreThoseOfTheLayersOwnValues() {
    JsonPath run =
        given()
            .contentType("image/png")
            .body(TestImages.shiftedBootPng(5))
            .queryParam("npy", true)
            .queryParam("skip_weights", true)
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    List<Map<String, Object>> layers = run.getList("layers");
    assertThat(layers).isNotEmpty();
    for (Map<String, Object> layer : layers) {
      Tensor values =
          NpyFile.parse(
              given().get((String) layer.get("npy_url")).then().extract().asByteArray(), "layer");
      @SuppressWarnings("unchecked")
      Map<String, Object> statistics = (Map<String, Object>) layer.get("statistics");
      long zeros = 0;
      boolean nonNegative = true;
      for (float value : values.values()) {
        zeros += value == 0 ? 1 : 0;
        nonNegative &= value >= 0;
      }
      assertThat(((Number) statistics.get("zero_count")).longValue())
          .as("%s", layer.get("name"))
          .isEqualTo(zeros);
      String type = ((String) layer.get("layer_type")).toLowerCase(java.util.Locale.ROOT);
      List<Integer> dead = new ArrayList<>();
      if (nonNegative && !type.equals("input") && !type.contains("softmax")) {
        int channels = values.shape()[0];
        int size = values.values().length / channels;
        for (int c = 0; c < channels; c++) {
          float max = 0;
          for (int i = c * size; i < (c + 1) * size; i++) {
            max = Math.max(max, values.values()[i]);
          }
          if (max <= 0) {
            dead.add(c);
          }
        }
      }
      assertThat(statistics.get("dead_channels")).as("%s", layer.get("name")).isEqualTo(dead);
    }
  }

  @Test
  void aNetworkBuiltWithDeadUnitsHasThemNamed() throws Exception {
    Path onnx = work.resolve("dead.onnx");
    Process python =
        new ProcessBuilder("/usr/bin/python3", "-c", DEAD_UNITS_NETWORK, onnx.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(python.getInputStream().readAllBytes());
    assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(said).isZero();
    String model =
        "sha256:"
            + given()
                .multiPart("model", "dead.onnx", Files.readAllBytes(onnx))
                .multiPart("name", "dead-units")
                .when()
                .post("/api/v1/models")
                .then()
                .statusCode(anyOf(equalTo(201), equalTo(200)))
                .extract()
                .jsonPath()
                .getString("model.digest");
    try {
      JsonPath run =
          given()
              .contentType("image/png")
              .body(TestImages.bootPng())
              .queryParam("model", model)
              .queryParam("skip_weights", true)
              .when()
              .post("/api/v1/runs")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();

      List<Map<String, Object>> layers = run.getList("layers");
      assertThat(layers)
          .filteredOn(layer -> "Relu".equalsIgnoreCase((String) layer.get("layer_type")))
          .singleElement()
          .satisfies(
              relu -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> statistics = (Map<String, Object>) relu.get("statistics");
                assertThat(statistics.get("dead_channels")).isEqualTo(List.of(1, 3));
                assertThat(((Number) statistics.get("zero_count")).longValue())
                    .isGreaterThanOrEqualTo(2 * 26 * 26);
              });
    } finally {
      given()
          .delete("/api/v1/models/" + model)
          .then()
          .statusCode(anyOf(equalTo(200), equalTo(204)));
    }
  }
}
