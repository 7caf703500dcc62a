package dev.convscope.render;

/**
 * Draws a fully-connected weight matrix (out, in) as a heat map, one pixel per weight: a row per
 * output unit, a column per input. DIGITS drew nothing for these. A matrix larger than the width
 * budget is cropped to its top-left maxWidth × maxWidth block, as the tile picture crops a wide
 * map; the channel selection picks the rows.
 */
public final class HeatmapRenderer {

  private HeatmapRenderer() {}

  public static RgbImage render(Tensor tensor, DrawingOptions options) {
    if (tensor.axes() != 2) {
      throw new IllegalArgumentException(
          "a heat map needs a 2-D (out, in) matrix, got " + tensor.axes() + " axes");
    }
    int outputs = tensor.shape()[0];
    int inputs = tensor.shape()[1];
    int[] rows = options.channels().select(outputs);
    int height = Math.min(rows.length, options.maxWidth());
    int width = Math.min(inputs, options.maxWidth());
    float[] values = new float[height * width];
    for (int y = 0; y < height; y++) {
      System.arraycopy(tensor.values(), rows[y] * inputs, values, y * width, width);
    }
    if (options.normalize()) {
      TileRenderer.normalize(values);
    }
    RgbImage image = RgbImage.white(width, height);
    for (int i = 0; i < values.length; i++) {
      options.colormap().paint(values[i], image.pixels(), i * 3);
    }
    return image;
  }
}
