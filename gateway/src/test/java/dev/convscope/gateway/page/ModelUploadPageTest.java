package dev.convscope.gateway.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.api.NeighbourServicesResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A user adds a Caffe model from the page, in headless Chromium: the files go up as one form, the
 * new model is chosen in the picker with its name, input and preprocessing; files the page does not
 * know keep the button off, and a refusal shows the gateway's words.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class ModelUploadPageTest {

  private static final Duration WITHIN = Duration.ofSeconds(120);

  private static HeadlessChromium chromium;
  private static Path files;

  @TestHTTPResource("/")
  URL page;

  @BeforeAll
  static void startChromium() throws IOException {
    files = Files.createTempDirectory("convscope-upload-page-test-");
    for (String file : List.of("resnet_like.prototxt", "resnet_like.caffemodel")) {
      try (InputStream in = ModelUploadPageTest.class.getResourceAsStream("/caffe/nets/" + file)) {
        Files.copy(in, files.resolve(file));
      }
    }
    Files.writeString(files.resolve("notes.txt"), "not a model");
    chromium = HeadlessChromium.start(1400, 900);
  }

  @AfterAll
  static void stopChromium() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    try (var listed = Files.list(files)) {
      for (Path file : listed.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(files);
  }

  @Test
  void aCaffeModelAddedOnThePageIsChosenWithItsFacts() {
    ChromeDriver browser = openPage();
    byTestId(browser, "add-model").click();
    byTestId(browser, "model-files-input")
        .sendKeys(
            files.resolve("resnet_like.prototxt") + "\n" + files.resolve("resnet_like.caffemodel"));
    byTestId(browser, "model-name-input").sendKeys("resnet-page");
    WebElement add = byTestId(browser, "add-model-button");
    assertThat(add.isEnabled()).isTrue();
    add.click();

    // "Added: resnet-page", or the name it was first stored under if another test stored it before.
    new WebDriverWait(browser, WITHIN)
        .until(b -> byTestId(b, "upload-status").getText().matches("(Added|Already stored): .+"));
    String shown = byTestId(browser, "upload-status").getText().replaceFirst("^[^:]+: ", "");
    Select picker = new Select(byTestId(browser, "model-select"));
    new WebDriverWait(browser, WITHIN)
        .until(b -> picker.getFirstSelectedOption().getDomProperty("value").startsWith("sha256:"));
    assertThat(picker.getFirstSelectedOption().getText()).startsWith(shown).endsWith("upload");
    new WebDriverWait(browser, WITHIN)
        .until(b -> byTestId(b, "model-facts").getText().contains("3×24×24 input"));
    assertThat(byTestId(browser, "model-facts").getText()).contains("BGR").contains("pretrained");
  }

  @Test
  void unknownFilesKeepTheButtonOffAndARefusalShowsTheGatewaysWords() {
    ChromeDriver browser = openPage();
    byTestId(browser, "add-model").click();
    WebElement input = byTestId(browser, "model-files-input");
    input.sendKeys(files.resolve("notes.txt").toString());
    assertThat(byTestId(browser, "add-model-button").isEnabled()).isFalse();
    assertThat(byTestId(browser, "upload-status").getText()).contains("notes.txt");

    browser.executeScript("arguments[0].value = ''", input);
    input.sendKeys(files.resolve("resnet_like.prototxt").toString());
    byTestId(browser, "add-model-button").click();
    WebElement error =
        new WebDriverWait(browser, WITHIN)
            .until(b -> byTestId(b, "error").isDisplayed() ? byTestId(b, "error") : null);
    assertThat(error.getText()).startsWith("The model was not added");
    assertThat(PageSteps.textOf(browser, "error-detail")).contains("weights");
    assertThat(byTestId(browser, "upload-status").getText()).contains("not added");
  }

  private ChromeDriver openPage() {
    return PageSteps.openPage(chromium.driver(), page);
  }

  private static WebElement byTestId(org.openqa.selenium.WebDriver browser, String id) {
    return browser.findElement(By.cssSelector("[data-testid='" + id + "']"));
  }
}
