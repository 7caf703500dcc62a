package dev.convscope.gateway.page;

import static dev.convscope.gateway.page.PageSteps.WITHIN;
import static dev.convscope.gateway.page.PageSteps.byTestId;
import static dev.convscope.gateway.page.PageSteps.runImage;
import static dev.convscope.gateway.page.PageSteps.waitForProgress;
import static dev.convscope.gateway.page.PageSteps.waitUntilLoaded;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.RunClient;
import dev.convscope.gateway.api.TestImages;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless browser, in front of the real inference and visualization
 * services and an S3-compatible store: a person's run from choosing the image to a single channel.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class WebPageTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /**
   * Records, at every change of the layer grid or the progress line, the progress text and how many
   * cards there are, in window.convscopeSeen.
   */
  private static final String WATCH_PROGRESS =
      "window.convscopeSeen = [];"
          + "const progress = document.querySelector(\"[data-testid='progress']\");"
          + "const grid = document.querySelector(\"[data-testid='layer-grid']\");"
          + "const seen = () => window.convscopeSeen.push("
          + "[progress.querySelector('.progress-text').textContent, grid.children.length]);"
          + "const observer = new MutationObserver(seen);"
          + "observer.observe(progress, {subtree: true, childList: true, characterData: true});"
          + "observer.observe(grid, {childList: true});";

  private static HeadlessChromium chromium;
  private static Path files;
  private static Path bootPng;

  @TestHTTPResource("/")
  URL page;

  @BeforeAll
  static void startChromium() throws IOException {
    files = Files.createTempDirectory("convscope-page-test-");
    bootPng = Files.write(files.resolve("boot.png"), TestImages.bootPng());
    chromium = HeadlessChromium.start(1400, 900);
  }

  @AfterAll
  static void stopChromium() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    for (Path file : List.of(bootPng, files)) {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void aRunShowsThePredictionsThenEveryLayerWithItsPicture() throws IOException {
    ChromeDriver browser = openPage();
    browser.executeScript(WATCH_PROGRESS);
    runImage(browser, bootPng);

    WebElement conv1 = picture(browser, "conv1", "activation");
    List<Long> size = waitUntilLoaded(browser, conv1);
    assertThat(size)
        .as("conv1's picture as the gateway states it")
        .isEqualTo(conv1PictureSize(Map.of()));
    assertThat(size)
        .containsExactly(
            Long.parseLong(conv1.getDomAttribute("data-width")),
            Long.parseLong(conv1.getDomAttribute("data-height")));

    JsonPath model = given().get("/api/v1/models/fashion-mnist").then().extract().jsonPath();
    List<String> labels = model.getList("labels");
    List<WebElement> predictions = byTestId(browser, "prediction");
    assertThat(predictions).hasSize(5);
    assertThat(byTestId(browser, "weights-notice").get(0).isDisplayed())
        .as("the built-in model is trained: no notice")
        .isFalse();
    WebElement top = predictions.get(0);
    assertThat(labels).contains(top.getDomAttribute("data-label"));
    assertThat(top.getText()).startsWith(top.getDomAttribute("data-label"));
    assertThat(top.findElement(By.className("prediction-value")).getText()).endsWith("%");

    WebElement progress = waitForProgress(browser, "finished");
    List<WebElement> cards = byTestId(browser, "layer-card");
    assertThat(progress.getDomAttribute("data-done"))
        .isEqualTo(progress.getDomAttribute("data-total"))
        .isEqualTo(Integer.toString(cards.size()));
    assertThat(progress.getText()).contains("all " + cards.size() + " layers");
    @SuppressWarnings("unchecked")
    List<List<Object>> seen =
        (List<List<Object>>) browser.executeScript("return window.convscopeSeen");
    assertThat(seen)
        .as("the first card is shown while the others are still to come")
        .anySatisfy(
            moment -> {
              assertThat((String) moment.get(0)).startsWith("layer 1 of " + cards.size());
              assertThat(moment.get(1)).isEqualTo(1L);
            });
    assertThat(
            cards.stream()
                .map(
                    card ->
                        card.getDomAttribute("data-layer")
                            + "/"
                            + card.getDomAttribute("data-kind")))
        .containsExactlyElementsOf(cardsInNetworkOrder(model));
    JsonPath sameRun =
        given()
            .contentType("image/png")
            .body(Files.readAllBytes(bootPng))
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    for (WebElement card : cards) {
      if (!"activation".equals(card.getDomAttribute("data-kind"))) {
        assertThat(card.findElements(By.cssSelector("[data-testid=health]"))).isEmpty();
        continue;
      }
      String layer = card.getDomAttribute("data-layer");
      String statistics = "layers.find { it.name == '" + layer + "' }.statistics";
      WebElement health = card.findElement(By.cssSelector("[data-testid=health]"));
      assertThat(health.getDomAttribute("data-zeros"))
          .as(layer)
          .isEqualTo(sameRun.getString(statistics + ".zero_count"));
      int dead = sameRun.getList(statistics + ".dead_channels").size();
      assertThat(health.getDomAttribute("data-dead")).as(layer).isEqualTo(Integer.toString(dead));
      assertThat(health.getText()).as(layer).endsWith(dead > 0 ? "dead" : "% zeros");
    }
    for (String vector : List.of("ip1", "prob")) {
      assertThat(picture(browser, vector, "activation").getDomAttribute("data-picture-kind"))
          .as(vector + " is drawn as a line plot")
          .isEqualTo("line_plot");
    }

    for (WebElement picture : byTestId(browser, "layer-picture")) {
      waitUntilLoaded(browser, picture);
    }
    chromium.saveFullPage(SCREENSHOTS.resolve("web-page.png"));
    @SuppressWarnings("unchecked")
    List<String> elsewhere =
        (List<String>)
            browser.executeScript(
                "return [...document.images].map(image => image.src).filter(Boolean)"
                    + ".filter(src => new URL(src).origin !== location.origin);");
    assertThat(elsewhere)
        .as("every picture comes from where the page came from, so it works wherever the page does")
        .isEmpty();
    assertThat(AxeCore.seriousViolations(browser))
        .as("serious or critical accessibility violations after a run")
        .isEmpty();

    byTestId(browser, "run-button").get(0).click();
    waitForProgress(browser, "finished");
    assertThat(byTestId(browser, "from-manifest"))
        .as("the same image and options again are answered from the stored run")
        .singleElement()
        .satisfies(badge -> assertThat(badge.getText()).isEqualTo("answered from a stored run"));
  }

  @Test
  void predictionsFromUntrainedWeightsComeWithAVisibleNotice() {
    ChromeDriver browser = openPage();
    // LeNet from the zoo has weights drawn from a seed here.
    new Select(byTestId(browser, "model-select").get(0)).selectByValue("lenet");
    runImage(browser, bootPng);

    WebElement notice =
        new WebDriverWait(browser, WITHIN)
            .until(b -> byTestId(b, "weights-notice").get(0).isDisplayed() ? b : null)
            .findElement(By.cssSelector("[data-testid='weights-notice']"));
    assertThat(notice.getText()).startsWith("Untrained weights").contains("seed");
    assertThat(notice.getDomAttribute("role")).isEqualTo("note");
    WebElement predictions = byTestId(browser, "predictions").get(0);
    assertThat(notice.getRect().getY())
        .as("right above the predictions")
        .isLessThan(predictions.getRect().getY());
    waitForProgress(browser, "finished");
  }

  @Test
  void aLayerOpensOnOneMapCutFromItsPictureAndStepsWithoutAskingTheGatewayAgain()
      throws IOException, InterruptedException {
    ChromeDriver browser = openPage();
    runImage(browser, bootPng);
    waitForProgress(browser, "finished");
    WebElement whole = picture(browser, "conv1", "activation");
    whole.click();

    WebElement detail = byTestId(browser, "layer-detail").get(0);
    WebElement map = byTestId(browser, "detail-channel").get(0);
    waitForMap(browser, map, 0);
    assertThat(detail.isDisplayed()).isTrue();
    JsonPath model = given().get("/api/v1/models/fashion-mnist").then().extract().jsonPath();
    List<Integer> shape =
        model.getList("layers.find { it.name == 'conv1' }.output_shape", Integer.class);
    int maxWidth =
        given().get("/api/v1/options").then().extract().jsonPath().getInt("defaults.max_width");
    WebElement channel = byTestId(browser, "channel-input").get(0);
    assertThat(channel.getDomAttribute("max")).isEqualTo(Integer.toString(shape.get(0) - 1));
    assertThat(List.of(map.getDomAttribute("data-width"), map.getDomAttribute("data-height")))
        .as("one map, without the padding between tiles")
        .containsExactly(Integer.toString(shape.get(2)), Integer.toString(shape.get(1)));
    assertThat(map.getCssValue("image-rendering")).isEqualTo("pixelated");

    long runsBefore = PageSteps.requestsTo(browser, "/api/v1/runs");
    channel.clear();
    channel.sendKeys("5");
    waitForMap(browser, map, 5);
    TileGeometry tile = TileGeometry.of(shape, maxWidth, 5);
    assertThat(
            List.of("data-x", "data-y", "data-width", "data-height").stream()
                .map(name -> Integer.parseInt(map.getDomAttribute(name))))
        .containsExactly(tile.x(), tile.y(), tile.width(), tile.height());
    assertThat(PageSteps.requestsTo(browser, "/api/v1/runs"))
        .as("a step asks the gateway nothing")
        .isEqualTo(runsBefore);
    BufferedImage stored =
        ImageIO.read(
            new ByteArrayInputStream(
                new RunClient(URI.create(page.toString()))
                    .get(map.getDomAttribute("data-source"))
                    .body()));
    assertThat(
            TileCrops.differingPixels(
                map, Integer.parseInt(map.getDomAttribute("data-scale")), stored, tile))
        .as("map 5 as the stored picture holds it")
        .isZero();

    new Select(byTestId(browser, "colormap-select").get(0)).selectByValue("viridis");
    new WebDriverWait(browser, WITHIN)
        .until(b -> "viridis".equals(map.getDomAttribute("data-colormap")));
    assertThat(map.getDomAttribute("data-source")).contains("viridis");
    assertThat(map.getDomAttribute("data-channel")).isEqualTo("5");
    assertThat(byTestId(browser, "detail-caption").get(0).getText()).contains("viridis");
    chromium.saveWindow(SCREENSHOTS.resolve("web-page-layer.png"));
    assertThat(AxeCore.seriousViolations(browser))
        .as("serious or critical accessibility violations in the layer dialog")
        .isEmpty();
  }

  private static void waitForMap(ChromeDriver browser, WebElement map, int channel) {
    new WebDriverWait(browser, WITHIN)
        .until(
            b ->
                map.isDisplayed()
                    && Integer.toString(channel).equals(map.getDomAttribute("data-channel")));
  }

  @Test
  void theFormOffersTheApisColormapsSwatchesAndDefaults() {
    ChromeDriver browser = openPage();
    JsonPath options = given().get("/api/v1/options").then().extract().jsonPath();

    Select colormap = new Select(byTestId(browser, "run-colormap-select").get(0));
    assertThat(colormap.getOptions().stream().map(option -> option.getDomProperty("value")))
        .containsExactlyElementsOf(options.getList("colormaps.name", String.class));
    assertThat(colormap.getFirstSelectedOption().getDomProperty("value"))
        .isEqualTo(options.getString("defaults.colormap"));
    assertThat(byTestId(browser, "max-width-input").get(0).getDomProperty("value"))
        .isEqualTo(options.getString("defaults.max_width"));
    assertThat(byTestId(browser, "top-k-input").get(0).getDomProperty("value"))
        .isEqualTo(options.getString("defaults.top_k"));

    // The swatch is painted with the chosen colormap's own colours, as the API gives them.
    colormap.selectByValue("hot");
    WebElement swatch = browser.findElement(By.cssSelector("#run-form .swatch"));
    String painted =
        String.valueOf(
            browser.executeScript(
                "return getComputedStyle(arguments[0]).backgroundImage;", swatch));
    List<String> hot = options.getList("colormaps.find { it.name == 'hot' }.swatch", String.class);
    assertThat(painted).startsWith("linear-gradient").contains(rgb(hot.get(hot.size() / 2)));
    assertThat(swatch.getDomAttribute("data-colormap")).isEqualTo("hot");
  }

  /** A #rrggbb colour as computed styles write it. */
  private static String rgb(String hex) {
    int value = Integer.parseInt(hex.substring(1), 16);
    return "rgb(" + (value >> 16) + ", " + ((value >> 8) & 0xFF) + ", " + (value & 0xFF) + ")";
  }

  @Test
  void theModelSummaryListsEveryLayerAndItsParameters() {
    ChromeDriver browser = openPage();
    new WebDriverWait(browser, WITHIN)
        .until(b -> "loaded".equals(byTestId(b, "summary").get(0).getDomAttribute("data-state")));
    JsonPath model = given().get("/api/v1/models/fashion-mnist").then().extract().jsonPath();

    assertThat(
            browser.findElements(By.cssSelector("[data-table='blobs'] tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-layer")))
        .containsExactlyElementsOf(model.getList("layers.name", String.class));
    List<String> conv1 =
        browser
            .findElements(By.cssSelector("[data-table='params'] tbody tr[data-layer='conv1']"))
            .stream()
            .map(WebElement::getText)
            .toList();
    List<Map<String, Object>> parameters =
        model.getList("layers.find { it.name == 'conv1' }.parameters");
    assertThat(conv1)
        .containsExactlyElementsOf(
            parameters.stream()
                .map(
                    parameter ->
                        "conv1 "
                            + parameter.get("name")
                            + " "
                            + ((List<?>) parameter.get("shape"))
                                .stream().map(String::valueOf).collect(Collectors.joining(" × "))
                            + " "
                            + String.format("%,d", ((Number) parameter.get("count")).longValue()))
                .toList());
    assertThat(conv1).containsExactly("conv1 weights 20 × 1 × 5 × 5 500", "conv1 bias 20 20");
    assertThat(byTestId(browser, "summary-param-total").get(0).getText())
        .isEqualTo(String.format("%,d", model.getLong("parameter_count")));
  }

  private ChromeDriver openPage() {
    return PageSteps.openPage(chromium.driver(), page);
  }

  private static WebElement picture(ChromeDriver browser, String layer, String kind) {
    return new WebDriverWait(browser, WITHIN)
        .until(
            b ->
                b.findElement(
                    By.cssSelector(
                        "[data-testid='layer-card'][data-layer='"
                            + layer
                            + "'][data-kind='"
                            + kind
                            + "'] [data-testid='layer-picture']")));
  }

  /** Network order: each layer's activations, then its weights when it has any. */
  private static List<String> cardsInNetworkOrder(JsonPath model) {
    List<String> cards = new ArrayList<>();
    for (Map<String, Object> layer : model.<Map<String, Object>>getList("layers")) {
      cards.add(layer.get("name") + "/activation");
      if (!((List<?>) layer.get("parameters")).isEmpty()) {
        cards.add(layer.get("name") + "/weights");
      }
    }
    return cards;
  }

  /** The size of conv1's picture when the REST API draws its activations alone with options. */
  private static List<Long> conv1PictureSize(Map<String, ?> options) throws IOException {
    JsonPath run =
        given()
            .contentType("image/png")
            .body(Files.readAllBytes(bootPng))
            .queryParam("model", "fashion-mnist")
            .queryParam("layers", "conv1")
            .queryParam("skip_weights", true)
            .queryParams(options)
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    return List.of(
        (long) run.getInt("layers[0].pictures[0].width"),
        (long) run.getInt("layers[0].pictures[0].height"));
  }
}
