package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Caffe models sent as a form, as a user with a deploy.prototxt and a caffemodel sends them: stored
 * under a digest, described with Caffe's blob names and the labels file's lines, run, and removed;
 * and every way such a form is refused, with nothing stored.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class CaffeUploadApiTest {

  /** A file of the networks checked against PyTorch (the models module's caffe/nets). */
  static byte[] net(String file) throws IOException {
    try (InputStream in = CaffeUploadApiTest.class.getResourceAsStream("/caffe/nets/" + file)) {
      assertThat(in).as(file).isNotNull();
      return in.readAllBytes();
    }
  }

  /** Ten classes in synset_words.txt form, for vgg_like's ten outputs. */
  static byte[] synsetWords() {
    return IntStream.range(0, 10)
        .mapToObj(i -> String.format("n%08d class %d, the %dth", 1440764 + i, i, i))
        .reduce("", (all, line) -> all + line + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  static RequestSpecification form(String net) throws IOException {
    return given()
        .multiPart("network", net + ".prototxt", net(net + ".prototxt"))
        .multiPart("weights", net + ".caffemodel", net(net + ".caffemodel"));
  }

  static List<String> storedModels() {
    return given().get("/api/v1/models").then().statusCode(200).extract().path("name");
  }

  @Test
  void aPrototxtAndCaffemodelAreStoredDescribedInCaffesNamesAndRun() throws IOException {
    JsonPath uploaded =
        form("vgg_like")
            .multiPart("labels", "synset_words.txt", synsetWords())
            .multiPart("name", "vgg-like")
            .when()
            .post("/api/v1/models")
            .then()
            .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)))
            .contentType("application/json")
            .extract()
            .jsonPath();
    String digest = uploaded.getString("model.digest");
    assertThat(uploaded.getString("run")).isEqualTo("sha256:" + digest);
    assertThat(uploaded.getList("model.labels", String.class))
        .hasSize(10)
        .startsWith("n01440764 class 0, the 0th");
    assertThat(uploaded.getList("model.layers.name", String.class))
        .contains("conv1_1", "pool1", "conv4", "prob");
    assertThat(uploaded.getInt("model.input.height")).isEqualTo(32);
    assertThat(uploaded.getString("model.input.preprocessing")).containsIgnoringCase("BGR");

    JsonPath again =
        form("vgg_like")
            .multiPart("labels", "synset_words.txt", synsetWords())
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
            .body(TestImages.colourPng(1))
            .queryParam("model", "sha256:" + digest)
            .queryParam("top_k", 3)
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(run.getString("model_digest")).isEqualTo(digest);
    assertThat(run.getList("predictions.label", String.class))
        .hasSize(3)
        .allMatch(label -> label.matches("n\\d{8} class \\d, the \\dth"));
    assertThat(run.getList("layers.name", String.class)).contains("conv1_1", "pool1");

    assertThat(
            given()
                .get("/api/v1/models")
                .then()
                .extract()
                .jsonPath()
                .getString("find { it.name == 'sha256:" + digest + "' }.display_name"))
        .isEqualTo("vgg-like");
    given().delete("/api/v1/models/sha256:" + digest).then().statusCode(204);
    assertThat(storedModels()).doesNotContain("sha256:" + digest);
    given()
        .delete("/api/v1/models/sha256:" + digest)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .delete("/api/v1/models/fashion-mnist")
        .then()
        .statusCode(400)
        .body("detail", containsString("cannot be removed"));
  }

  @Test
  void formsThatAreNoCaffeModelAreRefusedNamingWhatIsWrongAndStoreNothing() throws IOException {
    List<String> before = storedModels();

    given()
        .multiPart("network", "deploy.prototxt", net("vgg_like.prototxt"))
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("weights"));

    form("vgg_like")
        .multiPart("prototxt", "other.prototxt", net("vgg_like.prototxt"))
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(400)
        .body("detail", containsString("'prototxt'"));

    // The weights of another network: the inference service names the layer that does not match.
    given()
        .multiPart("network", "vgg_like.prototxt", net("vgg_like.prototxt"))
        .multiPart("weights", "alexnet_like.caffemodel", net("alexnet_like.caffemodel"))
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("conv1_1"));

    form("vgg_like")
        .multiPart("labels", "labels.txt", "cat\n\ndog\n".getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(400)
        .body("detail", containsString("line 2 of the labels file is blank"));

    given()
        .multiPart("model", "net.bin", "neither zip nor hdf5".getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/api/v1/models")
        .then()
        .statusCode(415)
        .body("detail", containsString("network and weights"));

    assertThat(storedModels()).isEqualTo(before);
  }

  @Test
  void aFormOverTheLimitIsRefusedBeforeItsBodyIsSent() throws IOException {
    // The request states 100 MB and sends none of it: only an answer given before the body is
    // read can arrive.
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/models HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\n"
                  + "Content-Type: multipart/form-data; boundary=xyz\r\n"
                  + "Content-Length: 100000000\r\n"
                  + "\r\n"
                  + "--xyz\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader answer =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(answer.readLine()).startsWith("HTTP/1.1 413");
      StringBuilder headers = new StringBuilder();
      int bodyLength = 0;
      for (String line = answer.readLine(); !line.isEmpty(); line = answer.readLine()) {
        headers.append(line).append('\n');
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          bodyLength = Integer.parseInt(line.substring("content-length:".length()).trim());
        }
      }
      char[] body = new char[bodyLength];
      int read = 0;
      while (read < bodyLength) {
        read += answer.read(body, read, bodyLength - read);
      }
      assertThat(headers.toString()).contains("application/problem+json");
      assertThat(new String(body)).contains("convscope.gateway.max-model-bytes");
    }
  }
}
