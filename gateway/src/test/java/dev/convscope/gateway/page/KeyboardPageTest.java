package dev.convscope.gateway.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.api.NeighbourServicesResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Both pages as a keyboard and a screen reader meet them before anything is run: a skip link first,
 * a visible focus on every control the keyboard reaches (the drop zone too), and no serious or
 * critical accessibility violation by axe-core's rules.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class KeyboardPageTest extends BrowserTest {

  /** The element with the keyboard's focus and whether something marks it: outline or shadow. */
  private static final String FOCUS_SHOWN =
      "const focused = document.activeElement;"
          + "const marked = element => { const style = getComputedStyle(element);"
          + " return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)"
          + " || style.boxShadow !== 'none'; };"
          + "const zone = focused.closest('.dropzone');"
          + "return [focused.dataset.testid || focused.tagName,"
          + " marked(focused) && getComputedStyle(focused).opacity !== '0'"
          + " || (zone !== null && marked(zone))];";

  @TestHTTPResource("/")
  URL page;

  @Test
  void theClassifyPageStartsWithASkipLinkAndShowsFocusOnEveryControl() throws IOException {
    ChromeDriver browser = PageSteps.openPage(chromium.driver(), page);
    new Actions(browser).sendKeys(Keys.TAB).perform();
    WebElement skip = browser.switchTo().activeElement();
    assertThat(skip.getDomAttribute("data-testid")).isEqualTo("skip-link");
    assertThat(skip.isDisplayed()).isTrue();
    assertThat(skip.getRect().getY()).as("moved into view when focused").isGreaterThanOrEqualTo(0);

    boolean reachedDropZone = false;
    for (int press = 0; press < 25; press++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      @SuppressWarnings("unchecked")
      java.util.List<Object> focus = (java.util.List<Object>) browser.executeScript(FOCUS_SHOWN);
      if ("BODY".equals(focus.get(0))) {
        break; // past the last control
      }
      assertThat(focus.get(1)).as("focus shown on %s", focus.get(0)).isEqualTo(Boolean.TRUE);
      reachedDropZone |= "image-input".equals(focus.get(0));
    }
    assertThat(reachedDropZone)
        .as("the drop zone's file input is reached by the keyboard")
        .isTrue();
    assertThat(AxeCore.seriousViolations(browser)).isEmpty();
  }

  @Test
  void theJobsPageHasNoSeriousViolationsBeforeAJobIsOpened() throws IOException {
    ChromeDriver browser = chromium.driver();
    browser.get(page.toString() + "jobs.html");
    new org.openqa.selenium.support.ui.WebDriverWait(browser, PageSteps.WITHIN)
        .until(
            b ->
                !"loading"
                    .equals(PageSteps.byTestId(b, "jobs").get(0).getDomAttribute("data-state")));
    new Actions(browser).sendKeys(Keys.TAB).perform();
    assertThat(browser.switchTo().activeElement().getDomAttribute("data-testid"))
        .isEqualTo("skip-link");
    assertThat(AxeCore.seriousViolations(browser)).isEmpty();
  }
}
