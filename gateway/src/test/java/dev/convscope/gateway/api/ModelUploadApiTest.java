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
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Model uploads through the gateway, then run by digest, and every way an upload is refused. */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class ModelUploadApiTest {

  /** A three-class Keras model on 12x12 gray images (see the inference service's fixtures). */
  static byte[] kerasModel() throws IOException {
    try (InputStream in =
        ModelUploadApiTest.class.getResourceAsStream("/models/tiny_gray_sequential.h5")) {
      return in.readAllBytes();
    }
  }

  @Test
  void anUploadedKerasModelIsStoredListedAndRunByDigest() throws Exception {
    JsonPath uploaded =
        given()
            .contentType("application/x-hdf5")
            .body(kerasModel())
            .queryParam("name", "tiny-gray")
            .queryParam("labels", "zero,one,two")
            .when()
            .post("/api/v1/models")
            .then()
            .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)))
            .contentType("application/json")
            .extract()
            .jsonPath();
    String digest = uploaded.getString("model.digest");
    assertThat(digest).matches("[0-9a-f]{64}");
    assertThat(uploaded.getString("run")).isEqualTo("sha256:" + digest);
    assertThat(uploaded.getList("model.labels")).containsExactly("zero", "one", "two");

    JsonPath again =
        given()
            .contentType("application/x-hdf5")
            .body(kerasModel())
            .when()
            .post("/api/v1/models")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(again.getBoolean("already_stored")).isTrue();
    assertThat(again.getString("model.digest")).isEqualTo(digest);

    JsonPath run =
        given()
            .contentType("image/png")
            .body(TestImages.bootPng())
            .queryParam("model", "sha256:" + digest)
            .queryParam("top_k", 3)
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(run.getString("model_digest")).isEqualTo(digest);
    assertThat(run.getList("predictions.label")).containsExactlyInAnyOrder("zero", "one", "two");
    assertThat(run.getList("layers")).isNotEmpty();
  }

  @Test
  void aFileThatIsNoModelIsAnUnsupportedMediaType() {
    given()
        .contentType("application/zip")
        .body("this is not a zip".getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("detail", containsString("not a zip"));

    given()
        .contentType("text/plain")
        .body("hello")
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
  }

  @Test
  void aCorruptZipIsABadRequest() {
    byte[] corrupt = new byte[4096];
    corrupt[0] = 'P';
    corrupt[1] = 'K';
    corrupt[2] = 3;
    corrupt[3] = 4;
    given()
        .contentType("application/zip")
        .body(corrupt)
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400));
  }

  @Test
  void aModelOverTheLimitIsRefusedBeforeItIsRead() {
    given()
        .contentType("application/zip")
        .body(new byte[3 * 1024 * 1024])
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("detail", containsString("convscope.gateway.max-model-bytes"));
  }
}
