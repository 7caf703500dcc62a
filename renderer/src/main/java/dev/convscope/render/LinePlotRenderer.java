package dev.convscope.render;

/**
 * Draws a 1-D vector (fc6, prob) as a line plot of index against value, as the Caffe lab does with
 * {@code plt.plot(feat.flat)}. The plot is maxWidth wide (at most 1024) and a third as high; when
 * there are more values than columns each column spans the range of its values, so no peak is lost.
 * The vertical axis runs from the smallest to the largest finite value, with a grey line at zero
 * when zero is in range. Non-finite values are left out.
 */
public final class LinePlotRenderer {

  private static final int MARGIN = 4;

  private LinePlotRenderer() {}

  public static RgbImage render(Tensor tensor, DrawingOptions options) {
    float[] values = tensor.values();
    int width = Math.max(16, Math.min(options.maxWidth(), 1024));
    int height = Math.max(16, width / 3);
    Canvas canvas = new Canvas(width, height);

    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (float v : values) {
      if (Float.isFinite(v)) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
    if (low > high) {
      return canvas.image(); // nothing finite to plot
    }
    if (low == high) {
      low -= 0.5;
      high += 0.5;
    }
    int plotHeight = height - 2 * MARGIN;
    double scale = (plotHeight - 1) / (high - low);
    if (low <= 0 && high >= 0) {
      int zero = MARGIN + (int) Math.round((high - 0) * scale);
      canvas.fill(0, zero, width, zero + 1, Canvas.AXIS);
    }

    int previous = -1;
    for (int x = 0; x < width; x++) {
      int from = (int) ((long) x * values.length / width);
      int to = Math.max(from + 1, (int) ((long) (x + 1) * values.length / width));
      int top = Integer.MAX_VALUE;
      int bottom = Integer.MIN_VALUE;
      int last = -1;
      for (int i = from; i < to; i++) {
        if (Float.isFinite(values[i])) {
          int y = MARGIN + (int) Math.round((high - values[i]) * scale);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          last = y;
        }
      }
      if (last < 0) {
        previous = -1;
        continue;
      }
      if (previous >= 0) { // join to the previous column so the line is continuous
        top = Math.min(top, previous);
        bottom = Math.max(bottom, previous);
      }
      canvas.fill(x, top, x + 1, bottom + 1, Canvas.INK);
      previous = last;
    }
    return canvas.image();
  }
}
