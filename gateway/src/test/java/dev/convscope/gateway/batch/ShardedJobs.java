package dev.convscope.gateway.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.store.Bucket;
import dev.convscope.store.ObjectStore;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fashion-MNIST jobs whose shards run as their own processes, and what their results must be. */
final class ShardedJobs {

  private ShardedJobs() {}

  /** Creates a one-shard job over the first {@code images} test images, with these options. */
  static String create(int images, Map<String, Object> options) {
    Map<String, Object> job = new HashMap<>(options);
    job.put("idx_images", FashionMnistFiles.upload(FashionMnistFiles.IMAGES));
    job.put("idx_labels", FashionMnistFiles.upload(FashionMnistFiles.LABELS));
    job.put("limit", images);
    job.put("shard_size", images);
    JsonPath created =
        given()
            .contentType("application/json")
            .body(job)
            .post("/api/v1/jobs")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(created.getInt("items")).isEqualTo(images);
    assertThat(created.getInt("shards")).isEqualTo(1);
    return created.getString("job_id");
  }

  /** Waits until the shard's stored state counts at least {@code done} items, and answers it. */
  static ShardState awaitStored(ObjectStore store, String jobId, int done, ShardProcess shard)
      throws InterruptedException {
    JobStore jobs = new JobStore(new Bucket(store));
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (true) {
      var state = jobs.shard(jobId, 0);
      if (state.isPresent() && state.get().done() >= done) {
        return state.get();
      }
      assertThat(shard.alive())
          .as(
              "the shard process runs until %d items are stored; it wrote:%n%s",
              done, shard.output())
          .isTrue();
      assertThat(Instant.now()).as("%d items stored", done).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  /**
   * The job finished, and counted each of its images once: in the status, and in the summary's
   * confusion matrix, whose rows hold as many images as the label file gives each class.
   */
  static JsonPath assertEachImageCountedOnce(String jobId, int images) {
    JsonPath status =
        given().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
    assertThat(status.getString("state")).isEqualTo("finished");
    assertThat(status.getInt("done")).isEqualTo(images);
    assertThat(status.getInt("failed")).isZero();

    JsonPath summary =
        given()
            .get("/api/v1/jobs/" + jobId + "/summary")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(summary.getInt("items")).isEqualTo(images);
    List<List<Number>> confusion = summary.getList("confusion");
    assertThat(confusion).hasSameSizeAs(summary.getList("labels"));
    long[] rows = new long[confusion.size()];
    for (int label = 0; label < rows.length; label++) {
      for (Number count : confusion.get(label)) {
        rows[label] += count.longValue();
      }
    }
    assertThat(rows).isEqualTo(FashionMnistFiles.labelCounts(images, rows.length));
    return summary;
  }
}
