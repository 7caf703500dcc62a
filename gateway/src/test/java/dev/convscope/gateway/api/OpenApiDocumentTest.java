package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The API describes itself; documents need no neighbours, so none are started. */
@QuarkusTest
class OpenApiDocumentTest {

  @Test
  void theDocumentListsEveryEndpoint() {
    given()
        .queryParam("format", "json")
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths", hasKey("/api/v1/models"))
        .body("paths", hasKey("/api/v1/models/{name}"))
        .body("paths", hasKey("/api/v1/runs"))
        .body("paths", hasKey("/api/v1/options"))
        .body("paths.'/api/v1/runs'.post.requestBody.content", hasKey("image/png"));
  }

  @Test
  void theBrowsableUiIsServed() {
    given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
  }
}
