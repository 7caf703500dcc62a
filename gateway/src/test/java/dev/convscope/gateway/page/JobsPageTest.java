package dev.convscope.gateway.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.RunClient;
import dev.convscope.gateway.batch.FashionMnistFiles;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The data-set jobs page in headless Chromium, in front of the real services: a small Fashion-MNIST
 * job followed to its end, then what it found.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class JobsPageTest {

  private static final Duration WITHIN = Duration.ofSeconds(180);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** True once the picture has loaded with a width of its own. */
  private static final String LOADED =
      "const img = arguments[0]; return img.complete && img.naturalWidth > 0;";

  /**
   * The job's row once it is finished, read at once (the list is redrawn as it is polled): done,
   * items, the progress text and whether it offers to cancel; null before.
   */
  private static final String FINISHED_ROW =
      "const row = document.querySelector(\"[data-testid='job-row'][data-job-id='\""
          + " + arguments[0] + \"']\");"
          + "if (!row || row.dataset.state !== 'finished') return null;"
          + "return [row.dataset.done, row.dataset.items,"
          + " row.querySelector(\"[data-testid='job-progress']\").textContent,"
          + " String(row.querySelector(\"[data-testid='job-cancel']\") !== null)];";

  private static HeadlessChromium chromium;

  @TestHTTPResource("/jobs.html")
  URL page;

  @BeforeAll
  static void startChromium() throws IOException {
    chromium = HeadlessChromium.start(1400, 900);
  }

  @AfterAll
  static void stopChromium() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void aJobIsFollowedToItsEndThenShowsItsAccuracyConfusionAndTopImages() throws IOException {
    String jobId = createIdxJob();
    ChromeDriver browser = chromium.driver();
    browser.get(page.toString());

    @SuppressWarnings("unchecked")
    List<String> row =
        new WebDriverWait(browser, WITHIN)
            .until(b -> (List<String>) browser.executeScript(FINISHED_ROW, jobId));
    assertThat(row).containsExactly("40", "40", "40 / 40", "false");
    browser.executeScript(
        "document.querySelector(\"[data-testid='job-row'][data-job-id='\" + arguments[0]"
            + " + \"'] [data-testid='job-open']\").click();",
        jobId);
    new WebDriverWait(browser, WITHIN)
        .until(
            b -> {
              WebElement summary = byTestId(b, "job-summary").get(0);
              return "loaded".equals(summary.getDomAttribute("data-state"))
                  && jobId.equals(summary.getDomAttribute("data-job-id"));
            });

    JsonPath summary =
        given()
            .get("/api/v1/jobs/" + jobId + "/summary")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(byTestId(browser, "summary-accuracy").get(0).getText())
        .isEqualTo(String.format(Locale.ROOT, "%.1f %%", summary.getDouble("accuracy") * 100));

    List<WebElement> cells = byTestId(browser, "confusion-cell");
    assertThat(cells).hasSize(100);
    assertThat(cells.stream().mapToInt(cell -> Integer.parseInt(cell.getText())).sum())
        .isEqualTo(40);
    assertThat(
            browser
                .findElements(By.cssSelector("[data-testid='confusion-matrix'] .row-label"))
                .stream()
                .map(WebElement::getText))
        .containsExactlyElementsOf(summary.getList("labels", String.class));

    new Select(byTestId(browser, "layer-select").get(0)).selectByValue("conv1");
    List<WebElement> channels =
        browser.findElements(By.cssSelector("[data-testid='channel-row'][data-layer='conv1']"));
    List<Map<String, Object>> conv1 =
        summary.getList("layers.find { it.name == 'conv1' }.channels");
    assertThat(channels).hasSize(Math.min(conv1.size(), 24)).isNotEmpty();
    for (WebElement channel : channels) {
      List<WebElement> thumbnails =
          channel.findElements(By.cssSelector("[data-testid='top-image']"));
      assertThat(thumbnails).hasSize(4);
      for (WebElement thumbnail : thumbnails) {
        new WebDriverWait(browser, WITHIN)
            .until(b -> Boolean.TRUE.equals(browser.executeScript(LOADED, thumbnail)));
        assertThat(thumbnail.getCssValue("image-rendering")).isEqualTo("pixelated");
      }
    }

    assertEachMapIsItsChannelsTile(browser, summary, channels, URI.create(page.toString()));

    channels.get(3).click();
    WebElement means = byTestId(browser, "class-means").get(0);
    assertThat(means.getDomAttribute("data-channel")).isEqualTo("3");
    assertThat(means.findElements(By.cssSelector("svg rect"))).hasSize(10);

    chromium.saveFullPage(SCREENSHOTS.resolve("jobs-page.png"));
  }

  /**
   * Beside each top image is the channel's own activation map: the tile the visualization service
   * drew for that channel, cut from the layer's tile picture. The crop the page worked out is the
   * one worked out here from the layer's shape and the job's width budget, and what the browser
   * draws there is, pixel for pixel, that tile of the stored picture.
   */
  private static void assertEachMapIsItsChannelsTile(
      ChromeDriver browser, JsonPath summary, List<WebElement> channels, URI gateway)
      throws IOException {
    int maxWidth = summary.getInt("max_width");
    List<Integer> shape =
        summary.getList("layers.find { it.name == 'conv1' }.shape", Integer.class);
    assertThat(shape).hasSize(3);
    for (WebElement channel : channels) {
      int index = Integer.parseInt(channel.getDomAttribute("data-channel"));
      TileGeometry tile = TileGeometry.of(shape, maxWidth, index);
      List<WebElement> maps = channel.findElements(By.cssSelector("[data-testid='channel-map']"));
      assertThat(maps).hasSize(4);
      for (WebElement map : maps) {
        new WebDriverWait(browser, WITHIN)
            .until(b -> !"pending".equals(map.getDomAttribute("data-crop")));
        assertThat(map.getDomAttribute("data-crop")).isEqualTo("channel");
        assertThat(
                List.of("data-x", "data-y", "data-width", "data-height").stream()
                    .map(name -> Integer.parseInt(map.getDomAttribute(name))))
            .containsExactly(tile.x(), tile.y(), tile.width(), tile.height());
      }
    }

    int channel = 3;
    TileGeometry tile = TileGeometry.of(shape, maxWidth, channel);
    String mapUrl =
        summary.getString(
            "layers.find { it.name == 'conv1' }.channels[" + channel + "].top[0].map_url");
    BufferedImage picture;
    try {
      picture = ImageIO.read(new ByteArrayInputStream(new RunClient(gateway).get(mapUrl).body()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    assertThat(List.of(picture.getWidth(), picture.getHeight()))
        .containsExactly(tile.pictureWidth(), tile.pictureHeight());
    // The comparison tells tiles apart: the next channel's tile is another picture.
    TileGeometry next = TileGeometry.of(shape, maxWidth, channel + 1);
    assertThat(region(picture, tile)).isNotEqualTo(region(picture, next));

    WebElement map =
        channels.get(channel).findElements(By.cssSelector("[data-testid='channel-map']")).get(0);
    int scale = Integer.parseInt(map.getDomAttribute("data-scale"));
    BufferedImage shown =
        ImageIO.read(new ByteArrayInputStream(map.getScreenshotAs(OutputType.BYTES)));
    assertThat(shown.getWidth()).isEqualTo(tile.width() * scale);
    int[] expected = region(picture, tile);
    int differing = 0;
    for (int y = 0; y < tile.height(); y++) {
      for (int x = 0; x < tile.width(); x++) {
        // The middle of the pixel's square on the page, away from any edge rounding.
        int drawn = shown.getRGB(x * scale + scale / 2, y * scale + scale / 2);
        if (!sameColour(drawn, expected[y * tile.width() + x])) {
          differing++;
        }
      }
    }
    assertThat(differing).as("pixels of channel %d's map drawn otherwise", channel).isZero();
  }

  private static int[] region(BufferedImage picture, TileGeometry tile) {
    return picture.getRGB(tile.x(), tile.y(), tile.width(), tile.height(), null, 0, tile.width());
  }

  /** Equal within 2 per component: the browser may round colours on their way to the screen. */
  private static boolean sameColour(int a, int b) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 2) {
        return false;
      }
    }
    return true;
  }

  private static String createIdxJob() throws IOException {
    String images = FashionMnistFiles.upload(FashionMnistFiles.IMAGES);
    String labels = FashionMnistFiles.upload(FashionMnistFiles.LABELS);
    return given()
        .contentType("application/json")
        .body(
            Map.of(
                "idx_images",
                images,
                "idx_labels",
                labels,
                "limit",
                40,
                "shard_size",
                20,
                "top_n",
                4,
                "model",
                "fashion-mnist"))
        .post("/api/v1/jobs")
        .then()
        .statusCode(201)
        .extract()
        .path("job_id");
  }

  private static List<WebElement> byTestId(WebDriver browser, String id) {
    return browser.findElements(By.cssSelector("[data-testid='" + id + "']"));
  }
}
