package dev.convscope.models;

/**
 * A layer's output for one image (without the batch axis) or a layer's weights (convolution (out,
 * in, kh, kw), fully connected (out, in)), copied out of the network as plain floats.
 */
public record CapturedTensor(
    String name, String layerType, boolean weights, int[] shape, float[] values) {

  public CapturedTensor {
    long count = 1;
    for (int extent : shape) {
      count *= extent;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          name + ": shape needs " + count + " values, got " + values.length);
    }
  }
}
