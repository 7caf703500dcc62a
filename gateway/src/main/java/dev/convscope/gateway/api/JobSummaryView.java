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
    int maxWidth,
    List<LayerView> layers) {

  /**
   * One activation layer, with its shape as the network gave it (C, H, W; or N for a vector), or
   * null when no stored run holds it. With the job's {@code maxWidth}, the shape says where each
   * channel's map is in the layer's tile picture.
   *
   * @param neverFired the channels never above zero on any image of the job
   * @param constant the channels whose maximum barely varied over the job (by less than 1e-6 of the
   *     range of the layer's channel maxima)
   */
  public record LayerView(
      String name,
      List<Long> shape,
      List<ChannelView> channels,
      int[] neverFired,
      int[] constant) {}

  /** One channel: its mean per class, and its top images, highest first. */
  public record ChannelView(int channel, double[] classMeans, List<TopImage> top) {}

  /**
   * An image and the channel's maximum on it, with URLs of the image as the network took it and of
   * the layer's tile picture for it (every channel's map; the page shows this channel's).
   */
  public record TopImage(int item, float value, String runId, String imageUrl, String mapUrl) {}
}
