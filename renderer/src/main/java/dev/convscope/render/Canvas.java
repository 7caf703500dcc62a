package dev.convscope.render;

/** A white RGB picture to draw simple charts on: filled rectangles, nothing more. */
final class Canvas {

  static final int AXIS = 0xB0B0B0;
  static final int INK = 0x1F77B4; // matplotlib's first colour, familiar from the Caffe lab

  private final RgbImage image;

  Canvas(int width, int height) {
    this.image = RgbImage.white(width, height);
  }

  /** Fills the rectangle [x0, x1) × [y0, y1), clipped to the picture. */
  void fill(int x0, int y0, int x1, int y1, int rgb) {
    byte[] pixels = image.pixels();
    for (int y = Math.max(0, y0); y < Math.min(image.height(), y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(image.width(), x1); x++) {
        int offset = (y * image.width() + x) * 3;
        pixels[offset] = (byte) (rgb >> 16);
        pixels[offset + 1] = (byte) (rgb >> 8);
        pixels[offset + 2] = (byte) rgb;
      }
    }
  }

  RgbImage image() {
    return image;
  }
}
