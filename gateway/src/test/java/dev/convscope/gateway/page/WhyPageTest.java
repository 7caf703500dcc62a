package dev.convscope.gateway.page;

import static dev.convscope.gateway.page.PageSteps.WITHIN;
import static dev.convscope.gateway.page.PageSteps.byTestId;
import static dev.convscope.gateway.page.PageSteps.runImage;
import static dev.convscope.gateway.page.PageSteps.waitForProgress;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.TestImages;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "why?" on the page's predictions, in headless Chromium in front of the real services: the
 * explanation of a class as the REST API answers it, each picture loaded, from the keyboard and
 * without accessibility violations; always for the image the run was made from; a refusal shown in
 * the panel; no "why?" without the run's image.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class WhyPageTest extends BrowserTest {

  /** What the keyboard's focus is on: its test id and, for a "why?", its class. */
  private static final String FOCUSED =
      "const focused = document.activeElement;"
          + "return (focused.dataset.testid || focused.tagName)"
          + " + ':' + (focused.dataset.classIndex || '');";

  private static Path files;
  private static Path bootPng;

  @TestHTTPResource("/")
  URL page;

  @BeforeAll
  static void writeImages() throws IOException {
    files = Files.createTempDirectory("convscope-why-page-test-");
    bootPng = Files.write(files.resolve("boot.png"), TestImages.bootPng());
  }

  @AfterAll
  static void deleteImages() throws IOException {
    for (Path file : List.of(bootPng, files)) {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void whyOnAPredictionShowsThatClassesMapsAsTheRestApiAnswersThem() throws IOException {
    ChromeDriver browser = PageSteps.openPage(chromium.driver(), page);
    String colormap =
        (String)
            browser.executeScript(
                "return document.querySelector(\"[data-testid='run-colormap-select']\").value;");
    runImage(browser, bootPng);
    waitForProgress(browser, "finished");
    List<WebElement> predictions = byTestId(browser, "prediction");
    WebElement second = predictions.get(1);
    String label = second.getDomAttribute("data-label");
    String classIndex = second.getDomAttribute("data-class-index");
    WebElement button = whyOf(second);
    assertThat(button.getTagName()).isEqualTo("button");
    assertThat(button.getDomAttribute("aria-label")).isEqualTo("Why " + label + "?");

    List<String> passed = tabTo(browser, "why-button:" + classIndex);
    assertThat(passed)
        .as("the keyboard meets the top prediction's why? first")
        .contains("why-button:" + predictions.get(0).getDomAttribute("data-class-index"));
    new Actions(browser).sendKeys(Keys.ENTER).perform();
    WebElement panel = waitForPanel(browser, classIndex, "loaded");
    assertThat(button.getDomAttribute("aria-expanded")).isEqualTo("true");
    assertThat(byTestId(browser, "why-title").get(0).getText()).isEqualTo("Why " + label + "?");
    assertPanelShows(browser, panel, explainedByRest(classIndex, colormap), label);
    assertThat(AxeCore.violationsWithin(browser, "[data-testid='why']"))
        .as("accessibility violations of any impact in the open panel")
        .isEmpty();
    assertThat(AxeCore.seriousViolations(browser))
        .as("serious or critical accessibility violations with the panel open")
        .isEmpty();
    chromium.saveWindow(Path.of("target", "screenshots", "web-page-why.png"));

    WebElement top = predictions.get(0);
    String topIndex = top.getDomAttribute("data-class-index");
    whyOf(top).click();
    panel = waitForPanel(browser, topIndex, "loaded");
    assertThat(byTestId(browser, "why")).as("one panel, replaced").hasSize(1);
    assertThat(byTestId(browser, "why-title").get(0).getText())
        .isEqualTo("Why " + top.getDomAttribute("data-label") + "?");
    assertThat(button.getDomAttribute("aria-expanded")).isEqualTo("false");
    assertPanelShows(
        browser, panel, explainedByRest(topIndex, colormap), top.getDomAttribute("data-label"));

    byTestId(browser, "why-close").get(0).click();
    assertThat(panel.isDisplayed()).isFalse();
    assertThat(browser.executeScript(FOCUSED))
        .as("the keyboard is back on the why? that opened the panel")
        .isEqualTo("why-button:" + topIndex);
  }

  @Test
  void whyExplainsTheImageTheRunWasMadeFromThoughItsFileChangedSince() throws IOException {
    byte[] ran = TestImages.shiftedBootPng(1);
    Path changing = Files.write(files.resolve("changing.png"), ran);
    try {
      ChromeDriver browser = PageSteps.openPage(chromium.driver(), page);
      runImage(browser, changing);
      waitForProgress(browser, "finished");
      Files.write(changing, TestImages.shiftedBootPng(3));

      WebElement top = byTestId(browser, "prediction").get(0);
      whyOf(top).click();
      WebElement panel = waitForPanel(browser, top.getDomAttribute("data-class-index"), "loaded");
      String digest = HexFormat.of().formatHex(sha256(ran));
      assertThat(panel.getDomAttribute("data-image-digest")).isEqualTo(digest);
      assertThat(
              browser.findElement(By.cssSelector(".run-badges .digest")).getDomAttribute("title"))
          .as("the run's own image")
          .isEqualTo("image SHA-256 " + digest);
    } finally {
      Files.delete(changing);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aModelRemovedAfterTheRunIsAProblemShownInThePanel() throws IOException {
    String model = "sha256:" + uploadTinyKerasModel();
    ChromeDriver browser = PageSteps.openPage(chromium.driver(), page);
    Select picker = new Select(byTestId(browser, "model-select").get(0));
    picker.selectByValue(model);
    new WebDriverWait(browser, WITHIN)
        .until(
            b -> {
              WebElement summary = byTestId(b, "summary").get(0);
              return model.equals(summary.getDomAttribute("data-model"))
                  && "loaded".equals(summary.getDomAttribute("data-state"));
            });
    runImage(browser, bootPng);
    waitForProgress(browser, "finished");
    given().delete("/api/v1/models/{name}", model).then().statusCode(204);

    WebElement top = byTestId(browser, "prediction").get(0);
    String classIndex = top.getDomAttribute("data-class-index");
    whyOf(top).click();
    waitForPanel(browser, classIndex, "failed");
    JsonPath refusal =
        given()
            .contentType("image/png")
            .body(Files.readAllBytes(bootPng))
            .queryParam("model", model)
            .queryParam("class", classIndex)
            .queryParam("method", "saliency,gradcam")
            .when()
            .post("/api/v1/explanations")
            .then()
            .statusCode(404)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    WebElement error = byTestId(browser, "why-error").get(0);
    assertThat(error.isDisplayed()).isTrue();
    assertThat(error.getDomAttribute("data-status")).isEqualTo("404");
    assertThat(byTestId(browser, "why-error-title").get(0).getText())
        .contains("not on the gateway any more");
    assertThat(PageSteps.textOf(browser, "why-error-detail"))
        .isEqualTo(refusal.getString("detail"));
    assertThat(PageSteps.textOf(browser, "why-error-problem"))
        .isEqualTo(refusal.getString("title") + " (404)");
    assertThat(byTestId(browser, "why-methods").get(0).findElements(By.cssSelector("img")))
        .isEmpty();
    assertThat(byTestId(browser, "error").get(0).isDisplayed())
        .as("the problem is the panel's; the page's own message box stays closed")
        .isFalse();
  }

  @Test
  void aRunWhoseImageThePageDoesNotHoldOffersWhyOffWithTheReason() {
    ChromeDriver browser = PageSteps.openPage(chromium.driver(), page);
    @SuppressWarnings("unchecked")
    Map<String, Object> button =
        (Map<String, Object>)
            browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "import('./why.js').then(({ whyButton }) => {"
                    + " const prediction = {label: 'Sneaker', class_index: 7, probability: 0.2};"
                    + " const button = whyButton(prediction, {model: 'fashion-mnist'});"
                    + " done({disabled: button.disabled, title: button.title,"
                    + " name: button.getAttribute('aria-label')}); });");
    assertThat(button.get("disabled")).isEqualTo(Boolean.TRUE);
    assertThat((String) button.get("title")).contains("image");
    assertThat(button.get("name")).isEqualTo("Why Sneaker?");
  }

  /** The same request as the page's, over REST: one class, saliency and Grad-CAM. */
  private static JsonPath explainedByRest(String classIndex, String colormap) throws IOException {
    return given()
        .contentType("image/png")
        .body(Files.readAllBytes(bootPng))
        .queryParam("model", "fashion-mnist")
        .queryParam("class", classIndex)
        .queryParam("method", "saliency,gradcam")
        .queryParam("colormap", colormap)
        .when()
        .post("/api/v1/explanations")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Each method in the panel as the REST answer has it: title, pictures and figures. */
  private static void assertPanelShows(
      ChromeDriver browser, WebElement panel, JsonPath rest, String label) {
    List<Map<String, Object>> attributions = rest.getList("attributions");
    List<WebElement> methods = panel.findElements(By.cssSelector("[data-testid='why-method']"));
    assertThat(methods).hasSize(attributions.size());
    for (int i = 0; i < methods.size(); i++) {
      WebElement method = methods.get(i);
      String path = "attributions[" + i + "].";
      assertThat(method.getDomAttribute("data-method")).isEqualTo(rest.getString(path + "method"));
      String layer = rest.getString(path + "layer");
      if (layer != null) {
        assertThat(method.findElement(By.tagName("h4")).getText()).endsWith(" at " + layer);
      }
      assertPicture(
          browser, method, "why-overlay", rest.getString(path + "overlay_url"), rest, path, label);
      assertPicture(
          browser, method, "why-map", rest.getString(path + "picture_url"), rest, path, label);
      for (String figure : List.of("min", "max", "mean")) {
        float expected = rest.getFloat(path + "statistics." + figure);
        WebElement shown = method.findElement(By.cssSelector("[data-figure='" + figure + "']"));
        assertThat(Float.parseFloat(shown.getDomAttribute("data-value")))
            .as("%s's %s", rest.getString(path + "method"), figure)
            .isEqualTo(expected);
        assertThat(Double.parseDouble(shown.findElement(By.tagName("dd")).getText()))
            .as("%s's %s as shown", rest.getString(path + "method"), figure)
            .isCloseTo(expected, within(Math.abs(expected) * 6e-3 + 1e-12));
      }
    }
  }

  /** A picture of the panel: the REST answer's URL, loaded at its size, served as a PNG. */
  private static void assertPicture(
      ChromeDriver browser,
      WebElement method,
      String testId,
      String url,
      JsonPath rest,
      String path,
      String label) {
    WebElement img = method.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    assertThat(img.getDomAttribute("src")).isEqualTo(url);
    assertThat(img.getDomAttribute("alt")).contains(label);
    List<Long> size = PageSteps.waitUntilLoaded(browser, img);
    int width = rest.getInt(path + "width");
    assertThat(size).containsExactly((long) width, (long) rest.getInt(path + "height"));
    ExtractableResponse<Response> served = given().get(url).then().extract();
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.contentType()).isEqualTo("image/png");
    assertThat(img.getCssValue("image-rendering")).isEqualTo("pixelated");
    int shown = img.getRect().getWidth();
    assertThat(shown % width).as("grown by a whole number").isZero();
    assertThat(shown).as("large enough to read").isGreaterThanOrEqualTo(4 * width);
  }

  /** Presses Tab until the focus is on {@code target}; answers what it passed on the way. */
  private static List<String> tabTo(ChromeDriver browser, String target) {
    browser.executeScript("document.activeElement.blur(); window.scrollTo(0, 0);");
    List<String> passed = new ArrayList<>();
    for (int press = 0; press < 60; press++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      String focused = (String) browser.executeScript(FOCUSED);
      if (focused.equals(target)) {
        return passed;
      }
      passed.add(focused);
    }
    throw new AssertionError(target + " is not reached by the keyboard; it passed " + passed);
  }

  private static WebElement whyOf(WebElement prediction) {
    return prediction.findElement(By.cssSelector("[data-testid='why-button']"));
  }

  private static WebElement waitForPanel(ChromeDriver browser, String classIndex, String state) {
    return new WebDriverWait(browser, WITHIN)
        .until(
            b -> {
              WebElement panel = byTestId(b, "why").get(0);
              return classIndex.equals(panel.getDomAttribute("data-class-index"))
                      && state.equals(panel.getDomAttribute("data-state"))
                  ? panel
                  : null;
            });
  }

  /** Adds the three-class Keras model of the gateway's fixtures; answers its digest. */
  private static String uploadTinyKerasModel() throws IOException {
    try (InputStream in =
        WhyPageTest.class.getResourceAsStream("/models/tiny_gray_sequential.h5")) {
      return given()
          .contentType("application/x-hdf5")
          .body(in.readAllBytes())
          .queryParam("name", "tiny-gray")
          .queryParam("labels", "zero,one,two")
          .when()
          .post("/api/v1/models")
          .then()
          .statusCode(
              org.hamcrest.Matchers.anyOf(
                  org.hamcrest.Matchers.equalTo(201), org.hamcrest.Matchers.equalTo(200)))
          .extract()
          .path("model.digest");
    }
  }
}
