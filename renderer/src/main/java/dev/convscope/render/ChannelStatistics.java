package dev.convscope.render;

/**
 * The mean and the maximum of each channel of an activation: what a data-set job ranks images by
 * (the images that excite a unit most) and averages per class. A channel is a slice along the first
 * axis, (C, H, W) or (C, N); in a vector (N) every value is a channel of its own. NaN and infinite
 * values are left out; a channel with no finite value has mean and maximum 0.
 */
public record ChannelStatistics(float[] means, float[] maxima) {

  public static final ChannelStatistics NONE = new ChannelStatistics(new float[0], new float[0]);

  public static ChannelStatistics of(Tensor tensor) {
    int channels = tensor.shape()[0];
    int perChannel = tensor.values().length / channels;
    float[] means = new float[channels];
    float[] maxima = new float[channels];
    float[] values = tensor.values();
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      float max = Float.NEGATIVE_INFINITY;
      int finite = 0;
      for (int i = c * perChannel, end = i + perChannel; i < end; i++) {
        float v = values[i];
        if (Float.isFinite(v)) {
          sum += v;
          finite++;
          if (v > max) {
            max = v;
          }
        }
      }
      means[c] = finite == 0 ? 0 : (float) (sum / finite);
      maxima[c] = finite == 0 ? 0 : max;
    }
    return new ChannelStatistics(means, maxima);
  }
}
