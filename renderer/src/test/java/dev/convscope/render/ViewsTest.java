package dev.convscope.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convscope.contract.options.ChannelSelection;
import dev.convscope.contract.options.Colormap;
import dev.convscope.contract.options.View;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The views DIGITS did not have: which ones a tensor gets, the heat map, the line plot and the
 * histogram.
 */
class ViewsTest {

  private static final int WHITE = 0xFFFFFF;
  private static final int BLACK = 0x000000;
  // jet's first stop (0, 0, 0.5) and last stop (0.5, 0, 0), × 255 and truncated.
  private static final int JET_FIRST = 0x00007F;
  private static final int JET_LAST = 0x7F0000;

  private static DrawingOptions gray() {
    return DrawingOptions.digits().withColormap(Colormap.named("gray"));
  }

  /** Chart ink is coloured; the background is white and the axis gray. */
  private static boolean isInk(RgbImage image, int x, int y) {
    int rgb = image.rgbAt(x, y);
    int r = rgb >> 16 & 0xFF;
    int g = rgb >> 8 & 0xFF;
    int b = rgb & 0xFF;
    return r != g || g != b;
  }

  /** The smallest y with ink in column x, or -1. */
  private static int topInk(RgbImage image, int x) {
    for (int y = 0; y < image.height(); y++) {
      if (isInk(image, x, y)) {
        return y;
      }
    }
    return -1;
  }

