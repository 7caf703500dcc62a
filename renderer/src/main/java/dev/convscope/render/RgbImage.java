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
