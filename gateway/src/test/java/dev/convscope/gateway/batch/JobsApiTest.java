package dev.convscope.gateway.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.RunClient;
import dev.convscope.gateway.api.TestImages;
import dev.convscope.gateway.store.Bucket;
import dev.convscope.store.ObjectStore;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Data-set jobs over the REST API, run by the gateway's own shard executor through the real
 * inference and visualization services, on the Fashion-MNIST test set from Debian's
 * dataset-fashion-mnist package.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class JobsApiTest {

  @TestHTTPResource("/")
  URI gateway;

  @Inject ObjectStore store;

  @Inject JobService jobs;

  @Test
  void aJobOverTheTestSetCountsEveryImageAndFindsWhatExcitesEachChannel() throws Exception {
    String jobId = createIdxJob(Map.of("limit", 120, "shard_size", 40, "top_n", 5));
    JsonPath status = awaitEnd(jobId);
    assertThat(status.getString("state")).isEqualTo("finished");
    assertThat(status.getInt("done")).isEqualTo(120);
    assertThat(status.getInt("failed")).isZero();
    assertThat(status.getInt("shards_finished")).isEqualTo(3);

    JsonPath summary =
        given()
            .get("/api/v1/jobs/" + jobId + "/summary")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<List<Integer>> confusion = summary.getList("confusion");
    int total = 0;
    int diagonal = 0;
    for (int i = 0; i < confusion.size(); i++) {
      for (int j = 0; j < confusion.get(i).size(); j++) {
        total += confusion.get(i).get(j);
        diagonal += i == j ? confusion.get(i).get(j) : 0;
      }
    }
    assertThat(total).isEqualTo(120);
    assertThat(summary.getDouble("accuracy"))
        .isCloseTo(diagonal / 120.0, org.assertj.core.data.Offset.offset(1e-6));
    // The built-in model is right on about nine test images in ten.
    assertThat(summary.getDouble("accuracy")).isGreaterThan(0.75);

    assertThat(summary.getList("layers.name"))
        .contains("conv1", "conv2", "ip1", "prob")
        .doesNotContain("data");
    List<Map<String, Object>> conv1 =
        summary.getList("layers.find { it.name == 'conv1' }.channels");
    assertThat(conv1).hasSize(20);
    for (Map<String, Object> channel : conv1) {
      List<Map<String, Object>> top = (List<Map<String, Object>>) channel.get("top");
      assertThat(top).hasSize(5);
      List<Double> values = top.stream().map(t -> ((Number) t.get("value")).doubleValue()).toList();
      assertThat(values).isSortedAccordingTo((a, b) -> Double.compare(b, a));
      assertThat((List<?>) channel.get("class_means")).hasSize(10);
    }

    // A channel that never fired has no image that took it above zero; every layer says which.
    for (Map<String, Object> layer : summary.<Map<String, Object>>getList("layers")) {
      List<Integer> neverFired = (List<Integer>) layer.get("never_fired");
      assertThat((List<?>) layer.get("constant")).as("%s", layer.get("name")).isNotNull();
      List<Map<String, Object>> channels = (List<Map<String, Object>>) layer.get("channels");
      for (int c = 0; c < channels.size(); c++) {
        List<Map<String, Object>> top = (List<Map<String, Object>>) channels.get(c).get("top");
        double best = ((Number) top.get(0).get("value")).doubleValue();
        assertThat(neverFired.contains(c))
            .as("%s channel %d, best %f", layer.get("name"), c, best)
            .isEqualTo(best <= 0);
      }
    }

    // The best image of conv1's channel 3, run alone, reaches the value the job recorded.
    Map<String, Object> best = ((List<Map<String, Object>>) conv1.get(3).get("top")).get(0);
    RunClient http = new RunClient(gateway);
    assertThat(http.get((String) best.get("image_url")).statusCode()).isEqualTo(200);
    assertThat(http.get((String) best.get("map_url")).statusCode()).isEqualTo(200);
    JsonPath run =
        given()
            .get("/api/v1/runs/" + best.get("run_id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    float recorded = ((Number) best.get("value")).floatValue();
    assertThat(run.getFloat("layers.find { it.name == 'conv1' }.statistics.channel_maxima[3]"))
        .isEqualTo(recorded);

    // The prob layer's channel k is class k: its best images are mostly labelled k.
    assertThat(status.getDouble("images_per_second")).isPositive();
  }

  @Test
  void aShardRunAgainCarriesOnWhereItStoppedAndCountsNothingTwice() throws Exception {
    String whole = createIdxJob(Map.of("limit", 40, "shard_size", 40, "top_n", 3));
    String half = createIdxJob(Map.of("limit", 20, "shard_size", 20, "top_n", 3));
    awaitEnd(whole);
    awaitEnd(half);
    JobStore jobStore = new JobStore(new Bucket(store));
    JobAggregate expected = jobStore.shard(whole, 0).orElseThrow().tally();

    // Shard 0 of the whole job, as if its pod had died after 20 items.
    ShardState stopped = jobStore.shard(half, 0).orElseThrow();
    jobStore.writeShard(whole, new ShardState(0, 20, false, null, null, stopped.tally()));
    ShardState resumed = jobs.runShard(jobs.spec(whole), 0);

    assertThat(resumed.finished()).isTrue();
    assertThat(resumed.done()).isEqualTo(40);
    assertThat(resumed.tally().items).isEqualTo(40);
    assertThat(resumed.tally().confusion).isDeepEqualTo(expected.confusion);
    assertThat(resumed.tally().layers.get("conv2").top).isEqualTo(expected.layers.get("conv2").top);

    // And a finished shard run again changes nothing.
    assertThat(jobs.runShard(jobs.spec(whole), 0).tally().items).isEqualTo(40);
  }

  @Test
  void imagesInFoldersNamedAfterClassesAreALabelledDataSet() throws Exception {
    store.put("sets/shoes/Ankle boot/a.png", TestImages.shiftedBootPng(0), "image/png");
    store.put("sets/shoes/Ankle boot/b.png", TestImages.shiftedBootPng(1), "image/png");
    store.put("sets/shoes/Bag/c.png", TestImages.shiftedBootPng(2), "image/png");
    store.put(
        "sets/shoes/notes.txt", "not an image".getBytes(StandardCharsets.UTF_8), "text/plain");

    String jobId =
        given()
            .contentType("application/json")
            .body(Map.of("prefix", "sets/shoes/"))
            .post("/api/v1/jobs")
            .then()
            .statusCode(201)
            .extract()
            .path("job_id");
    assertThat(awaitEnd(jobId).getInt("items")).isEqualTo(3);
    List<List<Integer>> confusion =
        given().get("/api/v1/jobs/" + jobId + "/summary").then().extract().path("confusion");
    assertThat(confusion.get(9).stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
    assertThat(confusion.get(8).stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
  }

  @Test
  void aCancelledJobProcessesNoImageOnceTheCancelIsAnswered() throws Exception {
    // Far more than can run while the test looks: 40 shards, two at a time.
    String jobId = createIdxJob(Map.of("limit", 2000, "shard_size", 50));
    awaitStatus(jobId, status -> status.getInt("done") > 0); // a shard has stored its progress

    JsonPath answer =
        given().delete("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
    int doneWhenAnswered = answer.getInt("done");
    assertThat(answer.getString("state")).isEqualTo("cancelled");
    assertThat(doneWhenAnswered).isPositive().isLessThan(2000);

    // Every shard still queued runs now; each must find the marker before its first image.
    JobSpec spec = jobs.spec(jobId);
    JobStore jobStore = new JobStore(new Bucket(store));
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    List<ShardState> shards = List.of();
    while (shards.size() < spec.shardCount()) {
      assertThat(Instant.now()).as("every shard has recorded that it stopped").isBefore(deadline);
      Thread.sleep(100);
      shards =
          IntStream.range(0, spec.shardCount())
              .mapToObj(shard -> jobStore.shard(jobId, shard))
              .flatMap(Optional::stream)
              .toList();
    }
    assertThat(shards)
        .allSatisfy(
            shard -> assertThat(shard.finished() || "cancelled".equals(shard.failure())).isTrue());
    assertThat(shards.stream().mapToInt(ShardState::done).sum())
        .as("images counted once the cancel was answered")
        .isEqualTo(doneWhenAnswered);
    JsonPath settled = given().get("/api/v1/jobs/" + jobId).then().extract().jsonPath();
    assertThat(settled.getString("state")).isEqualTo("cancelled");
    assertThat(settled.getInt("done")).isEqualTo(doneWhenAnswered);
  }

  @Test
  void badJobsAreRefusedWithTheReason() throws Exception {
    given()
        .contentType("application/json")
        .body(Map.of("model", "fashion-mnist"))
        .post("/api/v1/jobs")
        .then()
        .statusCode(400)
        .body("detail", containsString("exactly one of"));
    given()
        .contentType("application/json")
        .body(Map.of("keys", List.of("a.png"), "prefix", "x/"))
        .post("/api/v1/jobs")
        .then()
        .statusCode(400);
    given()
        .contentType("application/json")
        .body(Map.of("idx_images", "datasets/none.idx"))
        .post("/api/v1/jobs")
        .then()
        .statusCode(404)
        .body("detail", containsString("datasets/none.idx"));
    store.put("datasets/text.idx", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
    given()
        .contentType("application/json")
        .body(Map.of("idx_images", "datasets/text.idx"))
        .post("/api/v1/jobs")
        .then()
        .statusCode(400)
        .body("detail", containsString("datasets/text.idx"));
    given()
        .contentType("application/json")
        .body(Map.of("idx_images", "datasets/text.idx", "shard_size", 0))
        .post("/api/v1/jobs")
        .then()
        .statusCode(400)
        .body("detail", containsString("shard_size"));
    given().get("/api/v1/jobs/20260101-000000-00000000").then().statusCode(404);
    given().get("/api/v1/jobs/..%2Fspec").then().statusCode(404);
    given()
        .contentType("application/octet-stream")
        .body(new byte[] {1})
        .queryParam("name", "../escape")
        .post("/api/v1/datasets")
        .then()
        .statusCode(400);
  }

  private String createIdxJob(Map<String, Object> options) throws Exception {
    String images = FashionMnistFiles.upload(FashionMnistFiles.IMAGES);
    String labels = FashionMnistFiles.upload(FashionMnistFiles.LABELS);
    Map<String, Object> body = new java.util.HashMap<>(options);
    body.put("idx_images", images);
    body.put("idx_labels", labels);
    return given()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/jobs")
        .then()
        .statusCode(201)
        .extract()
        .path("job_id");
  }

  private static JsonPath awaitEnd(String jobId) throws InterruptedException {
    return awaitStatus(jobId, status -> !status.getString("state").equals("running"));
  }

  /** Polls the job's status until {@code condition} holds, for at most four minutes. */
  private static JsonPath awaitStatus(String jobId, Predicate<JsonPath> condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (true) {
      JsonPath status =
          given().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
      if (condition.test(status) || Instant.now().isAfter(deadline)) {
        return status;
      }
      Thread.sleep(250);
    }
  }
}
