package dev.convscope.gateway.wire;

import com.google.protobuf.ByteString;
import dev.convscope.api.v1.ExplainRequest;
import dev.convscope.api.v1.ExplainResponse;
import dev.convscope.gateway.explain.Attribution;
import dev.convscope.gateway.explain.Explanation;
import dev.convscope.gateway.explain.ExplanationRequest;
import dev.convscope.gateway.run.Prediction;
import dev.convscope.gateway.run.Weights;

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
                        a.getOverlayKey()))
            .toList());
  }
}
