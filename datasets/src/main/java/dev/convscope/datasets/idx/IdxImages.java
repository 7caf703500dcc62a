package dev.convscope.datasets.idx;

/**
 * Grey images read from an IDX file: {@code count} images of {@code rows × cols} unsigned bytes,
 * image after image, row after row.
 *
 * @param source the file they were read from, for messages
 */
public record IdxImages(String source, int count, int rows, int cols, byte[] pixels) {

  public IdxImages {
    if ((long) count * rows * cols != pixels.length) {
      throw new IllegalArgumentException(
          source
              + ": "
              + count
              + " images of "
              + rows
              + "x"
              + cols
              + " need "
              + (long) count * rows * cols
              + " pixels, got "
              + pixels.length);
    }
  }

  public int pixelsPerImage() {
    return rows * cols;
  }

  /** One pixel, 0..255: {@code offset} counts row by row within the image. */
  public int pixel(int image, int offset) {
    return Byte.toUnsignedInt(pixels[image * pixelsPerImage() + offset]);
  }
}
