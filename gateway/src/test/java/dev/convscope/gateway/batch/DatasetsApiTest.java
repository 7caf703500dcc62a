package dev.convscope.gateway.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.store.ObjectStore;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Data-set files uploaded over REST: an IDX image file is listed with its item count, a label file
 * uploaded for it is named beside it, and a file of the wrong kind, or labels that do not add up,
 * are refused naming why with nothing stored.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class DatasetsApiTest {

  @Inject ObjectStore store;

  @Test
  void anImageFileIsListedWithItsCountAndTheLabelsUploadedForIt() throws IOException {
    byte[] images = Files.readAllBytes(FashionMnistFiles.path(FashionMnistFiles.IMAGES));
    byte[] labels = Files.readAllBytes(FashionMnistFiles.path(FashionMnistFiles.LABELS));

    JsonPath stored =
        upload(FashionMnistFiles.IMAGES, images, Map.of("kind", "images"))
            .statusCode(201)
            .extract()
            .jsonPath();
    String imagesKey = stored.getString("key");
    assertThat(imagesKey)
        .isEqualTo("datasets/" + Sha256.hex(images) + "/" + FashionMnistFiles.IMAGES);
    assertThat(stored.getString("kind")).isEqualTo("images");
    assertThat(stored.getInt("items")).isEqualTo(10000);
    assertThat(List.of(stored.getInt("rows"), stored.getInt("cols"))).containsExactly(28, 28);

    String labelsKey =
        upload(FashionMnistFiles.LABELS, labels, Map.of("labels_for", imagesKey))
            .statusCode(201)
            .extract()
            .path("key");
    // The same images again keep their labels.
    upload(FashionMnistFiles.IMAGES, images, Map.of("kind", "images")).statusCode(201);

    Map<String, Object> listed = listed(imagesKey);
    assertThat(listed)
        .containsEntry("items", 10000)
        .containsEntry("labels", labelsKey)
        .containsEntry("name", FashionMnistFiles.IMAGES);
  }

  @Test
  void aFileOfTheWrongKindIsRefusedAndNothingIsStored() throws IOException {
    byte[] labels = Files.readAllBytes(FashionMnistFiles.path(FashionMnistFiles.LABELS));
    upload("labels-as-images.gz", labels, Map.of("kind", "images"))
        .statusCode(400)
        .body("detail", allOf(containsString("labels-as-images.gz"), containsString("images")));
    assertNotStored(labels, "labels-as-images.gz");

    byte[] text = "not a data set".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    upload("notes.idx", text, Map.of("kind", "images"))
        .statusCode(400)
        .body("detail", containsString("not an IDX file"));
    assertNotStored(text, "notes.idx");

    upload("notes.idx", text, Map.of("kind", "pictures"))
        .statusCode(400)
        .body("detail", containsString("pictures"));
  }

  @Test
  void labelsThatDoNotMatchTheirImagesAreRefusedAndNothingIsStored() throws IOException {
    byte[] threeImages = idxImages(3, 2, 2);
    String imagesKey =
        upload("three-images.idx", threeImages, Map.of("kind", "images"))
            .statusCode(201)
            .extract()
            .path("key");
    byte[] labels = Files.readAllBytes(FashionMnistFiles.path(FashionMnistFiles.LABELS));

    upload("many-labels.gz", labels, Map.of("labels_for", imagesKey))
        .statusCode(400)
        .body("detail", allOf(containsString("10000 labels"), containsString("3 images")));
    assertNotStored(labels, "many-labels.gz");
    assertThat(listed(imagesKey)).containsEntry("labels", null);

    upload("orphan-labels.gz", labels, Map.of("labels_for", "datasets/none/missing.idx"))
        .statusCode(404)
        .body("detail", containsString("datasets/none/missing.idx"));
    assertNotStored(labels, "orphan-labels.gz");
  }

  private static ValidatableResponse upload(String name, byte[] file, Map<String, String> query) {
    return given()
        .contentType("application/octet-stream")
        .body(file)
        .queryParam("name", name)
        .queryParams(query)
        .post("/api/v1/datasets")
        .then();
  }

  private static Map<String, Object> listed(String key) {
    List<Map<String, Object>> files =
        given().get("/api/v1/datasets").then().statusCode(200).extract().jsonPath().getList("");
    return files.stream()
        .filter(file -> key.equals(file.get("key")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(key + " is not listed in " + files));
  }

  private void assertNotStored(byte[] file, String name) {
    String key = "datasets/" + Sha256.hex(file) + "/" + name;
    assertThat(store.size(key)).as(key).isEmpty();
    assertThat(store.size(key + ".about.json")).isEmpty();
  }

  /** An IDX image file of black images, as MNIST's are laid out. */
  private static byte[] idxImages(int count, int rows, int cols) {
    ByteBuffer file = ByteBuffer.allocate(16 + count * rows * cols);
    file.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
    return file.array();
  }
}
