package dev.convscope.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convscope.gateway.api.RunResult.LayerView;
import dev.convscope.gateway.api.RunResult.PredictionView;
import java.util.List;

/** One line of a streamed run (NDJSON) or one Server-Sent Event; {@code type} tells which. */
public sealed interface RunEventView {

  /** "started", "predictions", "layer", "finished" or "error". */
  String type();

  /** First: the run's identity and how many layers follow. */
  record Started(
      String type,
      String runId,
      boolean fromManifest,
      String model,
      String modelDigest,
      String imageDigest,
      boolean pretrained,
      int layerCount)
      implements RunEventView {}

  /**
   * Second: the top predictions, most probable first.
   *
   * @param weights "trained", "untrained", or "unspecified" for a run stored before runs said so
   * @param weightsNotice a sentence to show beside predictions from untrained weights; absent for
   *     others
   */
  record Predictions(
      String type,
      List<PredictionView> predictions,
      String weights,
      @JsonInclude(JsonInclude.Include.NON_NULL) String weightsNotice)
      implements RunEventView {}

  /** One stored layer; {@code index} counts from 0 up to layer_count - 1. */
  record Layer(String type, int index, LayerView layer) implements RunEventView {}

  /** Last: the manifest is stored. */
  record Finished(String type, String runId, boolean fromManifest, String manifestUrl)
      implements RunEventView {}

  /** The run failed after it started; nothing more follows. */
  record Failed(String type, Problem problem) implements RunEventView {}
}
