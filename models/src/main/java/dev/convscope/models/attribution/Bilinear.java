package dev.convscope.models.attribution;

/**
 * Bilinear resizing of a map with half-pixel centres, as PyTorch's {@code interpolate(mode=
 * "bilinear", align_corners=False)} computes it: output pixel {@code d} samples the input at {@code
 * (d + 0.5) · in / out - 0.5}, held at 0 below and at the last pixel above.
 */
final class Bilinear {

  private Bilinear() {}

  static float[] resize(float[] map, int height, int width, int toHeight, int toWidth) {
    float[] resized = new float[toHeight * toWidth];
    for (int y = 0; y < toHeight; y++) {
      double sourceY = source(y, height, toHeight);
      int top = (int) sourceY;
      int bottom = Math.min(top + 1, height - 1);
      double down = sourceY - top;
      for (int x = 0; x < toWidth; x++) {
        double sourceX = source(x, width, toWidth);
        int left = (int) sourceX;
        int right = Math.min(left + 1, width - 1);
        double across = sourceX - left;
        double upper = map[top * width + left] * (1 - across) + map[top * width + right] * across;
        double lower =
            map[bottom * width + left] * (1 - across) + map[bottom * width + right] * across;
        resized[y * toWidth + x] = (float) (upper * (1 - down) + lower * down);
      }
    }
    return resized;
  }

  private static double source(int destination, int size, int toSize) {
    return Math.max(0.0, (destination + 0.5) * size / toSize - 0.5);
  }
}
