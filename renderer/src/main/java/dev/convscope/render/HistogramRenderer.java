package dev.convscope.render;

/**
 * Draws the statistics' histogram as bars, as DIGITS' page and the Caffe lab's {@code plt.hist}
 * show it: 20 bars of equal width, heights relative to the fullest bin, on a grey base line.
 */
public final class HistogramRenderer {

  private HistogramRenderer() {}

  public static RgbImage render(TensorStatistics statistics, DrawingOptions options) {
    long[] counts = statistics.counts();
    int barWidth = Math.max(2, Math.min(options.maxWidth(), 400) / counts.length);
    int width = barWidth * counts.length;
    int height = Math.max(16, width / 2);
    Canvas canvas = new Canvas(width, height);
    long tallest = 1;
    for (long count : counts) {
      tallest = Math.max(tallest, count);
    }
    int base = height - 1;
    canvas.fill(0, base, width, height, Canvas.AXIS);
    for (int bin = 0; bin < counts.length; bin++) {
      int barHeight = (int) Math.ceil((double) counts[bin] * (base - 1) / tallest);
      int left = bin * barWidth;
      canvas.fill(left, base - barHeight, left + barWidth - 1, base, Canvas.INK);
    }
    return canvas.image();
  }
}
