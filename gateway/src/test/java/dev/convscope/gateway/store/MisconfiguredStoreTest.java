package dev.convscope.gateway.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convscope.api.gateway.v1.GatewayServiceGrpc;
import dev.convscope.api.gateway.v1.GetJobRequest;
import dev.convscope.api.gateway.v1.GetRunRequest;
import dev.convscope.gateway.shard.ShardMain;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A gateway whose store is set up wrongly answers at once, over REST with 500 problem details and
 * over gRPC with INTERNAL, naming the bucket and the cause (never the secret), without asking the
 * client to retry; readiness says the store is misconfigured; a shard process stops at once with
 * exit code 2 instead of waiting it out as an outage. The subclasses choose what is wrong.
 */
abstract class MisconfiguredStoreTest {

  private static final String RUN_ID = "0123456789abcdef0123456789abcdef";
  private static final String JOB_ID = "20260101-000000-0000abcd";

  /** What the answers say is wrong, besides the bucket. */
  abstract String cause();

  @Test
  void restAnswers500NamingTheBucketWithoutAskingForARetry() {
    for (String path : new String[] {"/api/v1/runs/" + RUN_ID, "/api/v1/jobs"}) {
      Response response = given().get(path);

      assertThat(response.statusCode()).as(response.asString()).isEqualTo(500);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.header("Retry-After")).isNull();
      JsonPath problem = response.jsonPath();
      assertThat(problem.getInt("status")).isEqualTo(500);
      assertThat(problem.getString("reason")).isEqualTo("MISCONFIGURED");
      assertThat(problem.getString("detail"))
          .contains("bucket '" + MisconfiguredStoreResource.BUCKET + "'")
          .contains(cause());
      assertThat(response.asString()).doesNotContain(MisconfiguredStoreResource.WRONG_SECRET);
    }
  }

  @Test
  void grpcAnswersInternalNamingTheBucket() throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", RestAssured.port).usePlaintext().build();
    try {
      var gateway =
          GatewayServiceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES);
      StatusRuntimeException run =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> gateway.getRun(GetRunRequest.newBuilder().setRunId(RUN_ID).build()));
      StatusRuntimeException job =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> gateway.getJob(GetJobRequest.newBuilder().setJobId(JOB_ID).build()));

      for (StatusRuntimeException refused : new StatusRuntimeException[] {run, job}) {
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(refused.getStatus().getDescription())
            .contains("bucket '" + MisconfiguredStoreResource.BUCKET + "'")
            .contains(cause())
            .doesNotContain(MisconfiguredStoreResource.WRONG_SECRET);
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void readinessSaysTheStoreIsMisconfigured() {
    JsonPath ready = given().get("/q/health/ready").then().statusCode(503).extract().jsonPath();

    String check = "checks.find { it.name == 'object-store' }";
    assertThat(ready.getString(check + ".status")).isEqualTo("DOWN");
    assertThat(ready.getString(check + ".data.store")).isEqualTo("misconfigured");
    assertThat(ready.getString(check + ".data.reason"))
        .contains("bucket '" + MisconfiguredStoreResource.BUCKET + "'")
        .doesNotContain(MisconfiguredStoreResource.WRONG_SECRET);
  }

  @Test
  void aShardProcessStopsAtOnceWithItsOwnExitCode() {
    // The pod's view: the store settings from its environment (here: system properties).
    MisconfiguredStoreResource.settings.forEach(System::setProperty);
    StringWriter err = new StringWriter();
    int exit;
    try {
      exit =
          new CommandLine(new ShardMain())
              .setOut(new PrintWriter(new StringWriter(), true))
              .setErr(new PrintWriter(err, true))
              .execute("shard", "--job", JOB_ID, "--index", "0", "--outage-limit", "PT10M");
    } finally {
      MisconfiguredStoreResource.settings.keySet().forEach(System::clearProperty);
    }

    assertThat(exit).as(err.toString()).isEqualTo(2);
    assertThat(err.toString())
        .contains("bucket '" + MisconfiguredStoreResource.BUCKET + "'")
        .contains(cause())
        .doesNotContain("retrying with backoff");
  }
}
