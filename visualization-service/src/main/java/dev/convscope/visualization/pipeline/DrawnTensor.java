package dev.convscope.visualization.pipeline;

import dev.convscope.contract.options.View;
import dev.convscope.render.ChannelStatistics;
import dev.convscope.render.LayerHealth;
import dev.convscope.render.TensorStatistics;
import java.util.List;

/**
 * The result for one tensor: its statistics, each channel's (for activations; none for weights),
 * its health (none for weights), every stored picture and, when asked for, the stored values.
 *
 * @param npyKey the values as .npy; empty when they were not asked for
 */
public record DrawnTensor(
    String name,
    TensorStatistics statistics,
    ChannelStatistics channels,
    LayerHealth health,
    List<Picture> pictures,
    String npyKey) {

  /** One stored picture of a tensor. */
  public record Picture(
      View view, String key, int width, int height, long sizeBytes, boolean reused) {}
}
