package dev.convscope.gateway.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.RunClient;
import dev.convscope.gateway.api.TestImages;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The inference service killed (SIGKILL) in the middle of a streamed run: the stream ends with an
 * error event carrying 503 problem details, later runs are refused with a 503 at once, and the
 * gateway itself stays up and healthy.
 */
@QuarkusTest
@WithTestResource(
    value = ProcessNeighboursResource.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ProcessKillInferenceTest {

  @TestHTTPResource("/")
  URI gateway;

  @Test
  void theInferenceServiceKilledMidRunGivesA503AndTheGatewayStaysHealthy() throws Exception {
    RunClient client = new RunClient(gateway);
    // CaffeNet: long enough to be killed mid-run.
    HttpResponse<Stream<String>> response =
        client.stream("model=caffenet", TestImages.colourPng(5), "application/x-ndjson");
    assertThat(response.statusCode()).isEqualTo(200);
    List<JsonNode> events;
    try (Stream<String> lines = response.body()) {
      Iterator<JsonNode> stream = lines.filter(l -> !l.isBlank()).map(RunClient::parse).iterator();
      JsonNode started = stream.next();
      assertThat(started.get("type").asText()).isEqualTo("started");

      NeighbourServicesResource.runningInference().kill();

      events =
          CompletableFuture.supplyAsync(
                  () -> {
                    List<JsonNode> rest = new java.util.ArrayList<>();
                    stream.forEachRemaining(rest::add);
                    return rest;
                  })
              .get(30, TimeUnit.SECONDS);
    }
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("type").asText()).as("the stream's end: %s", last).isEqualTo("error");
    assertThat(last.at("/problem/status").asInt()).isEqualTo(503);
    assertThat(last.at("/problem/detail").asText()).contains("inference service");
    System.out.println("the killed run's last event: " + last);

    long start = System.nanoTime();
    given()
        .contentType("image/png")
        .accept("application/json")
        .body(TestImages.bootPng())
        .post("/api/v1/runs")
        .then()
        .statusCode(503)
        .contentType(startsWith("application/problem+json"))
        .header("Retry-After", "5")
        .body("detail", containsString("inference service"));
    System.out.printf(
        "a run with the inference service down: 503 in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/jobs.html").then().statusCode(200);
  }
}
