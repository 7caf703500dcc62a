package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** URIs past the limit get a 414 problem; neither needs a neighbour, so none are started. */
@QuarkusTest
class LongUriGuardTest {

  @Test
  void aUriOverTheLimitIsA414ProblemNamingTheLimit() {
    String path = "/api/v1/runs/" + "a".repeat(LongUriGuard.MAX_URI_CHARS);

    given()
        .get(path)
        .then()
        .statusCode(414)
        .contentType(startsWith(Problem.MEDIA_TYPE))
        .body("status", equalTo(414))
        .body("detail", containsString(Integer.toString(path.length())))
        .body("detail", containsString("at most " + LongUriGuard.MAX_URI_CHARS));
  }

  @Test
  void aUriOfSixtyThousandCharactersIsStillAProblemNotABare414() {
    given()
        .queryParam("channels", "7".repeat(60_000)) // nothing to escape: 60,000 characters as sent
        .get("/api/v1/runs/x")
        .then()
        .statusCode(414)
        .contentType(startsWith(Problem.MEDIA_TYPE))
        .body("detail", containsString("RunSpec"));
  }

  @Test
  void aUriAtTheLimitReachesTheApi() {
    String path = "/api/v1/runs/";
    String id = "b".repeat(LongUriGuard.MAX_URI_CHARS - path.length());

    // Not a run id: the API itself answers, so the guard let it through.
    given().get(path + id).then().statusCode(404).contentType(startsWith(Problem.MEDIA_TYPE));
  }
}
