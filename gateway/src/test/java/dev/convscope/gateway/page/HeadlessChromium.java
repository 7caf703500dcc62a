package dev.convscope.gateway.page;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's ChromeDriver. Both paths are given, so
 * Selenium never looks for (or downloads) a browser or driver of its own, and the flags keep
 * Chromium from reaching for the network on a closed machine.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /** Waits until every image on the page is decoded, so a screenshot beyond the window has them. */
  private static final String DECODE_PICTURES =
      "const done = arguments[arguments.length - 1];"
          + "const images = [...document.images].filter(image => image.src);"
          + "Promise.all(images.map(image => image.decode().catch(() => null)))"
          + ".then(() => requestAnimationFrame(() => done(true)));";

  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts the browser with a fresh profile; fails, naming the packages, when either is absent. */
  static HeadlessChromium start(int width, int height) throws IOException {
    checkInstalled(BROWSER, "Chromium");
    checkInstalled(DRIVER, "ChromeDriver");
    Path profile = Files.createTempDirectory("convscope-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .build();
    try {
      return new HeadlessChromium(new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      deleteTree(profile);
      throw e;
    }
  }

  private static void checkInstalled(Path executable, String what) {
    if (!Files.isExecutable(executable)) {
      throw new AssertionError(
          what
              + " is missing ("
              + executable
              + "): the web page's test drives Debian's Chromium through its ChromeDriver;"
              + " install the packages chromium and chromium-driver"
              + " (apt-get install chromium chromium-driver; .ci/run does so)");
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Writes a PNG of the whole page, beyond the window's height, once every picture is decoded. */
  void saveFullPage(Path file) throws IOException {
    driver.executeAsyncScript(DECODE_PICTURES);
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
    Map<String, Object> clip =
        Map.of(
            "x", 0,
            "y", 0,
            "width", ((Number) content.get("width")).doubleValue(),
            "height", ((Number) content.get("height")).doubleValue(),
            "scale", 1);
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }

  /** Writes a PNG of what the window shows, such as an open dialog over the page. */
  void saveWindow(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
