package dev.convscope.gateway.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.store.ObjectStore;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The object store stopped while a shard process runs a job: a short outage is waited out and the
 * job completes; one longer than the outage limit fails the job with the outage as its reason, and
 * a rerun of the shard completes it. Meanwhile the gateway answers 503, not 500.
 */
@QuarkusTest
@TestProfile(ShardsElsewhereProfile.class)
@WithTestResource(
    value = ShardProcessNeighboursResource.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class StoreOutageTest {

  private static final Duration OUTAGE = Duration.ofSeconds(8);

  @Inject ObjectStore store;

  @AfterEach
  void storeBack() throws Exception {
    ShardProcessNeighboursResource.store.start();
  }

  @Test
  void shardsWaitOutAStoreOutageAndTheJobCompletes() throws Exception {
    int images = 60;
    int runsBefore = store.list("manifests/").size();
    // A colormap of its own, so its runs are new ones rather than another test's repeated.
    String jobId = ShardedJobs.create(images, Map.of("colormap", "gray", "top_n", 3));

    try (ShardProcess shard =
        ShardProcess.start(jobId, 0, Map.of("CONVSCOPE_GATEWAY_BATCH_OUTAGE_LIMIT", "PT2M"))) {
      ShardedJobs.awaitStored(store, jobId, ShardRunner.CHECKPOINT_ITEMS, shard);
      Instant stoppedAt = Instant.now();
      ShardProcessNeighboursResource.store.stop();
      assertAnswersUnavailable("/api/v1/jobs/" + jobId);
      shard.awaitOutput("retrying with backoff for up to PT2M", Duration.ofSeconds(30));
      // The outage lasts a while longer: the shard keeps waiting rather than failing items.
      Thread.sleep(
          Math.max(0, OUTAGE.minus(Duration.between(stoppedAt, Instant.now())).toMillis()));
      assertThat(shard.alive()).as("the shard waits; it wrote:%n%s", shard.output()).isTrue();
      ShardProcessNeighboursResource.store.start();
      System.out.printf(
          "the store was down for %d ms; the shard waited%n",
          Duration.between(stoppedAt, Instant.now()).toMillis());

      assertThat(shard.awaitExit(Duration.ofMinutes(3))).as(shard.output()).isZero();
    }
    ShardedJobs.assertEachImageCountedOnce(jobId, images);
    assertThat(store.list("manifests/")).hasSize(runsBefore + images);
  }

  @Test
  void anOutageLongerThanTheLimitFailsTheJobWithItsReasonAndARerunCompletesIt() throws Exception {
    int images = 50;
    int runsBefore = store.list("manifests/").size();
    String jobId = ShardedJobs.create(images, Map.of("colormap", "viridis", "top_n", 3));

    String stopped = "gave up after an outage longer than PT5S";
    try (ShardProcess shard =
        ShardProcess.start(jobId, 0, Map.of("CONVSCOPE_GATEWAY_BATCH_OUTAGE_LIMIT", "PT5S"))) {
      ShardedJobs.awaitStored(store, jobId, ShardRunner.CHECKPOINT_ITEMS, shard);
      // The store refuses new connections from the moment its stop begins.
      Instant stoppedAt = Instant.now();
      ShardProcessNeighboursResource.store.stop();
      shard.awaitOutput(stopped, Duration.ofSeconds(30));
      Duration waited = Duration.between(stoppedAt, Instant.now());
      System.out.printf("the shard gave up %d ms into the outage (limit 5 s)%n", waited.toMillis());
      assertThat(waited).as(shard.output()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
      assertAnswersUnavailable("/api/v1/jobs/" + jobId);
      ShardProcessNeighboursResource.store.start();

      // Once the store is back the shard records why it stopped, and exits for a retry.
      assertThat(shard.awaitExit(Duration.ofMinutes(1))).as(shard.output()).isEqualTo(1);
      assertThat(shard.output()).contains(stopped);
    }
    JsonPath failed =
        given().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
    assertThat(failed.getString("state")).as(failed.prettify()).isEqualTo("failed");
    assertThat(failed.getString("reason"))
        .startsWith("shard 0: " + stopped)
        .contains("object store");
    System.out.println("the failed job's reason: " + failed.getString("reason"));
    assertThat(failed.getInt("done")).isBetween(ShardRunner.CHECKPOINT_ITEMS, images - 1);

    // A rerun, as the Job controller's next pod, carries on and completes the job.
    try (ShardProcess rerun = ShardProcess.start(jobId, 0, Map.of())) {
      assertThat(rerun.awaitExit(Duration.ofMinutes(3))).as(rerun.output()).isZero();
      assertThat(rerun.output()).contains("resuming after " + failed.getInt("done"));
    }
    ShardedJobs.assertEachImageCountedOnce(jobId, images);
    assertThat(store.list("manifests/")).hasSize(runsBefore + images);
  }

  /** While the store is down the gateway says so, with when to ask again: 503, not 500. */
  private static void assertAnswersUnavailable(String path) {
    Response response = given().get(path);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.header("Retry-After")).isNotBlank();
    assertThat(response.jsonPath().getInt("status")).isEqualTo(503);
    assertThat(response.jsonPath().getString("detail")).contains("object store");
  }
}
