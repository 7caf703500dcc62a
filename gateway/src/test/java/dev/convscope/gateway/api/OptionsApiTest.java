package dev.convscope.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The options a client offers come from the contract, through the API; no neighbours needed. */
@QuarkusTest
class OptionsApiTest {

  @Test
  void everyColormapComesWithASwatchDrawnFromItsStops() {
    given()
        .when()
        .get("/api/v1/options")
        .then()
        .statusCode(200)
        .body("colormaps.name", hasItems("jet", "hot", "gray", "viridis"))
        .body("colormaps.swatch.flatten()", everyItem(matchesPattern("#[0-9a-f]{6}")))
        .body("colormaps.find { it.name == 'jet' }.swatch", hasSize(OptionsResource.SWATCH_COLOURS))
        // jet runs from dark blue to dark red, gray from black to white.
        .body("colormaps.find { it.name == 'jet' }.swatch[0]", equalTo("#00007f"))
        .body("colormaps.find { it.name == 'gray' }.swatch[0]", equalTo("#000000"))
        .body("colormaps.find { it.name == 'gray' }.swatch[-1]", equalTo("#ffffff"));
  }

  @Test
  void defaultsAndLimitsAreTheContracts() {
    given()
        .when()
        .get("/api/v1/options")
        .then()
        .statusCode(200)
        .body("defaults.colormap", equalTo("jet"))
        .body("defaults.max_width", equalTo(600))
        .body("defaults.top_k", equalTo(5))
        .body("limits.max_width.min", equalTo(1))
        .body("limits.max_width.max", equalTo(4096))
        .body("limits.top_k.min", equalTo(1))
        .body("limits.top_k", not(hasKey("max")))
        .body("views", contains("tiles", "heatmap", "line", "histogram"));
  }

  /** The test profile's small limits, so the numbers are the gateway's settings, not constants. */
  @Test
  void theUploadLimitsAreTheGatewaysSettings() {
    given()
        .when()
        .get("/api/v1/options")
        .then()
        .statusCode(200)
        .body("uploads.image_bytes", equalTo(300000))
        .body("uploads.image_types", contains("image/png", "image/jpeg"))
        .body("uploads.dataset_bytes", equalTo(268435456))
        .body("uploads.model_bytes", equalTo(2097152));
  }
}
