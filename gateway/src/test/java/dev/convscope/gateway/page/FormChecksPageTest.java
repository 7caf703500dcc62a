package dev.convscope.gateway.page;

import static dev.convscope.gateway.page.PageSteps.WITHIN;
import static dev.convscope.gateway.page.PageSteps.byTestId;
import static dev.convscope.gateway.page.PageSteps.chooseImage;
import static dev.convscope.gateway.page.PageSteps.openPage;
import static dev.convscope.gateway.page.PageSteps.requestsTo;
import static dev.convscope.gateway.page.PageSteps.runImage;
import static dev.convscope.gateway.page.PageSteps.textOf;
import static dev.convscope.gateway.page.PageSteps.waitForError;
import static dev.convscope.gateway.page.PageSteps.waitForProgress;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The classify page checks what it sends before sending it: numbers within what the gateway and the
 * model take, only images the gateway reads and the browser can decode, none over the upload limit;
 * and when the gateway refuses a run, the last results stay and the refusal reads plainly.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class FormChecksPageTest extends BrowserTest {

  private static final String RUNS = "/api/v1/runs";

  private static Path files;

  @TestHTTPResource("/")
  URL page;

  @BeforeAll
  static void makeFolder() throws IOException {
    files = Files.createTempDirectory("convscope-form-test-");
  }

  @AfterAll
  static void removeFolder() throws IOException {
    try (var listed = Files.list(files)) {
      for (Path file : listed.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(files);
  }

  @Test
  void maxWidthAndTopKStayWithinWhatTheGatewayAndTheModelTake() throws IOException {
    ChromeDriver browser = openPage(chromium.driver(), page);
    JsonPath options = given().get("/api/v1/options").then().extract().jsonPath();
    JsonPath model = given().get("/api/v1/models/fashion-mnist").then().extract().jsonPath();
    int classes = model.getList("labels").size();
    // The widest map of the model, with the pixel between tiles: narrower budgets cut maps.
    int widestMap =
        model.<List<Integer>>getList("layers.output_shape").stream()
            .filter(shape -> shape.size() == 3)
            .mapToInt(shape -> shape.get(2) + 1)
            .max()
            .orElseThrow();
    assertThat(widestMap).isGreaterThan(options.getInt("limits.max_width.min"));

    assertThat(typeInto(browser, "max-width-input", "5")).isEqualTo(Integer.toString(widestMap));
    assertThat(byTestId(browser, "max-width-hint").get(0).getText())
        .contains(Integer.toString(widestMap));
    assertThat(typeInto(browser, "max-width-input", "99999"))
        .isEqualTo(options.getString("limits.max_width.max"));
    assertThat(typeInto(browser, "top-k-input", "0"))
        .isEqualTo(options.getString("limits.top_k.min"));
    assertThat(typeInto(browser, "top-k-input", "50")).isEqualTo(Integer.toString(classes));
    assertThat(byTestId(browser, "top-k-hint").get(0).getText())
        .contains(Integer.toString(classes));

    runImage(browser, write("boot.png", TestImages.bootPng()));
    waitForProgress(browser, "finished");
    assertThat(byTestId(browser, "error").get(0).isDisplayed()).isFalse();
    assertThat(byTestId(browser, "prediction")).as("every class, as clamped").hasSize(classes);
  }

  @Test
  void aFileThatIsNotAPngOrJpegIsRefusedBeforeItIsSent() throws IOException {
    ChromeDriver browser = openPage(chromium.driver(), page);
    Path notes = write("notes.txt", "shopping: milk, bread".getBytes(StandardCharsets.UTF_8));
    chooseImage(browser, notes);

    WebElement error = waitForError(browser);
    assertThat(byTestId(browser, "error-title").get(0).getText()).contains("notes.txt");
    assertThat(error.getDomAttribute("role")).isEqualTo("alert");
    assertThat(byTestId(browser, "run-button").get(0).isEnabled()).isFalse();
    assertThat(requestsTo(browser, RUNS)).isZero();
  }

  @Test
  void anImageOverTheUploadLimitIsRefusedBeforeItIsSent() throws IOException {
    ChromeDriver browser = openPage(chromium.driver(), page);
    long limit =
        given().get("/api/v1/options").then().extract().jsonPath().getLong("uploads.image_bytes");
    byte[] noisy = TestImages.noisyPng(400, 400);
    assertThat((long) noisy.length).isGreaterThan(limit);
    chooseImage(browser, write("large.png", noisy));

    waitForError(browser);
    assertThat(byTestId(browser, "error-title").get(0).getText()).contains("large.png");
    assertThat(textOf(browser, "error-detail")).contains(String.format("%,d", limit));
    assertThat(byTestId(browser, "run-button").get(0).isEnabled()).isFalse();
    assertThat(requestsTo(browser, RUNS)).isZero();
  }

  @Test
  void aFileTheBrowserCannotDecodeKeepsRunOff() throws IOException {
    ChromeDriver browser = openPage(chromium.driver(), page);
    Path notPicture = write("notes.png", "not a picture".getBytes(StandardCharsets.UTF_8));
    chooseImage(browser, notPicture);

    waitForError(browser);
    assertThat(byTestId(browser, "error-title").get(0).getText()).contains("notes.png");
    assertThat(byTestId(browser, "run-button").get(0).isEnabled()).isFalse();
    assertThat(requestsTo(browser, RUNS)).isZero();
  }

  @Test
  void aFileChangedOnDiskAfterItWasChosenIsNotSentAndSaysSo() throws IOException {
    ChromeDriver browser = openPage(chromium.driver(), page);
    Path boot = write("changed.png", TestImages.bootPng());
    chooseImage(browser, boot);
    WebElement run = byTestId(browser, "run-button").get(0);
    new WebDriverWait(browser, WITHIN).until(b -> run.isEnabled());
    write("changed.png", TestImages.shiftedBootPng(3));
    run.click();

    waitForError(browser);
    assertThat(byTestId(browser, "error-title").get(0).getText())
        .contains("changed.png")
        .contains("choose it again");
    assertThat(requestsTo(browser, RUNS)).isZero();
  }

  @Test
  void aRefusedRunKeepsThePreviousResultsAndSaysWhyInPlainWordsFirst() throws IOException {
    ChromeDriver browser = openPage(chromium.driver(), page);
    runImage(browser, write("boot.png", TestImages.bootPng()));
    waitForProgress(browser, "finished");
    List<String> predictions = texts(browser, "prediction");
    int cards = byTestId(browser, "layer-card").size();
    assertThat(predictions).isNotEmpty();

    // Small as a file, but more pixels than the inference service decodes.
    byte[] huge = TestImages.blackPng(6400, 6400);
    JsonPath problem =
        given()
            .contentType("image/png")
            .body(huge)
            .queryParam("model", "fashion-mnist")
            .post(RUNS)
            .then()
            .extract()
            .jsonPath();
    int status = problem.getInt("status");
    assertThat(status).isBetween(400, 499);
    runImage(browser, write("huge.png", huge));

    waitForError(browser);
    String lead = byTestId(browser, "error-title").get(0).getText();
    assertThat(lead)
        .isNotBlank()
        .doesNotContain(problem.getString("detail"))
        .doesNotContain(problem.getString("title"))
        .doesNotContain("convscope.")
        .doesNotContain(Integer.toString(status));
    assertThat(textOf(browser, "error-problem"))
        .isEqualTo(problem.getString("title") + " (" + status + ")");
    assertThat(textOf(browser, "error-detail")).isEqualTo(problem.getString("detail"));
    assertThat(byTestId(browser, "error-detail").get(0).isDisplayed())
        .as("the detail is folded beneath the sentence")
        .isFalse();

    assertThat(texts(browser, "prediction")).isEqualTo(predictions);
    assertThat(byTestId(browser, "layer-card")).hasSize(cards);
    assertThat(waitForProgress(browser, "finished").getDomAttribute("data-refused"))
        .isEqualTo("true");
  }

  /** Types a value into a number field and leaves it; answers the value the field then holds. */
  private static String typeInto(ChromeDriver browser, String testId, String value) {
    WebElement input = byTestId(browser, testId).get(0);
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.TAB);
    new WebDriverWait(browser, WITHIN).until(b -> !value.equals(input.getDomProperty("value")));
    return input.getDomProperty("value");
  }

  private static List<String> texts(ChromeDriver browser, String testId) {
    return byTestId(browser, testId).stream().map(WebElement::getText).toList();
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    return Files.write(files.resolve(name), bytes);
  }
}
