package dev.convscope.render.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.render.RgbImage;
import dev.convscope.render.TensorStatistics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The conformance suite (copied from the shared reference into test resources) and its tolerances:
 * pixels within ±1 per channel, statistics within 1e-5 relative with a floor near zero.
 */
public final class Conformance {

  public static final int PIXEL_TOLERANCE = 1;
  static final double STATS_TOLERANCE = 1e-5;
  static final double STATS_FLOOR = 1e-6;

  private Conformance() {}

  public static Path casesRoot() {
    try {
      return Path.of(Conformance.class.getClassLoader().getResource("conformance/cases").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<Path> cases() {
    try (Stream<Path> dirs = Files.list(casesRoot())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("case.json"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a PNG with ImageIO, an independent decoder, into RGB bytes. */
  public static RgbImage decode(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image).as("a decodable PNG").isNotNull();
      byte[] pixels = new byte[image.getWidth() * image.getHeight() * 3];
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          int rgb = image.getRGB(x, y);
          assertThat(rgb >>> 24).as("alpha at %d,%d", x, y).isEqualTo(255);
          int offset = (y * image.getWidth() + x) * 3;
          pixels[offset] = (byte) (rgb >> 16);
          pixels[offset + 1] = (byte) (rgb >> 8);
          pixels[offset + 2] = (byte) rgb;
        }
      }
      return new RgbImage(image.getWidth(), image.getHeight(), pixels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RgbImage expectedPicture(Path caseDir) throws IOException {
    return decode(Files.readAllBytes(caseDir.resolve("expected.png")));
  }

  public static JsonNode expectedStatistics(Path caseDir) throws IOException {
    return new ObjectMapper().readTree(caseDir.resolve("expected_stats.json").toFile());
  }

  /** Same size, and every channel of every pixel within {@code tolerance}. */
  public static void assertPixelsMatch(RgbImage actual, RgbImage expected, int tolerance) {
    assertThat(actual.width() + "x" + actual.height())
        .as("picture size")
        .isEqualTo(expected.width() + "x" + expected.height());
    byte[] a = actual.pixels();
    byte[] e = expected.pixels();
    for (int i = 0; i < a.length; i++) {
      int difference = Math.abs((a[i] & 0xFF) - (e[i] & 0xFF));
      if (difference > tolerance) {
        int pixel = i / 3;
        throw new AssertionError(
            String.format(
                "channel %s of pixel x=%d y=%d is %d, expected %d (tolerance %d)",
                "RGB".charAt(i % 3),
                pixel % actual.width(),
                pixel / actual.width(),
                a[i] & 0xFF,
                e[i] & 0xFF,
                tolerance));
      }
    }
  }

  /** Counts exactly; mean, stddev, centers and ticks within the suite's relative tolerance. */
  public static void assertStatisticsMatch(TensorStatistics actual, JsonNode expected) {
    double magnitude =
        Math.max(
            Math.abs(expected.get("ticks").get(0).asDouble()),
            Math.abs(expected.get("ticks").get(2).asDouble()));
    double floor = STATS_FLOOR * magnitude;
    assertClose("mean", actual.mean(), expected.get("mean").asDouble(), floor);
    assertClose("stddev", actual.stddev(), expected.get("stddev").asDouble(), floor);
    long[] counts = new long[expected.get("counts").size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = (long) expected.get("counts").get(i).asDouble();
    }
    assertThat(actual.counts()).as("counts").containsExactly(counts);
    for (int i = 0; i < expected.get("centers").size(); i++) {
      assertClose(
          "centers[" + i + "]",
          actual.centers()[i],
          expected.get("centers").get(i).asDouble(),
          floor);
    }
    for (int i = 0; i < 3; i++) {
      assertClose(
          "ticks[" + i + "]", actual.ticks()[i], expected.get("ticks").get(i).asDouble(), floor);
    }
  }

  private static void assertClose(String what, double actual, double expected, double floor) {
    double allowed = STATS_TOLERANCE * Math.max(Math.abs(expected), floor);
    assertThat(Math.abs(actual - expected))
        .as("%s is %s, expected %s", what, actual, expected)
        .isLessThanOrEqualTo(allowed);
  }
}
