package dev.convscope.inference.upload;

import dev.convscope.models.ChannelOrder;

/**
 * What an upload's preprocessing takes where it gives nothing: a preset's, or a model file's own
 * convention.
 *
 * @param resize as an upload gives it: "squash", or "resize-HxW-crop"
 * @param mean subtracted per channel, or a whole mean image; empty for none
 * @param std one divisor per channel, on the mean's 0..255 scale; empty for none
 */
record PreprocessingDefaults(
    String resize, ChannelOrder order, float[] mean, float[] std, float scale) {

  /** DL4J and Keras: RGB values from 0 to 1, no mean. */
  static final PreprocessingDefaults RGB_UNIT =
      new PreprocessingDefaults("squash", ChannelOrder.RGB, new float[0], new float[0], 1f / 255);
}
