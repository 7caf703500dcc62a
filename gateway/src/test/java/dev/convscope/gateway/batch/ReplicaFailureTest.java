package dev.convscope.gateway.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.convscope.api.gateway.v1.RunManifest;
import dev.convscope.api.v1.LayerResult;
import dev.convscope.api.v1.Picture;
import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.store.ObjectStore;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A job of 500 Fashion-MNIST images while one of two visualization replicas is killed (SIGKILL)
 * mid-way: the job completes, and every object its runs name exists once, as stated.
 */
@QuarkusTest
@WithTestResource(
    value = TwoVisualizationReplicasResource.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ReplicaFailureTest {

  private static final int IMAGES = 500;

  @Inject ObjectStore store;

  @Test
  void aJobOutlivesAVisualizationReplicaKilledMidWay() throws Exception {
    String images = FashionMnistFiles.upload(FashionMnistFiles.IMAGES);
    String labels = FashionMnistFiles.upload(FashionMnistFiles.LABELS);
    String jobId =
        given()
            .contentType("application/json")
            .body(
                Map.of(
                    "idx_images", images, "idx_labels", labels, "limit", IMAGES, "shard_size", 50))
            .post("/api/v1/jobs")
            .then()
            .statusCode(201)
            .extract()
            .path("job_id");

    awaitDone(jobId, IMAGES / 5);
    NeighbourServicesResource.runningVisualization().get(0).kill();
    assertThat(NeighbourServicesResource.runningVisualization().get(1).alive()).isTrue();

    JsonPath status = awaitDone(jobId, IMAGES);
    assertThat(status.getString("state")).isEqualTo("finished");
    assertThat(status.getInt("failed")).isZero();

    // Every image's run left a manifest, and every object a manifest names is there, once, as
    // stated; nothing else was left behind under the runs' keys.
    List<String> manifests = store.list("manifests/");
    assertThat(manifests).hasSize(IMAGES);
    Set<String> named = new HashSet<>();
    int checked = 0;
    for (String key : manifests) {
      RunManifest.Builder manifest = RunManifest.newBuilder();
      JsonFormat.parser()
          .merge(new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8), manifest);
      for (LayerResult layer : manifest.getLayersList()) {
        for (Picture picture : layer.getPicturesList()) {
          named.add(picture.getKey());
          assertThat(store.size(picture.getKey()))
              .as(picture.getKey())
              .contains(picture.getSizeBytes());
          if (checked++ % 97 == 0) {
            BufferedImage png =
                ImageIO.read(new ByteArrayInputStream(store.read(picture.getKey()).orElseThrow()));
            assertThat(png.getWidth()).isEqualTo(picture.getWidth());
            assertThat(png.getHeight()).isEqualTo(picture.getHeight());
          }
        }
      }
    }
    assertThat(new HashSet<>(store.list("runs/"))).isEqualTo(named);
  }

  private static JsonPath awaitDone(String jobId, int done) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
    while (true) {
      JsonPath status =
          given().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
      if (status.getInt("done") >= done || !status.getString("state").equals("running")) {
        return status;
      }
      assertThat(Instant.now()).as("job %s reaches %d images", jobId, done).isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
