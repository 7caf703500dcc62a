package dev.convscope.inference.upload;

import dev.convscope.models.ChannelOrder;

/**
 * What an upload's preprocessing takes where it gives nothing: a model file's own convention.
 *
 * @param mean subtracted per channel, or a whole mean image; empty for none
 */
record PreprocessingDefaults(ChannelOrder order, float scale, float[] mean) {

  /** DL4J and Keras: RGB values from 0 to 1, no mean. */
  static final PreprocessingDefaults RGB_UNIT =
      new PreprocessingDefaults(ChannelOrder.RGB, 1f / 255, new float[0]);
}
