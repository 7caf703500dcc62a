package dev.convscope.gateway.wire;

import dev.convscope.gateway.model.ChannelOrder;
import dev.convscope.gateway.model.LayerSummary;
import dev.convscope.gateway.model.ModelSummary;
import dev.convscope.gateway.model.ParameterSummary;
import dev.convscope.gateway.model.Preprocessing;

/** A model's summary between the contract's message and the gateway's record, both ways. */
public final class ModelMessages {

  private ModelMessages() {}

  public static ModelSummary read(dev.convscope.api.v1.ModelSummary summary) {
    return new ModelSummary(
        summary.getName(),
        summary.getDigest(),
        summary.getSource(),
        summary.getPretrained(),
        read(summary.getPreprocessing()),
        summary.getLayersList().stream().map(ModelMessages::read).toList(),
        summary.getParameterCount(),
        summary.getLabelsList(),
        summary.getDisplayName());
  }

  public static dev.convscope.api.v1.ModelSummary write(ModelSummary summary) {
    return dev.convscope.api.v1.ModelSummary.newBuilder()
        .setName(summary.name())
        .setDigest(summary.digest())
        .setSource(summary.source())
        .setPretrained(summary.pretrained())
        .setPreprocessing(write(summary.preprocessing()))
        .addAllLayers(summary.layers().stream().map(ModelMessages::write).toList())
        .setParameterCount(summary.parameterCount())
        .addAllLabels(summary.labels())
        .setDisplayName(summary.displayName())
        .build();
  }

  private static Preprocessing read(dev.convscope.api.v1.Preprocessing input) {
    return new Preprocessing(
        input.getHeight(),
        input.getWidth(),
        input.getChannels(),
        Enums.read(ChannelOrder.class, input.getChannelOrder(), "CHANNEL_ORDER_"),
        input.getResize(),
        input.getMeanList(),
        input.getStdList(),
        input.getScale(),
        input.getDescription());
  }

  private static dev.convscope.api.v1.Preprocessing write(Preprocessing input) {
    return dev.convscope.api.v1.Preprocessing.newBuilder()
        .setHeight(input.height())
        .setWidth(input.width())
        .setChannels(input.channels())
        .setChannelOrder(
            Enums.write(
                dev.convscope.api.v1.ChannelOrder.class, input.channelOrder(), "CHANNEL_ORDER_"))
        .setResize(input.resize())
        .addAllMean(input.mean())
        .addAllStd(input.std())
        .setScale(input.scale())
        .setDescription(input.description())
        .build();
  }

  private static LayerSummary read(dev.convscope.api.v1.LayerSummary layer) {
    return new LayerSummary(
        layer.getName(),
        layer.getType(),
        layer.getOutputShapeList(),
        layer.getParametersList().stream()
            .map(p -> new ParameterSummary(p.getName(), p.getShapeList(), p.getCount()))
            .toList());
  }

  private static dev.convscope.api.v1.LayerSummary write(LayerSummary layer) {
    return dev.convscope.api.v1.LayerSummary.newBuilder()
        .setName(layer.name())
        .setType(layer.type())
        .addAllOutputShape(layer.outputShape())
        .addAllParameters(
            layer.parameters().stream()
                .map(
                    p ->
                        dev.convscope.api.v1.ParameterSummary.newBuilder()
                            .setName(p.name())
                            .addAllShape(p.shape())
                            .setCount(p.count())
                            .build())
                .toList())
        .build();
  }
}
