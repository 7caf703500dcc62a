package dev.convscope.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One image through one model: its predictions, the model's summary and every drawn layer with
 * links to its pictures.
 *
 * @param weights whether the weights that made the predictions were trained: "trained",
 *     "untrained", or "unspecified" for a run stored before runs said so
 * @param weightsNotice a sentence to show beside predictions from untrained weights; absent for
 *     others
 */
public record RunResult(
    String runId,
    boolean fromManifest,
    String model,
    String modelDigest,
    String imageDigest,
    boolean pretrained,
    List<PredictionView> predictions,
    String weights,
    @JsonInclude(JsonInclude.Include.NON_NULL) String weightsNotice,
    List<LayerView> layers,
    String manifestUrl,
    ModelDetails summary) {

  /** One class and its probability. */
  public record PredictionView(String label, int classIndex, double probability) {}

  /**
   * One drawn layer: activations or weights.
   *
   * @param npyUrl the values as .npy (float32, C order, this shape), when the run asked for them
   */
  public record LayerView(
      String name,
      String kind,
      String layerType,
      List<Long> shape,
      StatisticsView statistics,
      List<PictureLink> pictures,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          String npyUrl,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          String npyKey) {}

  /** Summary numbers of a layer's values, with the histogram DIGITS showed beside each picture. */
  public record StatisticsView(
      double mean,
      double stddev,
      double min,
      double max,
      List<Long> counts,
      List<Double> centers,
      List<Double> ticks,
      long nanCount,
      long infiniteCount,
      long valueCount,
      List<Float> channelMeans,
      List<Float> channelMaxima,
      long zeroCount,
      List<Integer> deadChannels,
      long saturatedCount) {}

  /** One stored picture and a URL that fetches it for a limited time. */
  public record PictureLink(String kind, int width, int height, long sizeBytes, String url) {}
}