  private static int inkCount(RgbImage image) {
    int count = 0;
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        count += isInk(image, x, y) ? 1 : 0;
      }
    }
    return count;
  }

  private static Tensor vector(float... values) {
    return new Tensor(new int[] {values.length}, values);
  }

  // ---- which views

  @Test
  void vectorsGetTilesALineAndAHistogram() {
    assertThat(View.forTensor(1, false))
        .containsExactly(View.TILES, View.LINE_PLOT, View.HISTOGRAM);
    assertThat(View.forTensor(1, true)).containsExactly(View.TILES, View.LINE_PLOT, View.HISTOGRAM);
  }

  @Test
  void matricesOfWeightsGetTilesAndAHeatMap() {
    assertThat(View.forTensor(2, true)).containsExactly(View.TILES, View.HEATMAP);
  }

  @Test
  void everythingElseGetsTilesOnly() {
    assertThat(View.forTensor(2, false)).containsExactly(View.TILES);
    assertThat(View.forTensor(3, false)).containsExactly(View.TILES);
    assertThat(View.forTensor(3, true)).containsExactly(View.TILES);
    assertThat(View.forTensor(4, true)).containsExactly(View.TILES);
    assertThat(View.forTensor(4, false)).containsExactly(View.TILES);
  }

  @Test
  void viewsAreFoundByTheirKeyNames() {
    for (View view : View.values()) {
      assertThat(View.named(view.keyName())).isSameAs(view);
    }
    assertThatThrownBy(() -> View.named("pie"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pie");
  }

  @Test
  void tensorRendererDrawsEveryViewOfTheShape() {
    TensorRenderer.Result result =
        TensorRenderer.render(vector(1, 5, 2, 8), false, DrawingOptions.digits());

    assertThat(result.drawings())
        .extracting(TensorRenderer.Drawing::view)
        .containsExactly(View.TILES, View.LINE_PLOT, View.HISTOGRAM);
    assertThat(result.statistics().valueCount()).isEqualTo(4);
  }

  // ---- heat map

  @Test
  void heatMapIsInputsWideAndOutputsHigh() {
    Tensor matrix = new Tensor(new int[] {7, 13}, new float[7 * 13]);

    RgbImage image = HeatmapRenderer.render(matrix, DrawingOptions.digits());

    assertThat(image.width()).isEqualTo(13);
    assertThat(image.height()).isEqualTo(7);
  }

  @Test
  void heatMapPixelIsTheWeightOfItsRowAndColumn() {
    // Unnormalised gray: weight (r, c) = 10·r + c shows as that gray level at x = c, y = r.
    float[] values = new float[5 * 9];
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 9; c++) {
        values[r * 9 + c] = 10 * r + c;
      }
    }

    RgbImage image =
        HeatmapRenderer.render(new Tensor(new int[] {5, 9}, values), gray().withNormalize(false));

    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 9; c++) {
        int level = image.rgbAt(c, r) & 0xFF;
        assertThat(level).as("weight %d,%d", r, c).isBetween(10 * r + c - 1, 10 * r + c + 1);
      }
    }
  }

  @Test
  void theRowOfLargestWeightsShowsTheLastStop() {
    Random random = new Random(21);
    float[] values = new float[6 * 11];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    Arrays.fill(values, 3 * 11, 4 * 11, 5f); // row 3: the largest
    Arrays.fill(values, 5 * 11, 6 * 11, -5f); // row 5: the smallest

    RgbImage image =
        HeatmapRenderer.render(new Tensor(new int[] {6, 11}, values), DrawingOptions.digits());

    for (int x = 0; x < 11; x++) {
      assertThat(image.rgbAt(x, 3)).as("row 3, column %d", x).isEqualTo(JET_LAST);
      assertThat(image.rgbAt(x, 5)).as("row 5, column %d", x).isEqualTo(JET_FIRST);
      for (int y : new int[] {0, 1, 2, 4}) {
        assertThat(image.rgbAt(x, y)).as("%d,%d", x, y).isNotIn(JET_FIRST, JET_LAST);
      }
    }
  }

  @Test
  void heatMapLargerThanTheBudgetIsCroppedToItsTopLeft() {
    int outputs = 700;
    int inputs = 900;
    float[] values = new float[outputs * inputs];
    // Ones along the first row and column and at (599, 599), the crop's last pixel; zeros
    // elsewhere.
    for (int c = 0; c < inputs; c++) {
      values[c] = 1;
    }
    for (int r = 0; r < outputs; r++) {
      values[r * inputs] = 1;
    }
    values[599 * inputs + 599] = 1;
    values[600 * inputs + 600] = 1;

    RgbImage image =
        HeatmapRenderer.render(new Tensor(new int[] {outputs, inputs}, values), gray());

    assertThat(image.width()).isEqualTo(600);
    assertThat(image.height()).isEqualTo(600);
    for (int i = 0; i < 600; i++) {
      assertThat(image.rgbAt(i, 0)).as("first row at %d", i).isEqualTo(WHITE);
      assertThat(image.rgbAt(0, i)).as("first column at %d", i).isEqualTo(WHITE);
    }
    assertThat(image.rgbAt(599, 599)).isEqualTo(WHITE);
    assertThat(image.rgbAt(598, 598)).isEqualTo(BLACK);
    assertThat(image.rgbAt(1, 1)).isEqualTo(BLACK);
  }

  @Test
  void heatMapCropsEachSideOnItsOwn() {
    RgbImage wide =
        HeatmapRenderer.render(
            new Tensor(new int[] {30, 500}, new float[30 * 500]),
            DrawingOptions.digits().withMaxWidth(100));
    RgbImage tall =
        HeatmapRenderer.render(
            new Tensor(new int[] {500, 30}, new float[30 * 500]),
            DrawingOptions.digits().withMaxWidth(100));

    assertThat(new int[] {wide.width(), wide.height()}).containsExactly(100, 30);
    assertThat(new int[] {tall.width(), tall.height()}).containsExactly(30, 100);
  }

  @Test
  void channelSelectionPicksTheRows() {
    // Row r holds 20·r everywhere; drawn unnormalised in gray, its level names it.
    float[] values = new float[10 * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = 20 * (i / 4);
    }
    Tensor matrix = new Tensor(new int[] {10, 4}, values);

    RgbImage listed =
        HeatmapRenderer.render(
            matrix, gray().withNormalize(false).withChannels(ChannelSelection.indices(7, 2, 9)));
    RgbImage first =
        HeatmapRenderer.render(
            matrix, gray().withNormalize(false).withChannels(ChannelSelection.first(3)));

    assertThat(listed.width()).isEqualTo(4);
    assertThat(listed.height()).isEqualTo(3);
    int[] rows = {7, 2, 9};
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(listed.rgbAt(x, y) & 0xFF)
            .as("%d,%d", x, y)
            .isBetween(20 * rows[y] - 1, 20 * rows[y] + 1);
      }
    }
    assertThat(first.height()).isEqualTo(3);
    assertThat(first.rgbAt(0, 2) & 0xFF).isBetween(39, 41);
  }

  @Test
  void heatMapOfAnythingButAMatrixIsRejected() {
    for (int[] shape : new int[][] {{12}, {2, 3, 2}, {1, 2, 3, 2}}) {
      Tensor tensor = new Tensor(shape, new float[12]);
      assertThatThrownBy(() -> HeatmapRenderer.render(tensor, DrawingOptions.digits()))
          .as("shape %s", Arrays.toString(shape))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("2-D");
    }
  }

  // ---- line plot

  @ParameterizedTest(name = "max width {0}")
  @ValueSource(ints = {300, 600, 1024, 1025, 5000})
  void linePlotIsAsWideAsTheBudgetUpTo1024(int maxWidth) {
    RgbImage image =
        LinePlotRenderer.render(vector(1, 2, 3), DrawingOptions.digits().withMaxWidth(maxWidth));

    assertThat(image.width()).isEqualTo(Math.min(maxWidth, 1024));
    assertThat(image.height()).isEqualTo(image.width() / 3);
  }

  @Test
  void aRisingRampClimbsToTheRight() {
    float[] ramp = new float[1000];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = i * 0.01f - 3;
    }

    RgbImage image =
        LinePlotRenderer.render(vector(ramp), DrawingOptions.digits().withMaxWidth(300));

    int previous = Integer.MAX_VALUE;
    for (int x = 0; x < image.width(); x++) {
      int top = topInk(image, x);
      assertThat(top).as("ink in column %d", x).isNotNegative();
      assertThat(top).as("column %d", x).isLessThanOrEqualTo(previous);
      previous = top;
    }
    assertThat(topInk(image, 0) - topInk(image, image.width() - 1))
        .isGreaterThan(image.height() / 2);
  }

  @ParameterizedTest(name = "spike at {0}")
  @ValueSource(ints = {0, 7, 1234, 2501, 4999})
  void aSingleSpikeIsSeenWhenValuesOutnumberColumns(int at) {
    float[] values = new float[5000];
    values[at] = 1;

    RgbImage image = LinePlotRenderer.render(vector(values), DrawingOptions.digits());

    assertThat(image.width()).isEqualTo(600);
    int highest = Integer.MAX_VALUE;
    int lowest = -1;
    for (int x = 0; x < image.width(); x++) {
      int top = topInk(image, x);
      if (top >= 0) {
        highest = Math.min(highest, top);
      }
      for (int y = image.height() - 1; y >= 0; y--) {
        if (isInk(image, x, y)) {
          lowest = Math.max(lowest, y);
          break;
        }
      }
    }
    // The zeros draw a line near the bottom; the spike rises most of the way to the top.
    assertThat(lowest - highest).isGreaterThan(image.height() / 2);
  }

  @Test
  void aConstantVectorIsOneFlatLine() {
    float[] values = new float[50];
    Arrays.fill(values, 4.2f);

    RgbImage image =
        LinePlotRenderer.render(vector(values), DrawingOptions.digits().withMaxWidth(200));

    int row = topInk(image, 0);
    assertThat(row).isNotNegative();
    for (int x = 0; x < image.width(); x++) {
      assertThat(topInk(image, x)).as("column %d", x).isEqualTo(row);
    }
    assertThat(inkCount(image)).isEqualTo(image.width());
  }

  @Test
  void anAllNanVectorIsAnEmptyPlot() {
    float[] values = new float[40];
    Arrays.fill(values, Float.NaN);
    values[3] = Float.POSITIVE_INFINITY;

    RgbImage image =
        LinePlotRenderer.render(vector(values), DrawingOptions.digits().withMaxWidth(200));

    assertThat(image.width()).isEqualTo(200);
    assertThat(inkCount(image)).isZero();
  }

  // ---- histogram

  /** Integer data 0..20 whose bins (edges at the integers) hold {@code counts} values each. */
  private static TensorStatistics statisticsWithCounts(long[] counts) {
    float[] values = new float[(int) Arrays.stream(counts).sum()];
    int next = 0;
    for (int bin = 0; bin < 20; bin++) {
      // The last bin's values sit at 20, the maximum, which keeps the edges on the integers.
      float value = bin == 19 ? 20 : bin;
      for (long i = 0; i < counts[bin]; i++) {
        values[next++] = value;
      }
    }
    TensorStatistics statistics = TensorStatistics.of(values);
    assertThat(statistics.counts()).as("the data's own bins").containsExactly(counts);
    return statistics;
  }

  /** Ink pixels above the base line in each bar's band of width/20 columns. */
  private static int[] barHeights(RgbImage image) {
    int band = image.width() / 20;
    int[] heights = new int[20];
    for (int bin = 0; bin < 20; bin++) {
      for (int x = bin * band; x < (bin + 1) * band; x++) {
        int column = 0;
        for (int y = 0; y < image.height() - 1; y++) {
          column += isInk(image, x, y) ? 1 : 0;
        }
        heights[bin] = Math.max(heights[bin], column);
      }
    }
    return heights;
  }

  @Test
  void theFullestBinHasTheTallestBarAndAnEmptyBinNone() {
    long[] counts = {3, 7, 1, 0, 12, 40, 9, 0, 2, 5, 5, 1, 1, 8, 0, 3, 4, 6, 2, 1};

    RgbImage image =
        HistogramRenderer.render(statisticsWithCounts(counts), DrawingOptions.digits());
    int[] heights = barHeights(image);

    for (int bin = 0; bin < 20; bin++) {
      if (bin != 5) {
        assertThat(heights[5]).as("bar 5 against bar %d", bin).isGreaterThan(heights[bin]);
      }
      if (counts[bin] == 0) {
        assertThat(heights[bin]).as("empty bin %d", bin).isZero();
      } else {
        assertThat(heights[bin]).as("bin %d", bin).isPositive();
      }
      for (int other = 0; other < 20; other++) {
        if (counts[bin] > counts[other]) {
          assertThat(heights[bin])
              .as("bar %d against bar %d", bin, other)
              .isGreaterThanOrEqualTo(heights[other]);
        }
      }
    }
    assertThat(heights[5]).isGreaterThan(image.height() / 2);
    // The base line runs along the bottom.
    for (int x = 0; x < image.width(); x++) {
      assertThat(image.rgbAt(x, image.height() - 1)).as("base at %d", x).isNotEqualTo(WHITE);
    }
  }

  @Test
  void anEmptyHistogramDrawsOnlyTheBase() {
    TensorStatistics statistics = TensorStatistics.of(new float[] {Float.NaN, Float.NaN});

    RgbImage image = HistogramRenderer.render(statistics, DrawingOptions.digits());

    assertThat(inkCount(image)).isZero();
  }
}
