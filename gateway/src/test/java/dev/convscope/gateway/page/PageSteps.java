package dev.convscope.gateway.page;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does on the classify page, step by step, as the page tests do it. */
final class PageSteps {

  static final Duration WITHIN = Duration.ofSeconds(120);

  /** How many requests the page has made to a path of the API since it was opened. */
  private static final String REQUESTS_TO =
      "return performance.getEntriesByType('resource')"
          + ".filter(entry => new URL(entry.name).pathname === arguments[0]).length;";

  /** The picture's natural size once it has loaded, or null while it loads. */
  private static final String LOADED_SIZE =
      "const img = arguments[0];"
          + "return img.complete && img.naturalWidth > 0"
          + " ? [img.naturalWidth, img.naturalHeight] : null;";

  private PageSteps() {}

  /** Waits until a picture has loaded; answers its natural width and height. */
  @SuppressWarnings("unchecked")
  static List<Long> waitUntilLoaded(ChromeDriver browser, WebElement picture) {
    return new WebDriverWait(browser, WITHIN)
        .until(b -> (List<Long>) browser.executeScript(LOADED_SIZE, picture));
  }

  /** Opens the page and waits until it has chosen the built-in model. */
  static ChromeDriver openPage(ChromeDriver browser, URL page) {
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

  /** Chooses the image file, then presses Run once the page allows it. */
  static void runImage(ChromeDriver browser, Path image) {
    chooseImage(browser, image);
    WebElement run = byTestId(browser, "run-button").get(0);
    new WebDriverWait(browser, WITHIN).until(b -> run.isEnabled());
    run.click();
  }

  static void chooseImage(ChromeDriver browser, Path image) {
    byTestId(browser, "image-input").get(0).sendKeys(image.toString());
  }

  static List<WebElement> byTestId(WebDriver browser, String id) {
    return browser.findElements(By.cssSelector("[data-testid='" + id + "']"));
  }

  static WebElement waitForProgress(ChromeDriver browser, String state) {
    return new WebDriverWait(browser, WITHIN)
        .until(
            b -> {
              WebElement progress = byTestId(b, "progress").get(0);
              return state.equals(progress.getDomAttribute("data-state")) ? progress : null;
            });
  }

  /** The page's error box once it shows. */
  static WebElement waitForError(ChromeDriver browser) {
    return new WebDriverWait(browser, WITHIN)
        .until(
            b ->
                byTestId(b, "error").stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null));
  }

  static long requestsTo(ChromeDriver browser, String path) {
    return (Long) browser.executeScript(REQUESTS_TO, path);
  }

  /** An element's text, shown or folded away (a closed details element's text is not shown). */
  static String textOf(ChromeDriver browser, String testId) {
    return (String)
        browser.executeScript(
            "return document.querySelector(\"[data-testid='\" + arguments[0] + \"']\").textContent;",
            testId);
  }
}
