package dev.convscope.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.convscope.contract.options.ChannelSelection;
import dev.convscope.contract.options.Colormap;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tile picture beyond the conformance cases: width budgets, channel selection, W = max width,
 * NaN and ±∞.
 */
class TileRendererTest {

  private static final int WHITE = 0xFFFFFF;
  // jet's first stop (0, 0, 0.5) and last stop (0.5, 0, 0), × 255 and truncated.
  private static final int JET_FIRST = 0x00007F;
  private static final int JET_LAST = 0x7F0000;
  // Maps of constant value k·STEP, drawn unnormalised in gray, show their index as their gray
  // level.
  private static final float STEP = 2.5f;

  private static DrawingOptions gray() {
    return DrawingOptions.digits().withColormap(Colormap.named("gray"));
  }

  /** N maps of h×w, map k filled with k·STEP. */
  private static Tensor constantMaps(int n, int h, int w) {
    float[] values = new float[n * h * w];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i / (h * w)) * STEP;
    }
    return new Tensor(new int[] {n, h, w}, values);
  }

  /**
   * Which constant map a gray pixel shows; fails unless it is gray and within ±1 of that map's
   * level.
   */
  private static int mapShownAt(RgbImage image, int x, int y) {
    int rgb = image.rgbAt(x, y);
    int level = rgb & 0xFF;
    assertThat(rgb).as("gray at %d,%d", x, y).isEqualTo(level << 16 | level << 8 | level);
    int map = Math.round(level / STEP);
    assertThat((double) Math.abs(level - map * STEP))
        .as("level %d at %d,%d", level, x, y)
        .isLessThanOrEqualTo(1.0);
    return map;
  }

  /** Rule 6, written out: {rows, columns} for N tiles. */
  private static int[] grid(int tiles) {
    int n = 1;
    while (n * n < tiles) {
      n++;
    }
    return new int[] {n, n * (n - 1) >= tiles ? n - 1 : n};
  }

  @ParameterizedTest(name = "max width {0}")
  @ValueSource(ints = {6, 11, 12, 29, 30, 35, 36, 59, 60, 600})
  void widthBudgetKeepsTheFirstMapsThatFit(int maxWidth) {
    RgbImage image =
        TileRenderer.render(
            constantMaps(96, 5, 5), gray().withNormalize(false).withMaxWidth(maxWidth));

    int perRow = maxWidth / 6; // 5 pixels and 1 of padding per tile
    int kept = Math.min(96, perRow * perRow);
    int[] grid = grid(kept);
    assertThat(image.width()).isEqualTo(grid[1] * 6).isLessThanOrEqualTo(maxWidth);
    assertThat(image.height()).isEqualTo(grid[0] * 6);
    // Tiles are the first `kept` maps, row by row; the cells after them are white.
    for (int t = 0; t < grid[0] * grid[1]; t++) {
      int x = (t % grid[1]) * 6 + 2;
      int y = (t / grid[1]) * 6 + 2;
      if (t < kept) {
        assertThat(mapShownAt(image, x, y)).as("tile %d", t).isEqualTo(t);
      } else {
        assertThat(image.rgbAt(x, y)).as("empty cell %d", t).isEqualTo(WHITE);
      }
    }
  }

  @Test
  void thirtyPixelsKeepTwentyFiveMapsAndNormaliseOverThoseOnly() {
    Random random = new Random(11);
    float[] values = new float[96 * 25];
    for (int i = 0; i < 25 * 25; i++) {
      values[i] = 2 + 6 * random.nextFloat(); // kept maps: 2..8
    }
    // Dropped maps hold extremes that would flatten the kept ones if they took part.
    values[90 * 25 + 12] = 1e6f;
    values[50 * 25 + 3] = -1e6f;
    values[24 * 25] = 0f; // the range of the kept maps: exactly 0..10
    values[0] = 10f;
    Tensor tensor = new Tensor(new int[] {96, 5, 5}, values);

    RgbImage image = TileRenderer.render(tensor, gray().withMaxWidth(30));

    assertThat(image.width()).isEqualTo(30);
    assertThat(image.height()).isEqualTo(30);
    for (int t = 0; t < 25; t++) {
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 5; x++) {
          float v = values[t * 25 + y * 5 + x];
          double expected = v / 10.0 * 255; // rule 3 over the kept maps' 0..10
          int px = (t % 5) * 6 + x;
          int py = (t / 5) * 6 + y;
          int level = image.rgbAt(px, py) & 0xFF;
          assertThat((double) level)
              .as("tile %d at %d,%d", t, x, y)
              .isCloseTo(expected, within(1.0));
        }
      }
    }
    // The padding runs along the right and bottom edges.
    for (int i = 0; i < 30; i++) {
      assertThat(image.rgbAt(29, i)).isEqualTo(WHITE);
      assertThat(image.rgbAt(i, 29)).isEqualTo(WHITE);
      assertThat(image.rgbAt(5, i)).isEqualTo(WHITE);
    }
  }

  @Test
  void firstThirtySixOfNinetySixMapsMakeASixBySixGrid() {
    RgbImage image =
        TileRenderer.render(
            constantMaps(96, 5, 5),
            gray().withNormalize(false).withChannels(ChannelSelection.first(36)));

    // 36 tiles: n = 6, 6·5 < 36, so 6 columns.
    assertThat(image.width()).isEqualTo(36);
    assertThat(image.height()).isEqualTo(36);
    for (int t = 0; t < 36; t++) {
      assertThat(mapShownAt(image, (t % 6) * 6, (t / 6) * 6)).as("tile %d", t).isEqualTo(t);
    }
  }

  @Test
  void firstNMoreThanTheMapsDrawsThemAll() {
    RgbImage image =
        TileRenderer.render(
            constantMaps(4, 3, 3),
            gray().withNormalize(false).withChannels(ChannelSelection.first(50)));

    assertThat(image.width()).isEqualTo(8);
    assertThat(image.height()).isEqualTo(8);
  }

  @Test
  void listedIndicesAreDrawnInTheirOrder() {
    RgbImage image =
        TileRenderer.render(
            constantMaps(96, 5, 5),
            gray().withNormalize(false).withChannels(ChannelSelection.indices(5, 0, 42, 95, 5)));

    // 5 tiles: n = 3, 3·2 ≥ 5, so 2 columns and 3 rows.
    assertThat(image.width()).isEqualTo(12);
    assertThat(image.height()).isEqualTo(18);
    int[] shown = new int[5];
    for (int t = 0; t < 5; t++) {
      shown[t] = mapShownAt(image, (t % 2) * 6 + 4, (t / 2) * 6 + 4);
    }
    assertThat(shown).containsExactly(5, 0, 42, 95, 5);
    assertThat(image.rgbAt(6 + 2, 12 + 2)).as("the sixth cell is empty").isEqualTo(WHITE);
  }

  @Test
  void selectionIsNormalisedOverTheSelectedMapsOnly() {
    // Maps 3 and 7 are the only ones drawn: 3·STEP becomes black and 7·STEP white.
    RgbImage image =
        TileRenderer.render(
            constantMaps(96, 5, 5), gray().withChannels(ChannelSelection.indices(7, 3)));

    assertThat(image.rgbAt(0, 0)).isEqualTo(WHITE);
    assertThat(image.rgbAt(0, 6)).isEqualTo(0x000000);
  }

  @Test
  void anIndexOutOfRangeNamesTheIndexAndTheMapCount() {
    DrawingOptions options = gray().withChannels(ChannelSelection.indices(3, 120));

    assertThatThrownBy(() -> TileRenderer.render(constantMaps(96, 5, 5), options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("120")
        .hasMessageContaining("96");
  }

  @Test
  void aMapExactlyMaxWidthWideIsDrawnAloneUnpadded() {
    // W = max width: padding would make the tile one pixel too wide; the first map is drawn as it
    // is.
    RgbImage tall =
        TileRenderer.render(constantMaps(2, 40, 30), gray().withNormalize(false).withMaxWidth(30));
    assertThat(tall.width()).isEqualTo(30);
    assertThat(tall.height()).isEqualTo(30); // cropped to min(H, W)
    RgbImage low =
        TileRenderer.render(constantMaps(2, 20, 30), gray().withNormalize(false).withMaxWidth(30));
    assertThat(low.width()).isEqualTo(30);
    assertThat(low.height()).isEqualTo(20);

    // Every pixel, last row and column included, is map 0 (black at value 0): no padding, no map 1.
    for (RgbImage image : new RgbImage[] {tall, low}) {
      for (int y = 0; y < image.height(); y++) {
        for (int x = 0; x < image.width(); x++) {
          assertThat(image.rgbAt(x, y)).as("%d,%d", x, y).isEqualTo(0x000000);
        }
      }
    }
  }

  @Test
  void aMapExactlyMaxWidthWideStartsAtTheSelectedMap() {
    RgbImage image =
        TileRenderer.render(
            constantMaps(4, 8, 8),
            gray().withNormalize(false).withMaxWidth(8).withChannels(ChannelSelection.indices(3)));

    assertThat(image.width()).isEqualTo(8);
    assertThat(mapShownAt(image, 7, 7)).isEqualTo(3);
  }

  @Test
  void oneByOneMapsWithAMaxWidthOfOneKeepOneMap() {
    // W = 1 = max width is not the open case: padding is 0, so one map fits.
    RgbImage image =
        TileRenderer.render(
            new Tensor(new int[] {5}, new float[] {0, 1, 2, 3, 4}), gray().withMaxWidth(1));

    assertThat(image.width()).isEqualTo(1);
    assertThat(image.height()).isEqualTo(1);
  }

  @ParameterizedTest(name = "shape of {0} axes")
  @ValueSource(ints = {1, 3})
  void nonFiniteValuesTakeNoPartInTheScale(int axes) {
    // Finite values 0..10 with the extremes 0 and 10 at positions 0 and 10, so that replacing any
    // other three values by finite ones inside 0..10 leaves min and max where they are.
    float[] finite = new float[16];
    for (int i = 0; i < 16; i++) {
      finite[i] = i % 11;
    }
    float[] special = finite.clone();
    special[3] = Float.NaN;
    special[7] = Float.POSITIVE_INFINITY;
    special[12] = Float.NEGATIVE_INFINITY;
    int[] shape = axes == 1 ? new int[] {16} : new int[] {1, 4, 4};

    RgbImage withSpecial = TileRenderer.render(new Tensor(shape, special), DrawingOptions.digits());
    RgbImage withFinite = TileRenderer.render(new Tensor(shape, finite), DrawingOptions.digits());

    // 16 one-pixel maps in a 4×4 grid, or one 4×4 map with padding: value i at (i % 4, i / 4) both
    // ways.
    assertThat(withSpecial.width()).isEqualTo(withFinite.width());
    assertThat(withSpecial.height()).isEqualTo(withFinite.height());
    for (int i = 0; i < 16; i++) {
      int x = i % 4;
      int y = i / 4;
      if (i == 3 || i == 12) {
        assertThat(withSpecial.rgbAt(x, y)).as("NaN or -inf at %d", i).isEqualTo(JET_FIRST);
      } else if (i == 7) {
        assertThat(withSpecial.rgbAt(x, y)).as("+inf").isEqualTo(JET_LAST);
      } else {
        assertThat(withSpecial.rgbAt(x, y)).as("value %d", i).isEqualTo(withFinite.rgbAt(x, y));
      }
    }
    // The finite extremes still span the whole scale.
    assertThat(withSpecial.rgbAt(0, 0)).isEqualTo(JET_FIRST);
    assertThat(withSpecial.rgbAt(2, 2)).isEqualTo(JET_LAST);
  }

  @Test
  void anAllNanTensorIsDrawnAtTheFirstStop() {
    float[] values = new float[2 * 3 * 3];
    java.util.Arrays.fill(values, Float.NaN);

    RgbImage image =
        TileRenderer.render(new Tensor(new int[] {2, 3, 3}, values), DrawingOptions.digits());

    // Two tiles: n = 2, 2·1 ≥ 2, so one column of two rows.
    assertThat(image.width()).isEqualTo(4);
    assertThat(image.height()).isEqualTo(8);
    for (int t = 0; t < 2; t++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 3; x++) {
          assertThat(image.rgbAt(x, t * 4 + y)).isEqualTo(JET_FIRST);
        }
      }
    }
  }

  @Test
  void infinitiesAloneAreDrawnAtTheirEnds() {
    float[] values = {
      Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY
    };

    RgbImage image =
        TileRenderer.render(new Tensor(new int[] {4}, values), DrawingOptions.digits());

    assertThat(image.rgbAt(0, 0)).isEqualTo(JET_LAST);
    assertThat(image.rgbAt(1, 0)).isEqualTo(JET_FIRST);
    assertThat(image.rgbAt(0, 1)).isEqualTo(JET_FIRST);
    assertThat(image.rgbAt(1, 1)).isEqualTo(JET_LAST);
  }
}
