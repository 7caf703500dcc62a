package dev.convscope.render;

/**
 * The numbers DIGITS showed beside each picture (conformance rule 7), over every finite value of a
 * tensor, in double precision: mean, population standard deviation, and a 20-bin histogram from min
 * to max. NaN and infinite values are counted and otherwise left out; a tensor with no finite value
 * has a mean and deviation of 0 and an empty histogram around 0.
 *
 * @param counts values per bin; every bin holds [edge i, edge i+1) except the last, which holds max
 * @param centers each bin's midpoint
 * @param ticks the first, middle and last bin edge
 */
public record TensorStatistics(
    double mean,
    double stddev,
    double min,
    double max,
    long[] counts,
    double[] centers,
    double[] ticks,
    long nanCount,
    long infiniteCount,
    long valueCount) {

  public static final int BINS = 20;

  public static TensorStatistics of(float[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    long nan = 0;
    long infinite = 0;
    for (float v : values) {
      if (Float.isNaN(v)) {
        nan++;
      } else if (Float.isInfinite(v)) {
        infinite++;
      } else {
        sum += v;
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
      }
    }
    long finite = values.length - nan - infinite;
    if (finite == 0) {
      min = 0;
      max = 0;
    }
    double mean = finite == 0 ? 0 : sum / finite;

    // Edges as numpy.histogram makes them: linspace(first, last, 21), the last edge exactly `last`.
    double first = min == max ? min - 0.5 : min;
    double last = min == max ? max + 0.5 : max;
    double[] edges = new double[BINS + 1];
    double step = (last - first) / BINS;
    for (int i = 0; i < BINS; i++) {
      edges[i] = first + i * step;
    }
    edges[BINS] = last;

    long[] counts = new long[BINS];
    double squares = 0;
    double scale = BINS / (last - first);
    for (float f : values) {
      if (Float.isNaN(f) || Float.isInfinite(f)) {
        continue;
      }
      double v = f;
      double deviation = v - mean;
      squares += deviation * deviation;
      // An estimate, then the same correction against the exact edges that numpy applies.
      int bin = (int) ((v - first) * scale);
      if (bin >= BINS) {
        bin = BINS - 1;
      }
      if (v < edges[bin]) {
        bin--;
      } else if (bin != BINS - 1 && v >= edges[bin + 1]) {
        bin++;
      }
      counts[bin]++;
    }
    double stddev = finite == 0 ? 0 : Math.sqrt(squares / finite);

    double[] centers = new double[BINS];
    for (int i = 0; i < BINS; i++) {
      centers[i] = (edges[i] + edges[i + 1]) / 2.0;
    }
    double[] ticks = {edges[0], edges[BINS / 2], edges[BINS]};
    return new TensorStatistics(
        mean, stddev, min, max, counts, centers, ticks, nan, infinite, values.length);
  }
}
