package dev.convscope.gateway.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.TestImages;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  private static final Duration WITHIN = Duration.ofSeconds(120);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** The picture's natural size once it has loaded, or null while it loads. */
  private static final String LOADED_SIZE =
      "const img = arguments[0];"
          + "return img.complete && img.naturalWidth > 0"
          + " ? [img.naturalWidth, img.naturalHeight] : null;";

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
  private static Path notAnImage;

  @TestHTTPResource("/")
  URL page;

  @BeforeAll
  static void startChromium() throws IOException {
    files = Files.createTempDirectory("convscope-page-test-");
    bootPng = Files.write(files.resolve("boot.png"), TestImages.bootPng());
    notAnImage =
        Files.write(
            files.resolve("notes.png"),
            "these are notes, not a picture".getBytes(StandardCharsets.UTF_8));
    chromium = HeadlessChromium.start(1400, 900);
  }

  @AfterAll
  static void stopChromium() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    for (Path file : List.of(bootPng, notAnImage, files)) {
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
    assertThat(top.getText()).startsWith(top.getDomAttribute("data-label")).endsWith("%");

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
    for (String vector : List.of("ip1", "prob")) {
      assertThat(picture(browser, vector, "activation").getDomAttribute("data-picture-kind"))
          .as(vector + " is drawn as a line plot")
          .isEqualTo("line_plot");
    }

    for (WebElement picture : byTestId(browser, "layer-picture")) {
      waitUntilLoaded(browser, picture);
    }
    chromium.saveFullPage(SCREENSHOTS.resolve("web-page.png"));

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
  void aLayerOpensOnOneChannelRedrawnForEachColormapAndChannel() throws IOException {
    ChromeDriver browser = openPage();
    runImage(browser, bootPng);
    waitForProgress(browser, "finished");
    browser
        .findElement(
            By.cssSelector(
                "[data-testid='layer-card'][data-layer='conv1'][data-kind='activation']"))
        .click();

    WebElement detail = byTestId(browser, "layer-detail").get(0);
    WebElement picture = byTestId(browser, "detail-picture").get(0);
    List<Long> single = waitUntilLoaded(browser, picture);
    WebElement whole = picture(browser, "conv1", "activation");
    assertThat(single.get(0))
        .as("one channel is smaller than all of them")
        .isLessThan(Long.parseLong(whole.getDomAttribute("data-width")));
    assertThat(detail.isDisplayed()).isTrue();
    WebElement channel = byTestId(browser, "channel-input").get(0);
    assertThat(channel.getDomProperty("value")).isEqualTo("0");
    assertThat(channel.getDomAttribute("max")).isEqualTo("19");
    assertThat(picture.getDomAttribute("data-channel")).isEqualTo("0");
    assertThat(picture.getCssValue("image-rendering")).isEqualTo("pixelated");
    assertThat(picture.getSize().getWidth())
        .as("the channel is scaled up")
        .isGreaterThan(2 * Integer.parseInt(picture.getDomAttribute("data-width")));

    String jet = picture.getDomAttribute("src");
    new Select(byTestId(browser, "colormap-select").get(0)).selectByValue("viridis");
    String viridis = waitForNewPicture(browser, picture, jet);
    assertThat(picture.getDomAttribute("data-colormap")).isEqualTo("viridis");
    assertThat(viridis).contains("viridis");

    channel.clear();
    channel.sendKeys("5");
    waitForNewPicture(browser, picture, viridis);
    assertThat(picture.getDomAttribute("data-channel")).isEqualTo("5");
    assertThat(waitUntilLoaded(browser, picture))
        .as("channel 5 as the gateway states it")
        .isEqualTo(conv1PictureSize(Map.of("channels", 5, "colormap", "viridis")))
        .isEqualTo(single);
    assertThat(picture.getDomAttribute("src")).contains("-ch5");
    chromium.saveWindow(SCREENSHOTS.resolve("web-page-layer.png"));
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

  @Test
  void aFileThatIsNotAnImageShowsTheGatewaysProblem() throws IOException {
    JsonPath problem =
        given()
            .contentType("image/png")
            .body(Files.readAllBytes(notAnImage))
            .queryParam("model", "fashion-mnist")
            .when()
            .post("/api/v1/runs")
            .then()
            .statusCode(415)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();

    ChromeDriver browser = openPage();
    runImage(browser, notAnImage);
    WebElement error =
        new WebDriverWait(browser, WITHIN)
            .until(
                b ->
                    byTestId(b, "error").stream()
                        .filter(WebElement::isDisplayed)
                        .findFirst()
                        .orElse(null));
    assertThat(error.getDomAttribute("role")).isEqualTo("alert");
    assertThat(byTestId(browser, "error-title").get(0).getText())
        .isEqualTo(problem.getString("title") + " (" + problem.getInt("status") + ")");
    assertThat(byTestId(browser, "error-detail").get(0).getText())
        .isEqualTo(problem.getString("detail"))
        .isNotBlank();
    assertThat(waitForProgress(browser, "failed").getDomAttribute("data-done")).isEqualTo("0");
    assertThat(byTestId(browser, "layer-card")).isEmpty();
  }

  private ChromeDriver openPage() {
    ChromeDriver browser = chromium.driver();
    browser.get(page.toString());
    new WebDriverWait(browser, WITHIN)
        .until(
            b ->
                "fashion-mnist"
                    .equals(
                        new Select(byTestId(b, "model-select").get(0))
                            .getFirstSelectedOption()
                            .getDomProperty("value")));
    return browser;
  }

  private static void runImage(ChromeDriver browser, Path image) {
    byTestId(browser, "image-input").get(0).sendKeys(image.toString());
    WebElement run = byTestId(browser, "run-button").get(0);
    new WebDriverWait(browser, WITHIN).until(b -> run.isEnabled());
    run.click();
  }

  private static List<WebElement> byTestId(org.openqa.selenium.WebDriver browser, String id) {
    return browser.findElements(By.cssSelector("[data-testid='" + id + "']"));
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

  private static WebElement waitForProgress(ChromeDriver browser, String state) {
    return new WebDriverWait(browser, WITHIN)
        .until(
            b -> {
              WebElement progress = byTestId(b, "progress").get(0);
              return state.equals(progress.getDomAttribute("data-state")) ? progress : null;
            });
  }

  @SuppressWarnings("unchecked")
  private static List<Long> waitUntilLoaded(ChromeDriver browser, WebElement picture) {
    return new WebDriverWait(browser, WITHIN)
        .until(b -> (List<Long>) browser.executeScript(LOADED_SIZE, picture));
  }

  /** Waits until the picture shows another URL than before and has loaded it; returns the URL. */
  private static String waitForNewPicture(ChromeDriver browser, WebElement picture, String before) {
    new WebDriverWait(browser, WITHIN)
        .until(
            b ->
                !before.equals(picture.getDomAttribute("src"))
                    && browser.executeScript(LOADED_SIZE, picture) != null
                    && "loaded"
                        .equals(
                            b.findElement(By.cssSelector(".stage-frame"))
                                .getDomAttribute("data-state")));
    return picture.getDomAttribute("src");
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
