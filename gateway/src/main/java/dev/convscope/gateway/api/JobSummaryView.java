package dev.convscope.gateway.api;

import java.util.List;

/**
 * What a data set showed: accuracy and confusion matrix (labelled sets), and for every layer and
 * channel the mean activation per class and the images that excited the channel most.
 */
public record JobSummaryView(
    String jobId,
    String state,
    int items,
    int failed,
    List<String> labels,
    Double accuracy,
    long[][] confusion,
    List<LayerView> layers) {

  /** One activation layer. */
  public record LayerView(String name, List<ChannelView> channels) {}

  /** One channel: its mean per class, and its top images, highest first. */
  public record ChannelView(int channel, double[] classMeans, List<TopImage> top) {}

  /**
   * An image and the channel's maximum on it, with URLs of the image as the network took it and of
   * the layer's maps for it.
   */
  public record TopImage(int item, float value, String runId, String imageUrl, String mapUrl) {}
}
