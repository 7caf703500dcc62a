package dev.convscope.gateway.shard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.batch.FashionMnistFiles;
import dev.convscope.gateway.batch.JobAggregate;
import dev.convscope.gateway.batch.JobStore;
import dev.convscope.gateway.batch.ShardState;
import dev.convscope.gateway.store.Bucket;
import dev.convscope.store.ObjectStore;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code batch shard} run on its own as a Kubernetes pod would run it: straight to the inference
 * service and the store, beside a running gateway that made the job.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class ShardCommandTest {

  @Inject ObjectStore store;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aShardRunsOnItsOwnAsAPodWouldAndAgainWithoutCountingTwice() {
    String jobId =
        given()
            .contentType("application/json")
            .body(
                Map.of(
                    "idx_images", FashionMnistFiles.upload(FashionMnistFiles.IMAGES), "limit", 30))
            .post("/api/v1/jobs")
            .then()
            .statusCode(201)
            .extract()
            .path("job_id");
    JobStore jobs = new JobStore(new Bucket(store));
    awaitFinished(jobs, jobId);
    // The pod's view: store settings from its environment, the index as Kubernetes gives it.
    for (String name : new String[] {"endpoint", "access-key", "secret-key", "bucket"}) {
      System.setProperty(
          "convscope.store." + name,
          ConfigProvider.getConfig().getValue("convscope.store." + name, String.class));
    }
    String inference =
        "127.0.0.1:"
            + ConfigProvider.getConfig()
                .getValue("quarkus.grpc.clients.inference.port", String.class);

    // As if its pod had died before counting anything: the rerun runs every item again, each
    // answered from its stored run.
    jobs.writeShard(jobId, new ShardState(0, 0, false, null, null, new JobAggregate()));
    int exit = batch("shard", "--job", jobId, "--index", "0", "--inference", inference);

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("30 of 30 images counted, 0 failed");
    ShardState state = jobs.shard(jobId, 0).orElseThrow();
    assertThat(state.finished()).isTrue();
    assertThat(state.tally().items).isEqualTo(30);

    assertThat(batch("shard", "--job", "20990101-000000-00000000", "--index", "0")).isEqualTo(2);
  }

  private static void awaitFinished(JobStore jobs, String jobId) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (jobs.shard(jobId, 0).map(s -> !s.finished()).orElse(true)) {
      assertThat(System.nanoTime()).as("the job finishes").isLessThan(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private int batch(String... args) {
    return new CommandLine(new ShardMain())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
