package dev.convscope.inference.model;

import java.util.Arrays;

/**
 * How an image becomes a network's input, in this order: resize to {@code resizeHeight ×
 * resizeWidth}, crop the centre {@code height × width}, take {@code channels} planes in {@code
 * order}, subtract {@code mean} per channel (on the 0..255 scale), multiply by {@code scale}.
 *
 * @param mean one value per channel, in {@code order}; empty for none
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
    if (mean.length != 0 && mean.length != channels) {
      throw new IllegalArgumentException(
          "mean has " + mean.length + " values for " + channels + " channels");
    }
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
