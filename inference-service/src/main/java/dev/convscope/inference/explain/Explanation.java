package dev.convscope.inference.explain;

import dev.convscope.inference.run.Prediction;
import java.util.List;

/**
 * Why a model gave an image its classes: the predictions, and each stored map.
 *
 * @param fromManifest read from the stored explanation, without a gradient pass
 * @param manifestKey where the explanation itself is stored
 */
public record Explanation(
    String model,
    String modelDigest,
    String imageDigest,
    boolean pretrained,
    List<Prediction> predictions,
    List<StoredAttribution> attributions,
    boolean fromManifest,
    String manifestKey) {

  Explanation asRead() {
    return new Explanation(
        model, modelDigest, imageDigest, pretrained, predictions, attributions, true, manifestKey);
  }
}
