package dev.convscope.gateway.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
class JobsPageTest extends BrowserTest {

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

  @TestHTTPResource("/jobs.html")
  URL page;

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
    assertTheRowTellsTheJobApart(browser, jobId);
    assertAFinishedJobsRateStaysPut(browser, jobId);
    openSummary(browser, jobId);

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

    List<WebElement> health = byTestId(browser, "health-row");
    assertThat(health)
        .extracting(healthRow -> healthRow.getDomAttribute("data-layer"))
        .containsExactlyElementsOf(summary.getList("layers.name", String.class));
    for (WebElement healthRow : health) {
      String layer = "layers.find { it.name == '" + healthRow.getDomAttribute("data-layer") + "' }";
      assertThat(healthRow.getDomAttribute("data-never-fired"))
          .isEqualTo(Integer.toString(summary.getList(layer + ".never_fired").size()));
      assertThat(healthRow.getDomAttribute("data-constant"))
          .isEqualTo(Integer.toString(summary.getList(layer + ".constant").size()));
    }

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
    List<Double> classMeans =
        summary.getList(
            "layers.find { it.name == 'conv1' }.channels.find { it.channel == 3 }.class_means",
            Double.class);
    assertEachBarIsAsLongAsItsValue(browser, classMeans);

    chromium.saveFullPage(SCREENSHOTS.resolve("jobs-page.png"));
    assertThat(AxeCore.seriousViolations(browser))
        .as("serious or critical accessibility violations on the jobs page")
        .isEmpty();
  }

  @Test
  void aDataSetUploadedOnThePageIsStartedWatchedAndOpened() {
    ChromeDriver browser = chromium.driver();
    browser.get(page.toString());
    byTestId(browser, "add-dataset").get(0).click();
    byTestId(browser, "dataset-images-input")
        .get(0)
        .sendKeys(FashionMnistFiles.path(FashionMnistFiles.IMAGES).toString());
    byTestId(browser, "dataset-labels-input")
        .get(0)
        .sendKeys(FashionMnistFiles.path(FashionMnistFiles.LABELS).toString());
    WebElement upload = byTestId(browser, "dataset-upload-button").get(0);
    new WebDriverWait(browser, WITHIN).until(b -> upload.isEnabled());
    upload.click();

    WebElement status = byTestId(browser, "dataset-upload-status").get(0);
    new WebDriverWait(browser, WITHIN)
        .until(b -> status.getText().startsWith("Uploaded") || status.getText().contains("not"));
    assertThat(status.getText()).startsWith("Uploaded");
    // The chosen data set's text and key, read at once: the list is redrawn when it is read again.
    @SuppressWarnings("unchecked")
    List<String> chosen =
        new WebDriverWait(browser, WITHIN)
            .until(
                b ->
                    (List<String>)
                        browser.executeScript(
                            "const option = document.querySelector(\"[data-testid='dataset-select']\")"
                                + ".selectedOptions[0];"
                                + "return option && option.text.startsWith(arguments[0])"
                                + " ? [option.text, option.value] : null;",
                            FashionMnistFiles.IMAGES));
    assertThat(chosen.get(0)).contains("10,000 images").contains("labelled");
    List<Map<String, Object>> listed =
        given().get("/api/v1/datasets").then().statusCode(200).extract().jsonPath().getList("");
    Map<String, Object> uploaded =
        listed.stream()
            .filter(file -> file.get("key").equals(chosen.get(1)))
            .findFirst()
            .orElseThrow();
    assertThat(uploaded.get("labels")).asString().endsWith("/" + FashionMnistFiles.LABELS);

    for (Map.Entry<String, String> field :
        Map.of("limit", "20", "shard_size", "10", "top_n", "3").entrySet()) {
      WebElement input = browser.findElement(By.cssSelector("[name='" + field.getKey() + "']"));
      input.clear();
      input.sendKeys(field.getValue());
    }
    List<String> before =
        given().get("/api/v1/jobs").then().extract().jsonPath().getList("job_id", String.class);
    byTestId(browser, "job-start").get(0).click();
    String jobId =
        new WebDriverWait(browser, WITHIN)
            .until(
                b -> {
                  List<String> now =
                      given()
                          .get("/api/v1/jobs")
                          .then()
                          .extract()
                          .jsonPath()
                          .getList("job_id", String.class);
                  return now.stream().filter(id -> !before.contains(id)).findFirst().orElse(null);
                });
    @SuppressWarnings("unchecked")
    List<String> row =
        new WebDriverWait(browser, WITHIN)
            .until(b -> (List<String>) browser.executeScript(FINISHED_ROW, jobId));
    assertThat(row).containsExactly("20", "20", "20 / 20", "false");
    openSummary(browser, jobId);
    assertThat(byTestId(browser, "summary-accuracy").get(0).getDomAttribute("data-accuracy"))
        .as("labelled: the job measured its accuracy")
        .isNotBlank();
  }

  /**
   * The chart of a channel's mean per class draws one bar per class, each as long as its value on
   * one scale: the rendered length divided by the value is the same for every bar, and no bar is
   * taller than its row.
   */
  @SuppressWarnings("unchecked")
  private static void assertEachBarIsAsLongAsItsValue(ChromeDriver browser, List<Double> values) {
    List<List<Number>> bars =
        (List<List<Number>>)
            browser.executeScript(
                "return [...document.querySelectorAll(\"[data-testid='class-means-chart'] rect\")]"
                    + ".map(bar => { const box = bar.getBoundingClientRect();"
                    + " return [box.width, box.height]; });");
    assertThat(bars).hasSize(values.size());
    double largest = values.stream().mapToDouble(Math::abs).max().orElseThrow();
    assertThat(largest).isPositive();
    double longest = bars.stream().mapToDouble(bar -> bar.get(0).doubleValue()).max().orElseThrow();
    double rowHeight = 22;
    for (int i = 0; i < values.size(); i++) {
      double expected = longest * Math.abs(values.get(i)) / largest;
      assertThat(bars.get(i).get(0).doubleValue())
          .as("class %d's bar for a mean of %s", i, values.get(i))
          .isCloseTo(Math.max(expected, values.get(i) == 0 ? 0 : 1), within(1.0));
      assertThat(bars.get(i).get(1).doubleValue()).isLessThan(rowHeight);
    }
  }

  /** The list shows the whole id and the data set the job ran on. */
  private static void assertTheRowTellsTheJobApart(ChromeDriver browser, String jobId) {
    WebElement row = jobRow(browser, jobId);
    assertThat(row.findElement(By.cssSelector("[data-testid='job-id']")).getText())
        .isEqualTo(jobId);
    assertThat(row.findElement(By.cssSelector("[data-testid='job-dataset']")).getText())
        .startsWith(FashionMnistFiles.IMAGES + " (")
        .endsWith(", labelled");
  }

  /**
   * A finished job's rate is its images over the time it ran: the same when read again later, in
   * the API as on the page, and timed to an end the API names.
   */
  private static void assertAFinishedJobsRateStaysPut(ChromeDriver browser, String jobId) {
    JsonPath first =
        given().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
    assertThat(first.getString("finished_at")).isNotBlank();
    double seconds =
        Duration.between(
                    java.time.Instant.parse(first.getString("created_at")),
                    java.time.Instant.parse(first.getString("finished_at")))
                .toMillis()
            / 1e3;
    assertThat(first.getDouble("images_per_second")).isCloseTo(40 / seconds, within(0.05));
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    JsonPath later =
        given().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
    assertThat(later.getDouble("images_per_second"))
        .isEqualTo(first.getDouble("images_per_second"));
    browser.navigate().refresh();
    String shown =
        new WebDriverWait(browser, WITHIN)
            .until(
                b ->
                    (String)
                        browser.executeScript(
                            "const row = document.querySelector(\"[data-testid='job-row'][data-job-id='\""
                                + " + arguments[0] + \"']\");"
                                + "return row && row.querySelector(\"[data-testid='job-rate']\").textContent;",
                            jobId));
    assertThat(shown)
        .isEqualTo(String.format(Locale.ROOT, "%.1f", first.getDouble("images_per_second")));
  }

  /** Opens a finished job's summary from its row and waits until the page shows it. */
  private static void openSummary(ChromeDriver browser, String jobId) {
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
  }

  private static WebElement jobRow(ChromeDriver browser, String jobId) {
    return browser.findElement(
        By.cssSelector("[data-testid='job-row'][data-job-id='" + jobId + "']"));
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
    assertThat(TileCrops.region(picture, tile)).isNotEqualTo(TileCrops.region(picture, next));

    WebElement map =
        channels.get(channel).findElements(By.cssSelector("[data-testid='channel-map']")).get(0);
    int scale = Integer.parseInt(map.getDomAttribute("data-scale"));
    assertThat(TileCrops.differingPixels(map, scale, picture, tile))
        .as("pixels of channel %d's map drawn otherwise", channel)
        .isZero();
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
