package dev.convscope.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convscope.render.RgbImage;
import dev.convscope.render.conformance.Conformance;
import dev.convscope.render.npy.NpyBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convscope render} end to end: files in, PNG and statistics JSON out, exit codes. */
class RenderCommandTest {

  private static final Path CONV1 = Conformance.casesRoot().resolve("conv1_96x55x55_relu");

  @TempDir Path dir;

  private static RgbImage picture(Path png) throws IOException {
    return Conformance.decode(Files.readAllBytes(png));
  }

  private static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  private static float[] randomValues(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private int run(String... args) {
    return RenderCommand.run(args);
  }

  @Test
  void npyFileGivesAPictureAndStatistics() throws Exception {
    float[] values = randomValues(10 * 6 * 6, 1);
    Path npy = NpyBytes.write(dir.resolve("pool.npy"), new int[] {10, 6, 6}, values);
    Path png = dir.resolve("pool.png");
    Path stats = dir.resolve("nested/out/pool.json"); // missing folders are made

    int exit = run(npy.toString(), "--png", png.toString(), "--stats", stats.toString());

    assertThat(exit).isZero();
    // 10 maps of 6×6 padded to 7: n = 4, 4·3 ≥ 10, so 3 columns and 4 rows.
    RgbImage image = picture(png);
    assertThat(image.width()).isEqualTo(21);
    assertThat(image.height()).isEqualTo(28);

    JsonNode json = json(stats);
    double mean = 0;
    for (float v : values) {
      mean += v;
    }
    mean /= values.length;
    double squares = 0;
    for (float v : values) {
      squares += (v - mean) * (v - mean);
    }
    assertThat(json.get("mean").asDouble()).isCloseTo(mean, within(1e-12));
    assertThat(json.get("stddev").asDouble())
        .isCloseTo(Math.sqrt(squares / values.length), within(1e-12));
    assertThat(json.get("counts")).hasSize(20);
    double counted = 0;
    for (JsonNode count : json.get("counts")) {
      counted += count.asDouble();
    }
    assertThat(counted).isEqualTo(360.0);
    assertThat(json.get("centers")).hasSize(20);
    assertThat(json.get("ticks")).hasSize(3);
    float min = values[0];
    float max = values[0];
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(json.get("ticks").get(0).asDouble()).isEqualTo(min);
    assertThat(json.get("ticks").get(2).asDouble()).isEqualTo(max);
  }

  @Test
  void statisticsAreOptional() throws Exception {
    Path npy = NpyBytes.write(dir.resolve("v.npy"), new int[] {4}, 1, 2, 3, 4);
    Path png = dir.resolve("v.png");

    assertThat(run(npy.toString(), "--png", png.toString())).isZero();

    assertThat(png).exists();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("v.npy", "v.png");
    }
  }

  @Test
  void conformanceCaseMatchesItsExpectedPictureAndStatistics() throws Exception {
    Path png = dir.resolve("conv1.png");
    Path stats = dir.resolve("conv1.json");

    int exit = run(CONV1.toString(), "--png", png.toString(), "--stats", stats.toString());

    assertThat(exit).isZero();
    Conformance.assertPixelsMatch(
        picture(png), Conformance.expectedPicture(CONV1), Conformance.PIXEL_TOLERANCE);
    JsonNode actual = json(stats);
    JsonNode expected = Conformance.expectedStatistics(CONV1);
    assertThat(actual.get("counts")).isEqualTo(expected.get("counts"));
    for (String field : new String[] {"mean", "stddev"}) {
      double e = expected.get(field).asDouble();
      assertThat(actual.get(field).asDouble()).as(field).isCloseTo(e, within(1e-5 * Math.abs(e)));
    }
  }

  @Test
  void maxWidthFlagOverridesTheCase() throws Exception {
    Path png = dir.resolve("small.png");

    assertThat(run(CONV1.toString(), "--png", png.toString(), "--max-width", "100")).isZero();

    // 55 pixels + 1 of padding: 100 // 56 = 1 map per row, so one map.
    RgbImage image = picture(png);
    assertThat(image.width()).isEqualTo(56);
    assertThat(image.height()).isEqualTo(56);
  }

