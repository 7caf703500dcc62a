package dev.convscope.render;

import java.util.Locale;
import java.util.stream.IntStream;

/**
 * What one input's activation says about a layer's units, from the values already drawn:
 *
 * <ul>
 *   <li>exact zeros (0 and -0), counted over every value;
 *   <li>dead channels: for a rectified output (every finite value at least 0, as after ReLU, and
 *       not the input or a softmax), the channels never above zero on this input. A channel is a
 *       slice along the first axis; in a vector every value is a unit of its own;
 *   <li>saturated units: for a sigmoid or tanh output (by the layer's type), the values within
 *       {@link #SATURATION_MARGIN} of the function's bounds, where its gradient all but vanishes.
 * </ul>
 *
 * NaN and infinite values are counted by {@link TensorStatistics}.
 *
 * @param deadChannels the dead channels' indices, ascending; empty where the rule does not apply
 * @param saturatedCount 0 for layers that are neither sigmoid nor tanh
 */
public record LayerHealth(long zeroCount, int[] deadChannels, long saturatedCount) {

  /** How close to a bound of sigmoid (0, 1) or tanh (-1, 1) a value counts as saturated. */
  public static final double SATURATION_MARGIN = 1e-3;

  public static final LayerHealth NONE = new LayerHealth(0, new int[0], 0);

  /**
   * @param layerType the layer's type as the model names it ("ReLU", "Sigmoid", "TanH", ...)
   * @param maxima each channel's largest finite value, as {@link ChannelStatistics} gives them
   */
  public static LayerHealth of(Tensor tensor, String layerType, float[] maxima) {
    String type = layerType.toLowerCase(Locale.ROOT);
    boolean sigmoid = type.contains("sigmoid");
    boolean tanh = type.contains("tanh");
    double low = tanh ? -1 : 0;
    long zeros = 0;
    long saturated = 0;
    boolean nonNegative = true;
    for (float value : tensor.values()) {
      if (value == 0) {
        zeros++;
      }
      if (value < 0) {
        nonNegative = false;
      }
      if ((sigmoid || tanh)
          && (Math.abs(value - low) <= SATURATION_MARGIN
              || Math.abs(value - 1) <= SATURATION_MARGIN)) {
        saturated++;
      }
    }
    boolean rectified =
        nonNegative && !type.equals("input") && !type.contains("softmax") && maxima.length > 0;
    int[] dead =
        rectified
            ? IntStream.range(0, maxima.length).filter(c -> maxima[c] <= 0).toArray()
            : new int[0];
    return new LayerHealth(zeros, dead, saturated);
  }
}
