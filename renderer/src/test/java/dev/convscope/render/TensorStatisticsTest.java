package dev.convscope.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rule 7 checked against independent computations, and the handling of NaN and ±∞. */
class TensorStatisticsTest {

  private static final MathContext PRECISE = MathContext.DECIMAL128;

  /**
   * Rule 7's edges, written out: 20 equal bins from min to max, or value ± 0.5 for constant data.
   */
  private static double[] edges(double[] finite) {
    double min = Arrays.stream(finite).min().orElseThrow();
    double max = Arrays.stream(finite).max().orElseThrow();
    double first = min == max ? min - 0.5 : min;
    double last = min == max ? max + 0.5 : max;
    double[] edges = new double[21];
    for (int i = 0; i < 20; i++) {
      edges[i] = first + i * ((last - first) / 20);
    }
    edges[20] = last;
    return edges;
  }

  /**
   * Each value in the bin [edge i, edge i+1) found by scanning; the last bin also holds its right
   * edge.
   */
  private static long[] histogram(double[] finite, double[] edges) {
    long[] counts = new long[20];
    for (double v : finite) {
      int bin = -1;
      for (int i = 0; i < 20; i++) {
        if (edges[i] <= v && (v < edges[i + 1] || (i == 19 && v == edges[20]))) {
          bin = i;
          break;
        }
      }
      assertThat(bin).as("a bin for %s", v).isNotNegative();
      counts[bin]++;
    }
    return counts;
  }

  private static double[] finiteOf(float[] values) {
    return IntStream.range(0, values.length)
        .mapToDouble(i -> values[i])
        .filter(Double::isFinite)
        .toArray();
  }