  @Test
  void colormapFlagOverridesTheCase() throws Exception {
    Path png = dir.resolve("gray.png");

    assertThat(run(CONV1.toString(), "--png", png.toString(), "--colormap", "gray")).isZero();

    RgbImage image = picture(png);
    assertThat(image.width()).isEqualTo(560);
    int dark = 0;
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int rgb = image.rgbAt(x, y);
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        assertThat(g).as("green at %d,%d", x, y).isEqualTo(r);
        assertThat(b).as("blue at %d,%d", x, y).isEqualTo(r);
        dark += r < 128 ? 1 : 0;
      }
    }
    assertThat(dark).as("gray, not blank").isGreaterThan(1000);
  }

  @Test
  void channelsFlagDrawsTheFirstMaps() throws Exception {
    Path npy = NpyBytes.write(dir.resolve("maps.npy"), new int[] {10, 6, 6}, randomValues(360, 2));
    Path png = dir.resolve("four.png");
    Path conv1Png = dir.resolve("conv1-four.png");

    assertThat(run(npy.toString(), "--png", png.toString(), "--channels", "4")).isZero();
    assertThat(run(CONV1.toString(), "--png", conv1Png.toString(), "--channels", "4")).isZero();

    // 4 tiles: n = 2, 2·1 < 4, so a 2×2 grid.
    RgbImage image = picture(png);
    assertThat(new int[] {image.width(), image.height()}).containsExactly(14, 14);
    RgbImage conv1 = picture(conv1Png);
    assertThat(new int[] {conv1.width(), conv1.height()}).containsExactly(112, 112);
  }

  @Test
  void channelsFlagTakesAList() throws Exception {
    Path npy = NpyBytes.write(dir.resolve("maps.npy"), new int[] {10, 6, 6}, randomValues(360, 3));
    Path png = dir.resolve("listed.png");

    assertThat(run(npy.toString(), "--png", png.toString(), "--channels", "0,5,7-9")).isZero();

    // 5 tiles: n = 3, 3·2 ≥ 5, so 2 columns and 3 rows.
    RgbImage image = picture(png);
    assertThat(new int[] {image.width(), image.height()}).containsExactly(14, 21);
  }

  @Test
  void lineViewOfAVector() throws Exception {
    float[] values = new float[300];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) Math.sin(i / 20.0);
    }
    Path npy = NpyBytes.write(dir.resolve("fc.npy"), new int[] {300}, values);
    Path png = dir.resolve("fc-line.png");

    assertThat(run(npy.toString(), "--png", png.toString(), "--view", "line")).isZero();

    RgbImage image = picture(png);
    assertThat(image.width()).isEqualTo(600); // the default width budget
    assertThat(image.height()).isEqualTo(200);
  }

  @Test
  void noNormalizeFlagDrawsValuesAsTheyAre() throws Exception {
    // Value 255 unnormalised in gray is white; normalised, the smallest of 100 and 255 would be
    // black.
    Path npy = NpyBytes.write(dir.resolve("two.npy"), new int[] {2}, 100, 255);
    Path png = dir.resolve("two.png");

    assertThat(run(npy.toString(), "--png", png.toString(), "--colormap", "gray", "--no-normalize"))
        .isZero();

    RgbImage image = picture(png);
    assertThat(image.rgbAt(0, 0) & 0xFF).isBetween(99, 100);
    assertThat(image.rgbAt(0, 1)).isEqualTo(0xFFFFFF);
  }

  private void assertRejected(Path png, String... args) {
    int exit = run(args);

    assertThat(exit).as("exit code of %s", Arrays.toString(args)).isEqualTo(2);
    assertThat(png).as("no picture is written").doesNotExist();
  }

  @Test
  void missingInputIsAnError() {
    Path png = dir.resolve("out.png");
    assertRejected(png, dir.resolve("nothing.npy").toString(), "--png", png.toString());
  }

  @Test
  void unknownColormapIsAnError() throws Exception {
    Path npy = NpyBytes.write(dir.resolve("v.npy"), new int[] {4}, 1, 2, 3, 4);
    Path png = dir.resolve("out.png");
    assertRejected(png, npy.toString(), "--png", png.toString(), "--colormap", "plasma");
  }

  @Test
  void zeroMaxWidthIsAnError() throws Exception {
    Path npy = NpyBytes.write(dir.resolve("v.npy"), new int[] {4}, 1, 2, 3, 4);
    Path png = dir.resolve("out.png");
    assertRejected(png, npy.toString(), "--png", png.toString(), "--max-width", "0");
    assertRejected(png, CONV1.toString(), "--png", png.toString(), "--max-width", "0");
  }

  @Test
  void directoryWithoutCaseJsonIsAnError() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path png = dir.resolve("out.png");
    assertRejected(png, empty.toString(), "--png", png.toString());
  }

  @Test
  void badChannelsOrViewAreErrors() throws Exception {
    Path npy = NpyBytes.write(dir.resolve("maps.npy"), new int[] {10, 6, 6}, randomValues(360, 4));
    Path png = dir.resolve("out.png");
    assertRejected(png, npy.toString(), "--png", png.toString(), "--channels", "0");
    assertRejected(png, npy.toString(), "--png", png.toString(), "--channels", "3,12");
    assertRejected(png, npy.toString(), "--png", png.toString(), "--view", "pie");
    assertRejected(png, npy.toString(), "--png", png.toString(), "--view", "heatmap");
  }

  @Test
  void unreadableNpyFilesAreErrors() throws Exception {
    Path png = dir.resolve("out.png");
    Path text = Files.writeString(dir.resolve("notes.npy"), "not numpy");
    assertRejected(png, text.toString(), "--png", png.toString());

    Path integers = dir.resolve("ints.npy");
    Files.write(integers, NpyBytes.file(NpyBytes.dict("<i4", false, 2), new byte[8]));
    assertRejected(png, integers.toString(), "--png", png.toString());

    // A version 2.0 file cut inside its 4-byte header length.
    byte[] version2 = NpyBytes.file(2, NpyBytes.dict("<f4", false, 2), new byte[8]);
    Path cut = dir.resolve("cut.npy");
    Files.write(cut, Arrays.copyOf(version2, 10));
    assertRejected(png, cut.toString(), "--png", png.toString());
  }
}
