package dev.convscope.gateway.page;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A page test's headless Chromium: started once for the test class, closed after it. */
abstract class BrowserTest {

  static HeadlessChromium chromium;

  @BeforeAll
  static void startChromium() throws IOException {
    chromium = HeadlessChromium.start(1400, 900);
  }

  @AfterAll
  static void stopChromium() {
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }
}
