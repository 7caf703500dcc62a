package dev.convscope.gateway.explain;

import dev.convscope.gateway.run.Prediction;
import dev.convscope.gateway.run.Weights;
import java.util.List;

/**
 * Why a model gave an image its classes: its predictions and each attribution map.
 *
 * @param fromManifest answered from the stored explanation, without a gradient pass
 * @param manifestKey where the explanation is stored, after all its pictures and maps
 */
public record Explanation(
    String model,
    String modelDigest,
    String imageDigest,
    Weights weights,
    List<Prediction> predictions,
    List<Attribution> attributions,
    boolean fromManifest,
    String manifestKey)
    implements ExplanationEvent {

  public Explanation {
    predictions = List.copyOf(predictions);
    attributions = List.copyOf(attributions);
  }
}
