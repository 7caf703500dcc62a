package dev.convscope.inference.api;

import dev.convscope.api.v1.LayerSummary;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.ParameterSummary;
import dev.convscope.inference.drawing.WireChannelOrder;
import dev.convscope.inference.upload.ModelManifest;
import dev.convscope.inference.upload.UploadedModelNames;
import dev.convscope.models.Preprocessing;
import java.util.Arrays;

/** Model summaries from the domain to the wire. */
final class SummaryMapping {

  private SummaryMapping() {}

  static ModelSummary toProto(dev.convscope.models.ModelSummary summary, boolean withLayers) {
    Preprocessing pre = summary.preprocessing();
    var preprocessing =
        dev.convscope.api.v1.Preprocessing.newBuilder()
            .setHeight(pre.height())
            .setWidth(pre.width())
            .setChannels(pre.channels())
            .setChannelOrder(WireChannelOrder.of(pre.order()))
            .setResize(
                pre.resizeHeight() == pre.height() && pre.resizeWidth() == pre.width()
                    ? "squash"
                    : "resize-" + pre.resizeHeight() + "x" + pre.resizeWidth() + "-crop")
            .setScale(pre.scale())
            .setDescription(pre.description());
    for (float m : pre.mean()) {
      preprocessing.addMean(m);
    }
    for (float s : pre.std()) {
      preprocessing.addStd(s);
    }
    ModelSummary.Builder proto =
        ModelSummary.newBuilder()
            .setName(summary.name())
            .setDigest(summary.digest())
            .setSource(summary.source())
            .setPretrained(summary.pretrained())
            .setPreprocessing(preprocessing)
            .setParameterCount(summary.parameterCount())
            .addAllLabels(summary.labels());
    if (withLayers) {
      for (var layer : summary.layers()) {
        LayerSummary.Builder l =
            LayerSummary.newBuilder().setName(layer.name()).setType(layer.type());
        Arrays.stream(layer.outputShape()).forEach(l::addOutputShape);
        for (var parameter : layer.parameters()) {
          ParameterSummary.Builder p =
              ParameterSummary.newBuilder().setName(parameter.name()).setCount(parameter.count());
          Arrays.stream(parameter.shape()).forEach(p::addShape);
          l.addParameters(p);
        }
        proto.addLayers(l);
      }
    }
    return proto.build();
  }

  /** An upload not loaded here: what its stored description says, without layers. */
  static ModelSummary toProto(ModelManifest upload) {
    return ModelSummary.newBuilder()
        .setName(UploadedModelNames.of(upload.sha256()))
        .setDigest(upload.sha256())
        .setSource(UploadedModelNames.SOURCE)
        .setPretrained(true)
        .setDisplayName(upload.displayName())
        .addAllLabels(upload.labels())
        .build();
  }
}
