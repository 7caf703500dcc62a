package dev.convscope.contract.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Colormap names and rule 4 (stops, interpolation, held ends, truncation), incl. gray and viridis.
 */
class ColormapTest {

  static List<String> names() {
    return Colormap.names();
  }

  /** The colour of {@code value} as {r, g, b}. */
  static int[] colour(String name, float value) {
    byte[] rgb = new byte[3];
    Colormap.named(name).paint(value, rgb, 0);
    return new int[] {rgb[0] & 0xFF, rgb[1] & 0xFF, rgb[2] & 0xFF};
  }

  @Test
  void digitsSixAndGrayAndViridisAreKnown() {
    assertThat(Colormap.names())
        .containsExactlyInAnyOrder(
            "jet", "hot", "rainbow", "winter", "simple", "white", "gray", "viridis");
    for (String name : Colormap.names()) {
      assertThat(Colormap.named(name).name()).isEqualTo(name);
    }
  }

  @Test
  void grayRunsFromBlackToWhiteAndTruncates() {
    assertThat(colour("gray", 0f)).containsExactly(0, 0, 0);
    assertThat(colour("gray", 255f)).containsExactly(255, 255, 255);
    // 127.5 is halfway: 127.5 per channel, truncated toward zero (rule 5).
    assertThat(colour("gray", 127.5f)).containsExactly(127, 127, 127);
    assertThat(colour("gray", 200f)).containsExactly(200, 200, 200);
  }

  @Test
  void viridisRunsFromDarkPurpleToYellow() {
    int[] first = colour("viridis", 0f);
    int[] last = colour("viridis", 255f);
    // matplotlib's viridis(0.0) ≈ (68, 1, 84) and viridis(1.0) ≈ (253, 231, 37).
    assertThat(first[0]).isBetween(65, 71);
    assertThat(first[1]).isBetween(0, 4);
    assertThat(first[2]).isBetween(81, 87);
    assertThat(last[0]).isBetween(250, 255);
    assertThat(last[1]).isBetween(228, 234);
    assertThat(last[2]).isBetween(33, 40);
  }

  @Test
  void viridisGreenRisesAllTheWay() {
    int previous = -1;
    for (int v = 0; v <= 255; v++) {
      int green = colour("viridis", v)[1];
      assertThat(green).as("green at %d", v).isGreaterThanOrEqualTo(previous);
      previous = green;
    }
    assertThat(colour("viridis", 255f)[1] - colour("viridis", 0f)[1]).isGreaterThan(200);
  }

  @Test
  void unknownNameIsRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> Colormap.named("plasma"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plasma")
        .hasMessageContainingAll(
            "jet", "hot", "rainbow", "winter", "simple", "white", "gray", "viridis");
  }

  @Test
  void jetEndStopsAreTheReferenceTable() {
    // jet's tables: first stop (0, 0, 0.5), last (0.5, 0, 0); 0.5 × 255 = 127.5 truncates to 127.
    assertThat(colour("jet", 0f)).containsExactly(0, 0, 127);
    assertThat(colour("jet", 255f)).containsExactly(127, 0, 0);
    assertThat(colour("jet", -40f)).containsExactly(0, 0, 127);
    assertThat(colour("jet", 1000f)).containsExactly(127, 0, 0);
  }

  @Test
  void simpleInterpolatesBetweenItsFourStops() {
    // Four stops at positions 0..3, position = v·3/255: v = 85 is exactly stop 1 (red 1, green 0).
    assertThat(colour("simple", 85f)).containsExactly(255, 0, 0);
    // Halfway between stop 0 (0,0,0) and stop 1 (1,0,0): red 127.5, truncated.
    assertThat(colour("simple", 42.5f)).containsExactly(127, 0, 0);
    // Halfway between stop 2 (1,1,0) and stop 3 (1,1,1).
    assertThat(colour("simple", 212.5f)).containsExactly(255, 255, 127);
  }

  @Test
  void winterRedIsAlwaysZero() {
    for (float v : new float[] {-5f, 0f, 100f, 255f, 300f, Float.POSITIVE_INFINITY, Float.NaN}) {
      assertThat(colour("winter", v)[0]).as("red at %s", v).isZero();
    }
    assertThat(colour("winter", 0f)).containsExactly(0, 0, 255);
    assertThat(colour("winter", 255f)).containsExactly(0, 255, 127);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void valuesBelowTheScaleTakeTheFirstStop(String name) {
    int[] first = colour(name, 0f);
    assertThat(colour(name, -0.001f)).isEqualTo(first);
    assertThat(colour(name, -1f)).isEqualTo(first);
    assertThat(colour(name, -1e30f)).isEqualTo(first);
    assertThat(colour(name, Float.NEGATIVE_INFINITY)).isEqualTo(first);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void valuesAboveTheScaleTakeTheLastStop(String name) {
    int[] last = colour(name, 255f);
    assertThat(colour(name, 255.001f)).isEqualTo(last);
    assertThat(colour(name, 256f)).isEqualTo(last);
    assertThat(colour(name, 1e30f)).isEqualTo(last);
    assertThat(colour(name, Float.POSITIVE_INFINITY)).isEqualTo(last);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void nanTakesTheFirstStop(String name) {
    assertThat(colour(name, Float.NaN)).isEqualTo(colour(name, 0f));
  }

  @Test
  void paintWritesOnlyItsThreeBytesAtTheOffset() {
    byte[] pixels = new byte[9];
    java.util.Arrays.fill(pixels, (byte) 7);
    Colormap.named("gray").paint(255f, pixels, 3);
    assertThat(pixels).containsExactly(7, 7, 7, -1, -1, -1, 7, 7, 7);
  }

  @ParameterizedTest
  @MethodSource("names")
  void aSwatchRunsThroughTheSameStopsAsThePictures(String name) {
    List<String> swatch = Colormap.named(name).swatch(11);

    assertThat(swatch).hasSize(11).allMatch(colour -> colour.matches("#[0-9a-f]{6}"));
    int[] first = colour(name, 0f);
    int[] last = colour(name, 255f);
    assertThat(swatch.get(0))
        .isEqualTo(String.format("#%02x%02x%02x", first[0], first[1], first[2]));
    assertThat(swatch.get(10)).isEqualTo(String.format("#%02x%02x%02x", last[0], last[1], last[2]));
  }

  @Test
  void jetsSwatchRunsFromDarkBlueToDarkRed() {
    List<String> swatch = Colormap.named("jet").swatch(9);

    assertThat(swatch.get(0)).isEqualTo("#00007f");
    assertThat(swatch.get(8)).isEqualTo("#7f0000");
  }
}
