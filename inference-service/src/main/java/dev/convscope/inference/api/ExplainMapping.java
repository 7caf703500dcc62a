package dev.convscope.inference.api;

import dev.convscope.api.v1.Attribution;
import dev.convscope.api.v1.ExplainProgress;
import dev.convscope.api.v1.ExplainRequest;
import dev.convscope.api.v1.ExplainResponse;
import dev.convscope.api.v1.Prediction;
import dev.convscope.api.v1.WatchExplainResponse;
import dev.convscope.api.v1.Weights;
import dev.convscope.contract.options.Colormap;
import dev.convscope.inference.explain.ExplainRequestSpec;
import dev.convscope.inference.explain.Explanation;
import dev.convscope.inference.explain.StoredAttribution;
import dev.convscope.models.attribution.AttributionMethod;
import dev.convscope.models.attribution.Explainer;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;

/** Explain's messages to and from the explanation domain. */
final class ExplainMapping {

  private ExplainMapping() {}

  /**
   * @throws IllegalArgumentException for an unknown method or a negative count
   */
  static ExplainRequestSpec fromProto(ExplainRequest request) {
    Set<AttributionMethod> methods = new LinkedHashSet<>();
    for (String method : request.getMethodsList()) {
      methods.add(AttributionMethod.of(method));
    }
    if (methods.isEmpty()) {
      methods.add(AttributionMethod.SALIENCY);
      methods.add(AttributionMethod.GRAD_CAM);
    }
    return new ExplainRequestSpec(
        request.getModel(),
        request.getImage().toByteArray(),
        request.hasClassIndex() ? OptionalInt.of(request.getClassIndex()) : OptionalInt.empty(),
        request.getTopK(),
        methods,
        request.getLayer(),
        request.getSamples() == 0 ? Explainer.DEFAULT_SAMPLES : request.getSamples(),
        request.getSteps() == 0 ? Explainer.DEFAULT_STEPS : request.getSteps(),
        request.getColormap().isEmpty() ? Colormap.DEFAULT : request.getColormap());
  }

  static WatchExplainResponse progress(int passesDone, int passesTotal) {
    return WatchExplainResponse.newBuilder()
        .setProgress(
            ExplainProgress.newBuilder().setPassesDone(passesDone).setPassesTotal(passesTotal))
        .build();
  }

  static ExplainResponse toProto(Explanation explanation) {
    ExplainResponse.Builder response =
        ExplainResponse.newBuilder()
            .setModel(explanation.model())
            .setModelDigest(explanation.modelDigest())
            .setImageDigest(explanation.imageDigest())
            .setWeights(
                explanation.pretrained() ? Weights.WEIGHTS_TRAINED : Weights.WEIGHTS_UNTRAINED)
            .setFromManifest(explanation.fromManifest())
            .setManifestKey(explanation.manifestKey());
    explanation
        .predictions()
        .forEach(
            p ->
                response.addPredictions(
                    Prediction.newBuilder()
                        .setClassIndex(p.classIndex())
                        .setLabel(p.label())
                        .setProbability(p.probability())));
    for (StoredAttribution a : explanation.attributions()) {
      response.addAttributions(
          Attribution.newBuilder()
              .setClassIndex(a.classIndex())
              .setLabel(a.label())
              .setMethod(a.method())
              .setLayer(a.layer())
              .setScore(a.score())
              .setWidth(a.width())
              .setHeight(a.height())
              .setMin(a.min())
              .setMax(a.max())
              .setMean(a.mean())
              .setPictureKey(a.keys().picture())
              .setOverlayKey(a.keys().overlay())
              .setMapKey(a.keys().map()));
    }
    return response.build();
  }
}
