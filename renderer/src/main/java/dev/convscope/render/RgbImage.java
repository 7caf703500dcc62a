package dev.convscope.render;

/** An 8-bit RGB picture: {@code pixels} holds width·height·3 bytes, row by row, red first. */
public record RgbImage(int width, int height, byte[] pixels) {

  public RgbImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "picture must be at least 1x1, got " + width + "x" + height);
    }
    if ((long) width * height * 3 != pixels.length) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " RGB picture needs "
              + (long) width * height * 3
              + " bytes");
    }
  }

  /**
   * A decoded image's pixels; in grey (ITU-R BT.601 luma, as PIL's convert("L") computes it) when
   * {@code grey}, as a one-channel network sees the image.
   */
  public static RgbImage of(java.awt.image.BufferedImage image, boolean grey) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x, y);
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        if (grey) {
          r = g = b = (r * 299 + g * 587 + b * 114) / 1000;
        }
        int offset = (y * width + x) * 3;
        pixels[offset] = (byte) r;
        pixels[offset + 1] = (byte) g;
        pixels[offset + 2] = (byte) b;
      }
    }
    return new RgbImage(width, height, pixels);
  }

  /** A picture filled with white, the colour of DIGITS' padding. */
  public static RgbImage white(int width, int height) {
    byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
    java.util.Arrays.fill(pixels, (byte) 255);
    return new RgbImage(width, height, pixels);
  }

  /** The red, green and blue of one pixel packed as 0xRRGGBB. */
  public int rgbAt(int x, int y) {
    int offset = (y * width + x) * 3;
    return (pixels[offset] & 0xFF) << 16
        | (pixels[offset + 1] & 0xFF) << 8
        | (pixels[offset + 2] & 0xFF);
  }
}
