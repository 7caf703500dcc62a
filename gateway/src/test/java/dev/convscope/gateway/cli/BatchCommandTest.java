package dev.convscope.gateway.cli;

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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./convscope batch} against a running gateway, and {@code batch shard} run on its own as a
 * Kubernetes pod would run it: straight to the inference service and the store.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class BatchCommandTest {

  @TestHTTPResource("/")
  URI gateway;

  @Inject ObjectStore store;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void runUploadsTheSetFollowsTheJobAndPrintsItsAccuracy() {
    int exit =
        batch(
            "run",
            "--idx",
            FashionMnistFiles.path(FashionMnistFiles.IMAGES).toString(),
            "--labels",
            FashionMnistFiles.path(FashionMnistFiles.LABELS).toString(),
            "--limit",
            "60",
            "--shard-size",
            "30");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("60/60 images, 0 failed")
        .containsPattern("accuracy \\d+\\.\\d\\d%");
    assertThat(err.toString()).contains("[==============================] 100%");

    String jobId = jobIdIn(out.toString());
    assertThat(batch("status", jobId)).isZero();
    assertThat(out.toString()).contains(jobId + "  finished");
    assertThat(batch("list")).isZero();
    assertThat(batch("status", "20990101-000000-00000000")).isEqualTo(1);
    assertThat(err.toString()).contains("no job");
  }

  @Test
  void aShardRunsOnItsOwnAsAPodWouldAndAgainWithoutCountingTwice() {
    assertThat(
            batch(
                "run",
                "--idx",
                FashionMnistFiles.path(FashionMnistFiles.IMAGES).toString(),
                "--limit",
                "30",
                "--no-wait"))
        .isZero();
    String jobId = jobIdIn(out.toString());
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

  private static String jobIdIn(String output) {
    Matcher matcher = Pattern.compile("job (\\d{8}-\\d{6}-[0-9a-f]{8})").matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1);
  }

  private int batch(String... args) {
    String[] withGateway = new String[args.length + 2];
    withGateway[0] = "--gateway";
    withGateway[1] = gateway.toString();
    System.arraycopy(args, 0, withGateway, 2, args.length);
    return new CommandLine(new BatchCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(withGateway);
  }
}
