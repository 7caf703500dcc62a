package dev.convscope.gateway.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page on a gateway that requires an API key: it asks for the key when the API refuses it,
 * keeps it for the tab and sends it. No neighbours run, so a call the key lets through ends in the
 * gateway's 503 (the inference service is away) instead of its 401.
 */
@QuarkusTest
@TestProfile(ApiKeyPageTest.RequiresKey.class)
class ApiKeyPageTest {

  private static final String KEY = "page-key-5d1e";
  private static final Duration WITHIN = Duration.ofSeconds(30);

  /** The gateway with an API key configured. */
  public static class RequiresKey implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("convscope.gateway.api-key", KEY);
    }
  }

  private static HeadlessChromium chromium;

  @TestHTTPResource("/")
  URL page;

  @BeforeAll
  static void startChromium() throws IOException {
    chromium = HeadlessChromium.start(1200, 800);
  }

  @AfterAll
  static void stopChromium() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void aWrongKeyIsRefusedAndForgotten() {
    ChromeDriver browser = open();
    answerPrompt(browser, "not-the-key");

    WebElement title = errorTitle(browser);
    assertThat(title.getText()).contains("API key").doesNotContain("401");
    assertThat(PageSteps.textOf(browser, "error-problem")).contains("401");
    assertThat(PageSteps.textOf(browser, "error-detail")).contains("API key");
    assertThat(storedKey(browser)).isNull();
  }

  @Test
  void theRightKeyIsKeptForTheTabAndSentWithEveryCall() {
    ChromeDriver browser = open();
    answerPrompt(browser, KEY);

    // Past the key check: the gateway itself answers, without its inference service.
    assertThat(errorTitle(browser).getText()).isNotBlank();
    assertThat(PageSteps.textOf(browser, "error-problem")).contains("503").doesNotContain("401");
    assertThat(storedKey(browser)).isEqualTo(KEY);

    browser.navigate().refresh(); // the same tab: no question this time
    assertThat(errorTitle(browser).getText()).isNotBlank();
    assertThat(PageSteps.textOf(browser, "error-problem")).contains("503");
    assertThat(ExpectedConditions.alertIsPresent().apply(browser)).isNull();
  }

  private ChromeDriver open() {
    ChromeDriver browser = chromium.driver();
    // A file of the same origin that calls no API: forget any key, then open the page.
    browser.get(page.toString() + "style.css");
    browser.executeScript("sessionStorage.clear()");
    browser.get(page.toString());
    return browser;
  }

  private static void answerPrompt(ChromeDriver browser, String key) {
    Alert prompt = new WebDriverWait(browser, WITHIN).until(ExpectedConditions.alertIsPresent());
    assertThat(prompt.getText()).contains("API key");
    prompt.sendKeys(key);
    prompt.accept();
  }

  private static WebElement errorTitle(ChromeDriver browser) {
    return new WebDriverWait(browser, WITHIN)
        .until(
            b -> {
              WebElement error = b.findElement(By.cssSelector("[data-testid='error']"));
              WebElement title = b.findElement(By.cssSelector("[data-testid='error-title']"));
              return error.isDisplayed() && !title.getText().isBlank() ? title : null;
            });
  }

  private static Object storedKey(ChromeDriver browser) {
    return browser.executeScript("return sessionStorage.getItem('convscope.api-key')");
  }
}
