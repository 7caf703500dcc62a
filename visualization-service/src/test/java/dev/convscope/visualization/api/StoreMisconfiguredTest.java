package dev.convscope.visualization.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import dev.convscope.visualization.store.RefusedCredentialsResource;
import dev.convscope.visualization.store.S3ProxyResource;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * A store that refuses this service's credentials is a configuration error, not an outage: a call
 * fails at once with INTERNAL naming the bucket (and never the secret), so the inference service's
 * retries of UNAVAILABLE leave it alone, and readiness says the store is misconfigured.
 */
@QuarkusTest
@WithTestResource(
    value = RefusedCredentialsResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class StoreMisconfiguredTest extends GrpcServiceTest {

  @Test
  void refusedCredentialsAreInternalAndNamedInReadiness() throws Exception {
    var header = RenderClient.header("refused", 4, 3, 3);
    float[] values = RenderTensorsTest.random(36, 7);

    RenderClient.Outcome refused = client.send(RenderClient.frames(header, values, 1 << 20));

    assertThat(refused.status().getCode())
        .as(refused.status().toString())
        .isEqualTo(Status.Code.INTERNAL);
    assertThat(refused.status().getDescription())
        .contains("bucket '" + S3ProxyResource.BUCKET + "'")
        .contains("convscope.store.secret-key")
        .doesNotContain(RefusedCredentialsResource.WRONG_SECRET)
        .doesNotContain(S3ProxyResource.store().secretKey());
    assertThat(refused.responses()).isEmpty();
    ErrorInfo reason =
        StatusProto.fromThrowable(refused.error()).getDetails(0).unpack(ErrorInfo.class);
    assertThat(reason.getReason()).isEqualTo("STORE_MISCONFIGURED");

    JsonPath ready = RestAssured.get("/q/health/ready").then().statusCode(503).extract().jsonPath();
    String check = "checks.find { it.name == 'object-store' }";
    assertThat(ready.getString(check + ".status")).isEqualTo("DOWN");
    assertThat(ready.getString(check + ".data.store")).isEqualTo("misconfigured");
    assertThat(ready.getString(check + ".data.reason"))
        .contains("bucket '" + S3ProxyResource.BUCKET + "'")
        .doesNotContain(RefusedCredentialsResource.WRONG_SECRET);
  }
}
