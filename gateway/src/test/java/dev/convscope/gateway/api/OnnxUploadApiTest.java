package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ONNX files exported by torch, uploaded as a form or as the body: stored under a digest, prepared
 * as torchvision does, run; a file that leaves its height and width open takes them from the form.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class OnnxUploadApiTest {

  /** A file of the torch-exported networks (the models module's onnx/nets). */
  static byte[] onnx(String net) throws IOException {
    try (InputStream in =
        OnnxUploadApiTest.class.getResourceAsStream("/onnx/nets/" + net + ".onnx")) {
      assertThat(in).as(net).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void anOnnxFileIsStoredAsAFormOrABodyPreparedAsTorchvisionDoesAndRun() throws IOException {
    JsonPath uploaded =
        given()
            .multiPart("model", "vgg_like.onnx", onnx("vgg_like"))
            .multiPart("name", "vgg-onnx")
            .when()
            .post("/api/v1/models")
            .then()
            .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)))
            .extract()
            .jsonPath();
    String digest = uploaded.getString("model.digest");
    assertThat(uploaded.getString("model.input.preprocessing"))
        .contains("RGB")
        .contains("divided by std");
    assertThat(uploaded.getList("model.layers.name", String.class)).hasSizeGreaterThan(5);

    given()
        .contentType("application/onnx")
        .body(onnx("vgg_like"))
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(200)
        .body("already_stored", equalTo(true))
        .body("model.digest", equalTo(digest));

    JsonPath run =
        given()
            .contentType("image/png")
            .body(TestImages.colourPng(2))
            .queryParam("model", "sha256:" + digest)
            .queryParam("top_k", 3)
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(run.getList("predictions.class_index", Integer.class)).hasSize(3);
    assertThat(run.getList("layers.name", String.class)).hasSizeGreaterThan(5);
  }

  @Test
  void anOpenHeightAndWidthComeWithTheFormOrTheFileIsRefused() throws IOException {
    List<String> before =
        given().get("/api/v1/models").then().statusCode(200).extract().path("name");
    given()
        .multiPart("model", "squeeze_like.onnx", onnx("squeeze_like"))
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("symbolic height"));
    assertThat(given().get("/api/v1/models").then().extract().<List<String>>path("name"))
        .isEqualTo(before);

    given()
        .multiPart("model", "squeeze_like.onnx", onnx("squeeze_like"))
        .multiPart("height", "32")
        .multiPart("width", "32")
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)))
        .body("model.input.height", equalTo(32))
        .body("model.input.width", equalTo(32));
  }
}
