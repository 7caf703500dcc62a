package dev.convscope.models;

import java.util.Arrays;

/**
 * How an image becomes a network's input, in this order: resize to {@code resizeHeight ×
 * resizeWidth}, crop the centre {@code height × width}, take {@code channels} planes in {@code
 * order}, subtract {@code mean} (on the 0..255 scale), divide by {@code std}, multiply by {@code
 * scale}.
 *
 * @param mean empty for none; one value per channel, in {@code order}; or a whole mean image (as
 *     Caffe's mean files hold), {@code channels × resizeHeight × resizeWidth} values row-major in
 *     {@code order}, cropped together with the image
 * @param std empty for none; or one positive divisor per channel, in {@code order}, on the same
 *     0..255 scale as the mean (torchvision's 0.229 is 58.395 here)
 */
public record Preprocessing(
    int height,
    int width,
    int channels,
    ChannelOrder order,
    int resizeHeight,
    int resizeWidth,
    float[] mean,
    float[] std,
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
    // Descriptions stored before the divisor existed have none.
    std = std == null ? new float[0] : std;
    checkStd(std, channels);
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

  /** Throws unless {@code std} is empty or one positive, finite divisor per channel. */
  public static void checkStd(float[] std, int channels) {
    if (std.length != 0 && std.length != channels) {
      throw new IllegalArgumentException(
          "std has " + std.length + " values; expected " + channels + " (one per channel) or none");
    }
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] > 0) || !Float.isFinite(std[c])) {
        throw new IllegalArgumentException(
            "std[" + c + "] is " + std[c] + "; each channel's divisor is positive and finite");
      }
    }
  }

  /** What channel {@code c}'s values are divided by: its std, or 1 when there is none. */
  public float divisor(int c) {
    return std.length == 0 ? 1f : std[c];
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
        height, width, channels, order, height, width, mean, new float[0], scale, description);
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
