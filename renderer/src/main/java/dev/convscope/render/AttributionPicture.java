package dev.convscope.render;

import dev.convscope.contract.options.Colormap;

/**
 * The two pictures of an attribution map (one value per input pixel): the map alone, normalised to
 * 0..1 like every picture and drawn in a colormap, and the map laid over the image as the network
 * saw it. In the overlay each pixel keeps the image where the map is weak and takes the colormap's
 * colour where it is strong: the weight is the value's magnitude as a share of the largest, and the
 * colour covers at most {@value #STRONGEST} of the pixel, so the image stays readable under the
 * strongest spots.
 */
public final class AttributionPicture {

  /** The most of a pixel the map's colour takes in an overlay. */
  public static final float STRONGEST = 0.6f;

  private AttributionPicture() {}

  /** The map alone: {@code width × height} values, row-major. */
  public static RgbImage map(float[] values, int width, int height, Colormap colormap) {
    checkSize(values, width, height);
    float[] normalised = values.clone();
    TileRenderer.normalize(normalised);
    RgbImage image = RgbImage.white(width, height);
    for (int i = 0; i < normalised.length; i++) {
      colormap.paint(normalised[i], image.pixels(), i * 3);
    }
    return image;
  }

  /** The map over {@code seen}, which has the map's width and height. */
  public static RgbImage overlay(RgbImage seen, float[] values, Colormap colormap) {
    checkSize(values, seen.width(), seen.height());
    float largest = 0;
    for (float value : values) {
      largest = Math.max(largest, Math.abs(value));
    }
    byte[] colour = new byte[3];
    byte[] pixels = seen.pixels().clone();
    for (int i = 0; i < values.length; i++) {
      float strength = largest > 0 ? Math.abs(values[i]) / largest : 0f;
      colormap.paint(strength * 255f, colour, 0); // colormaps take the 0..255 scale
      float cover = STRONGEST * strength;
      for (int c = 0; c < 3; c++) {
        float under = pixels[i * 3 + c] & 0xFF;
        float over = colour[c] & 0xFF;
        pixels[i * 3 + c] = (byte) Math.round(under * (1 - cover) + over * cover);
      }
    }
    return new RgbImage(seen.width(), seen.height(), pixels);
  }

  private static void checkSize(float[] values, int width, int height) {
    if (values.length != (long) width * height) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " map has "
              + (long) width * height
              + " values, not "
              + values.length);
    }
  }
}
