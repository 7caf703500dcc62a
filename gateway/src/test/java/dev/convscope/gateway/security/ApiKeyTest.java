package dev.convscope.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.convscope.api.gateway.v1.GatewayServiceGrpc;
import dev.convscope.api.gateway.v1.GetRunRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A gateway that requires an API key: every API call without it is refused (401 over REST,
 * UNAUTHENTICATED over gRPC) before any work is done, while health, the OpenAPI document and the
 * page stay open. (Every other gateway test runs without a key, the default.)
 */
@QuarkusTest
@TestProfile(ApiKeyTest.RequiresKey.class)
class ApiKeyTest {

  static final String KEY = "test-key-7f3a9c";

  /** The gateway with an API key configured. */
  public static class RequiresKey implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("convscope.gateway.api-key", KEY);
    }
  }

  @TestHTTPResource("/")
  URI gateway;

  @Test
  void restCallsWithoutTheRightKeyAreRefusedWithAProblem() {
    for (String path : new String[] {"/api/v1/models", "/api/v1/jobs", "/api/v1/runs/x"}) {
      given()
          .get(path)
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", containsString("Bearer"))
          .body("detail", containsString("API key"))
          .body("detail", not(containsString(KEY)));
      given().header("X-API-Key", "wrong").get(path).then().statusCode(401);
      given().header("Authorization", "Bearer wrong").get(path).then().statusCode(401);
    }
    given()
        .contentType("image/png")
        .body(new byte[] {1, 2, 3})
        .post("/api/v1/runs")
        .then()
        .statusCode(401);
  }

  @Test
  void theRightKeyPassesEitherWay() {
    // Past the key, an id that is no job is simply not found.
    given()
        .header("X-API-Key", KEY)
        .get("/api/v1/jobs/not-a-job")
        .then()
        .statusCode(404)
        .body("status", equalTo(404));
    given()
        .header("Authorization", "Bearer " + KEY)
        .get("/api/v1/jobs/not-a-job")
        .then()
        .statusCode(404);
  }

  @Test
  void healthTheApiDocumentAndThePageStayOpen() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
    given().get("/").then().statusCode(200).contentType(containsString("text/html"));
    given().get("/app.js").then().statusCode(200);
  }

  @Test
  void grpcCallsNeedTheKeyToo() throws InterruptedException {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress(gateway.getHost(), gateway.getPort())
            .usePlaintext()
            .build();
    try {
      GatewayServiceGrpc.GatewayServiceBlockingStub stub =
          GatewayServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
      GetRunRequest request = GetRunRequest.newBuilder().setRunId("nope").build();

      StatusRuntimeException refused =
          catchThrowableOfType(StatusRuntimeException.class, () -> stub.getRun(request));
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(refused.getStatus().getDescription()).contains("API key").doesNotContain(KEY);

      Metadata key = new Metadata();
      key.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), KEY);
      StatusRuntimeException passed =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(key))
                      .getRun(request));
      assertThat(passed.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
