package dev.convscope.visualization.pipeline;

import dev.convscope.contract.options.View;
import dev.convscope.render.ChannelStatistics;
import dev.convscope.render.TensorStatistics;
import java.util.List;

/**
 * The result for one tensor: its statistics, each channel's (for activations; none for weights) and
 * every stored picture.
 */
public record DrawnTensor(
    String name, TensorStatistics statistics, ChannelStatistics channels, List<Picture> pictures) {

  /** One stored picture of a tensor. */
  public record Picture(
      View view, String key, int width, int height, long sizeBytes, boolean reused) {}
}
