package dev.convscope.inference.explain;

import dev.convscope.inference.run.Prediction;
import java.util.List;

/** Why a model gave an image its classes: the predictions, and each stored map. */
public record Explanation(
    String model,
    String modelDigest,
    String imageDigest,
    boolean pretrained,
    List<Prediction> predictions,
    List<StoredAttribution> attributions) {}
