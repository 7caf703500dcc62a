package dev.convscope.gateway.wire;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.ExplainRequest;
import dev.convscope.api.v1.ExplainResponse;
import dev.convscope.api.v1.WatchExplainResponse;
import dev.convscope.gateway.explain.Attribution;
import dev.convscope.gateway.explain.Explanation;
import dev.convscope.gateway.explain.ExplanationEvent;
import dev.convscope.gateway.explain.ExplanationProgress;
import dev.convscope.gateway.explain.ExplanationRequest;
import dev.convscope.gateway.run.Prediction;
import dev.convscope.gateway.run.Weights;
import java.util.Optional;
import java.util.OptionalInt;

/** Explanations to and from the inference service's messages. */
public final class ExplainMessages {

  private ExplainMessages() {}

  public static ExplainRequest write(ExplanationRequest request) {
    ExplainRequest.Builder message =
        ExplainRequest.newBuilder()
            .setModel(request.model())
            .setImage(ByteString.copyFrom(request.image()))
            .setTopK(request.topK())
            .addAllMethods(request.methods())
            .setLayer(request.layer())
            .setSamples(request.samples())
            .setSteps(request.steps())
            .setColormap(request.colormap());
    request.classIndex().ifPresent(message::setClassIndex);
    return message.build();
  }

  /** A client's request to the gateway; an empty model is the gateway's default. */
  public static ExplanationRequest read(
      dev.convscope.api.gateway.v1.ExplainRequest request, String defaultModel) {
    return new ExplanationRequest(
        request.getModel().isBlank() ? defaultModel : request.getModel(),
        request.getImage().toByteArray(),
        request.hasClassIndex() ? OptionalInt.of(request.getClassIndex()) : OptionalInt.empty(),
        request.getTopK(),
        request.getMethodsList(),
        request.getLayer(),
        request.getSamples(),
        request.getSteps(),
        request.getColormap());
  }

  public static ExplainResponse write(Explanation explanation) {
    ExplainResponse.Builder response =
        ExplainResponse.newBuilder()
            .setModel(explanation.model())
            .setModelDigest(explanation.modelDigest())
            .setImageDigest(explanation.imageDigest())
            .setWeights(
                Enums.write(dev.convscope.api.v1.Weights.class, explanation.weights(), "WEIGHTS_"))
            .setFromManifest(explanation.fromManifest())
            .setManifestKey(explanation.manifestKey());
    for (Prediction p : explanation.predictions()) {
      response.addPredictions(
          dev.convscope.api.v1.Prediction.newBuilder()
              .setClassIndex(p.classIndex())
              .setLabel(p.label())
              .setProbability(p.probability()));
    }
    for (Attribution a : explanation.attributions()) {
      response.addAttributions(
          dev.convscope.api.v1.Attribution.newBuilder()
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
              .setPictureKey(a.pictureKey())
              .setOverlayKey(a.overlayKey())
              .setMapKey(a.mapKey()));
    }
    return response.build();
  }

  /** An event of a watched explanation; empty for one this gateway does not know. */
  public static Optional<ExplanationEvent> read(WatchExplainResponse event) {
    if (event.hasProgress()) {
      return Optional.of(
          new ExplanationProgress(
              event.getProgress().getPassesDone(), event.getProgress().getPassesTotal()));
    }
    return event.hasExplanation() ? Optional.of(read(event.getExplanation())) : Optional.empty();
  }

  public static dev.convscope.api.v1.ExplainProgress write(ExplanationProgress progress) {
    return dev.convscope.api.v1.ExplainProgress.newBuilder()
        .setPassesDone(progress.passesDone())
        .setPassesTotal(progress.passesTotal())
        .build();
  }

  public static Explanation read(ExplainResponse response) {
    return new Explanation(
        response.getModel(),
        response.getModelDigest(),
        response.getImageDigest(),
        Enums.read(Weights.class, response.getWeights(), "WEIGHTS_"),
        response.getPredictionsList().stream()
            .map(p -> new Prediction(p.getClassIndex(), p.getLabel(), p.getProbability()))
            .toList(),
        response.getAttributionsList().stream()
            .map(
                a ->
                    new Attribution(
                        a.getClassIndex(),
                        a.getLabel(),
                        a.getMethod(),
                        a.getLayer(),
                        a.getScore(),
                        a.getWidth(),
                        a.getHeight(),
                        a.getMin(),
                        a.getMax(),
                        a.getMean(),
                        a.getPictureKey(),
                        a.getOverlayKey(),
                        a.getMapKey()))
            .toList(),
        response.getFromManifest(),
        response.getManifestKey());
  }
}
