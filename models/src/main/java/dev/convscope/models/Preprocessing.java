package dev.convscope.models;

import java.util.Arrays;

/**
 * How an image becomes a network's input, in this order: resize to {@code resizeHeight ×
 * resizeWidth}, crop the centre {@code height × width}, take {@code channels} planes in {@code
 * order}, subtract {@code mean} (on the 0..255 scale), multiply by {@code scale}.
 *
 * @param mean empty for none; one value per channel, in {@code order}; or a whole mean image (as
 *     Caffe's mean files hold), {@code channels × resizeHeight × resizeWidth} values row-major in
 *     {@code order}, cropped together with the image
 */
public record Preprocessing(
    int height,
    int width,
    int channels,
    ChannelOrder order,
    int resizeHeight,
    int resizeWidth,
    float[] mean,
    float scale,
    String description) {

  public Preprocessing {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("an image input has 1 or 3 channels, not " + channels);
    }
    if (resizeHeight < height || resizeWidth < width) {
      throw new IllegalArgumentException(
          "cannot crop " + height + "x" + width + " out of " + resizeHeight + "x" + resizeWidth);
    }
    checkMean(mean.length, channels, resizeHeight, resizeWidth);
  }

  /** Throws unless a mean of this many values fits: none, one per channel, or a mean image. */
  public static void checkMean(int values, int channels, int resizeHeight, int resizeWidth) {
    long image = (long) channels * resizeHeight * resizeWidth;
    if (values != 0 && values != channels && values != image) {
      throw new IllegalArgumentException(
          "mean has "
              + values
              + " values; expected "
              + channels
              + " (one per channel) or "
              + image
              + " (a "
              + channels
              + "x"
              + resizeHeight
              + "x"
              + resizeWidth
              + " mean image)");
    }
  }

  /** True when {@link #mean} is a whole mean image rather than one value per channel. */
  public boolean meanImage() {
    return mean.length > channels;
  }

  /** Resize straight to the input size; no crop. */
  public static Preprocessing squash(
      int height,
      int width,
      int channels,
      ChannelOrder order,
      float[] mean,
      float scale,
      String description) {
    return new Preprocessing(
        height, width, channels, order, height, width, mean, scale, description);
  }

  /** The shape of one input, without the batch axis: (C, H, W). */
  public int[] inputShape() {
    return new int[] {channels, height, width};
  }

  @Override
  public String toString() {
    return description + " " + Arrays.toString(inputShape());
  }
}
