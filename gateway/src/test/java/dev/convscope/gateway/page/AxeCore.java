package dev.convscope.gateway.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Deque's axe-core, the accessibility rules engine, run on a page the browser shows. The test loads
 * it into the page; the page itself never fetches it. It comes from npm at a pinned version into
 * the repository's {@code .tools/axe/} (as {@code ./convscope test} installs it, beside buf),
 * installed here when missing.
 */
final class AxeCore {

  static final String VERSION = "4.10.3";

  private static final Path TOOLS = Path.of("..", ".tools", "axe").toAbsolutePath().normalize();
  private static final Path SCRIPT = TOOLS.resolve("node_modules/axe-core/axe.min.js");
  private static final Set<String> FAILING = Set.of("serious", "critical");

  /** Runs the rules on the element arguments[0] selects, or on the whole document when null. */
  private static final String RUN =
      "const done = arguments[arguments.length - 1];"
          + "const context = arguments[0] === null ? document"
          + " : document.querySelector(arguments[0]);"
          + "axe.run(context, {resultTypes: ['violations']})"
          + ".then(result => done(JSON.stringify(result.violations)),"
          + " error => done(JSON.stringify({error: String(error)})));";

  private AxeCore() {}

  /**
   * The serious and critical violations on the page as the browser shows it now, each as "rule:
   * what to fix (where)"; empty when there are none.
   */
  static List<String> seriousViolations(ChromeDriver browser) throws IOException {
    return violations(browser, null, FAILING::contains);
  }

  /**
   * Every violation, of any impact (minor and moderate too), inside the element {@code selector}
   * selects, as "rule: what to fix (where)"; empty when there are none.
   */
  static List<String> violationsWithin(ChromeDriver browser, String selector) throws IOException {
    return violations(browser, selector, impact -> true);
  }

  private static List<String> violations(
      ChromeDriver browser, String selector, Predicate<String> counted) throws IOException {
    browser.executeScript(script());
    JsonNode violations =
        new ObjectMapper().readTree((String) browser.executeAsyncScript(RUN, selector));
    if (violations.has("error")) {
      throw new AssertionError("axe-core failed: " + violations.get("error").asText());
    }
    List<String> found = new ArrayList<>();
    for (JsonNode violation : violations) {
      if (counted.test(violation.path("impact").asText())) {
        List<String> where = new ArrayList<>();
        violation.path("nodes").forEach(node -> where.add(node.path("target").toString()));
        found.add(
            violation.path("id").asText() + ": " + violation.path("help").asText() + " " + where);
      }
    }
    return found;
  }

  private static String script() throws IOException {
    if (!Files.isRegularFile(SCRIPT)) {
      install();
    }
    return Files.readString(SCRIPT, StandardCharsets.UTF_8);
  }

  private static void install() throws IOException {
    Files.createDirectories(TOOLS);
    Process npm =
        new ProcessBuilder(
                "npm",
                "install",
                "--prefix",
                TOOLS.toString(),
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--silent",
                "axe-core@" + VERSION)
            .redirectErrorStream(true)
            .start();
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!npm.waitFor(5, TimeUnit.MINUTES)
          || npm.exitValue() != 0
          || !Files.isRegularFile(SCRIPT)) {
        throw new AssertionError(
            "axe-core "
                + VERSION
                + " could not be installed with npm into "
                + TOOLS
                + " (./convscope test installs it): "
                + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
