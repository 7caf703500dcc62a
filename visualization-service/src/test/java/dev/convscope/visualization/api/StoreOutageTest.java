package dev.convscope.visualization.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.visualization.store.S3ProxyResource;
import io.grpc.Status;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With the store away, calls fail with UNAVAILABLE and report nothing as stored. */
@QuarkusTest
@WithTestResource(value = S3ProxyResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StoreOutageTest extends GrpcServiceTest {

  @AfterEach
  void restartStore() throws Exception {
    S3ProxyResource.store().start(); // whatever happened, leave the store up for the next test
  }

  @Test
  void anUnreachableStoreIsUnavailableAndNothingIsReportedAsStored() throws Exception {
    var header = RenderClient.header("outage", 4, 3, 3);
    float[] values = RenderTensorsTest.random(36, 21);

    S3ProxyResource.store().stop();
    RenderClient.Outcome down = client.send(RenderClient.frames(header, values, 1 << 20));
    RestAssured.get("/q/health/ready").then().statusCode(503);

    assertThat(down.status().getCode())
        .as(down.status().toString())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(down.status().getDescription()).contains("does not answer").contains("retry later");
    assertThat(down.responses()).isEmpty();

    S3ProxyResource.store().start();
    RenderClient.Outcome back = client.send(RenderClient.frames(header, values, 1 << 20));

    assertThat(back.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(GrpcTestSupport.readObject(back.responses().get(0).getPictures(0).getKey()))
        .isNotEmpty();
    RestAssured.get("/q/health/ready").then().statusCode(200);
  }
}