  /** Random values with NaN and infinities mixed in. */
  private static float[] randomWithSpecials(long seed, int n, double offset, double scale) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (offset + scale * random.nextGaussian());
    }
    for (int i = 0; i < n / 100; i++) {
      int at = random.nextInt(n);
      values[at] =
          switch (i % 3) {
            case 0 -> Float.NaN;
            case 1 -> Float.POSITIVE_INFINITY;
            default -> Float.NEGATIVE_INFINITY;
          };
    }
    return values;
  }

  @Test
  void nanAndInfinitiesAreCountedAndLeftOut() {
    float[] values = {
      1, Float.NaN, 2, Float.POSITIVE_INFINITY, 3, Float.NEGATIVE_INFINITY, Float.NaN
    };

    TensorStatistics statistics = TensorStatistics.of(values);

    assertThat(statistics.valueCount()).isEqualTo(7);
    assertThat(statistics.nanCount()).isEqualTo(2);
    assertThat(statistics.infiniteCount()).isEqualTo(2);
    assertThat(statistics.mean()).isEqualTo(2.0);
    assertThat(statistics.stddev()).isCloseTo(Math.sqrt(2.0 / 3.0), within(1e-15));
    assertThat(statistics.min()).isEqualTo(1.0);
    assertThat(statistics.max()).isEqualTo(3.0);
    assertThat(Arrays.stream(statistics.counts()).sum()).isEqualTo(3);
    assertThat(statistics.ticks()).containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void specialsChangeNothingButTheirCounts() {
    float[] values = randomWithSpecials(3, 10_000, -2, 7);
    float[] finite = new float[values.length];
    int n = 0;
    for (float v : values) {
      if (Float.isFinite(v)) {
        finite[n++] = v;
      }
    }

    TensorStatistics with = TensorStatistics.of(values);
    TensorStatistics without = TensorStatistics.of(Arrays.copyOf(finite, n));

    assertThat(with.nanCount() + with.infiniteCount()).isEqualTo(values.length - n).isPositive();
    assertThat(without.nanCount() + without.infiniteCount()).isZero();
    assertThat(with.mean()).isEqualTo(without.mean());
    assertThat(with.stddev()).isEqualTo(without.stddev());
    assertThat(with.counts()).containsExactly(without.counts());
    assertThat(with.centers()).containsExactly(without.centers());
    assertThat(with.ticks()).containsExactly(without.ticks());
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void meanAndDeviationMatchAnExactComputation(long seed) {
    // A large offset against a small spread: float sums or a one-pass variance would drift.
    float[] values = randomWithSpecials(seed, 200_000, 5000, 3);
    double[] finite = finiteOf(values);

    BigDecimal sum = BigDecimal.ZERO;
    for (double v : finite) {
      sum = sum.add(new BigDecimal(v)); // exact
    }
    BigDecimal count = BigDecimal.valueOf(finite.length);
    BigDecimal mean = sum.divide(count, PRECISE);
    BigDecimal squares = BigDecimal.ZERO;
    for (double v : finite) {
      BigDecimal deviation = new BigDecimal(v).subtract(mean);
      squares = squares.add(deviation.multiply(deviation));
    }
    double stddev = squares.divide(count, PRECISE).sqrt(PRECISE).doubleValue();

    TensorStatistics statistics = TensorStatistics.of(values);

    assertThat(statistics.mean()).isCloseTo(mean.doubleValue(), within(1e-9 * 5000));
    assertThat(statistics.stddev()).isCloseTo(stddev, within(1e-9 * stddev));
    assertThat(statistics.stddev()).isBetween(2.9, 3.1); // the data's own spread
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {4, 5, 6, 7})
  void histogramMatchesBinningByScanning(long seed) {
    float[] values = randomWithSpecials(seed, 50_000, seed - 5.5, Math.pow(10, seed - 5));
    double[] finite = finiteOf(values);
    double[] edges = edges(finite);

    TensorStatistics statistics = TensorStatistics.of(values);

    assertThat(statistics.counts()).containsExactly(histogram(finite, edges));
    assertThat(Arrays.stream(statistics.counts()).sum()).isEqualTo(finite.length);
    assertThat(statistics.ticks()).containsExactly(edges[0], edges[10], edges[20]);
    for (int i = 0; i < 20; i++) {
      assertThat(statistics.centers()[i])
          .as("center %d", i)
          .isCloseTo((edges[i] + edges[i + 1]) / 2, within(1e-12 * Math.abs(edges[20] - edges[0])));
    }
  }

  @Test
  void valuesOnTheEdgesOpenTheirBinAndTheMaximumClosesTheLast() {
    // 0..20: the edges are the integers, so value i opens bin i; 20 is the last edge and joins 19.
    float[] values = new float[21];
    for (int i = 0; i <= 20; i++) {
      values[i] = i;
    }

    TensorStatistics statistics = TensorStatistics.of(values);

    long[] expected = new long[20];
    Arrays.fill(expected, 1);
    expected[19] = 2;
    assertThat(statistics.counts()).containsExactly(expected);
    assertThat(statistics.ticks()).containsExactly(0.0, 10.0, 20.0);
    assertThat(statistics.centers()[0]).isEqualTo(0.5);
    assertThat(statistics.centers()[19]).isEqualTo(19.5);
  }

  @Test
  void aLoneMaximumLandsInTheLastBin() {
    Random random = new Random(8);
    float[] values = new float[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat(); // 0..1
    }
    values[500] = 100.3f;

    TensorStatistics statistics = TensorStatistics.of(values);

    assertThat(statistics.counts()[19]).isEqualTo(1);
    assertThat(statistics.counts()[0]).isEqualTo(999);
    assertThat(statistics.max()).isEqualTo(100.3f);
    assertThat(statistics.ticks()[2]).isEqualTo(100.3f);
  }

  @Test
  void constantDataHasEdgesHalfAUnitEitherSide() {
    float[] values = new float[10];
    Arrays.fill(values, 3f);

    TensorStatistics statistics = TensorStatistics.of(values);

    assertThat(statistics.mean()).isEqualTo(3.0);
    assertThat(statistics.stddev()).isZero();
    assertThat(statistics.ticks()[0]).isEqualTo(2.5);
    assertThat(statistics.ticks()[1]).isCloseTo(3.0, within(1e-12));
    assertThat(statistics.ticks()[2]).isEqualTo(3.5);
    assertThat(statistics.centers()[0]).isCloseTo(2.525, within(1e-12));
    assertThat(statistics.centers()[19]).isCloseTo(3.475, within(1e-12));
    double[] finite = finiteOf(values);
    assertThat(statistics.counts()).containsExactly(histogram(finite, edges(finite)));
    assertThat(Arrays.stream(statistics.counts()).max().orElseThrow()).isEqualTo(10);
  }

  @Test
  void constantNegativeDataIsCenteredToo() {
    float[] values = {-7.25f, Float.NaN, -7.25f};

    TensorStatistics statistics = TensorStatistics.of(values);

    assertThat(statistics.ticks()).containsExactly(-7.75, -7.25, -6.75);
    assertThat(Arrays.stream(statistics.counts()).sum()).isEqualTo(2);
  }

  @Test
  void noFiniteValueGivesZerosAndAnEmptyHistogram() {
    float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NaN};

    TensorStatistics statistics = TensorStatistics.of(values);

    assertThat(statistics.mean()).isZero();
    assertThat(statistics.stddev()).isZero();
    assertThat(statistics.counts()).containsOnly(0L);
    assertThat(statistics.nanCount()).isEqualTo(2);
    assertThat(statistics.infiniteCount()).isEqualTo(1);
    for (double center : statistics.centers()) {
      assertThat(center).isFinite();
    }
  }
}
