package dev.convscope.gateway.api;

import dev.convscope.api.v1.LayerSummary;
import dev.convscope.api.v1.ModelSummary;
import dev.convscope.api.v1.ParameterSummary;
import dev.convscope.api.v1.Preprocessing;
import java.util.List;

/** A model's summary: its input, and every layer with its output shape and parameters. */
public record ModelDetails(
    String name,
    String digest,
    String source,
    boolean pretrained,
    Input input,
    long parameterCount,
    List<String> labels,
    List<Layer> layers) {

  /** The image size the network takes and how an image is fitted to it. */
  public record Input(int height, int width, int channels, String preprocessing) {}

  /** One layer (blob) in network order. */
  public record Layer(
      String name, String type, List<Long> outputShape, List<Parameter> parameters) {}

  /** One parameter array of a layer, such as its weights or bias. */
  public record Parameter(String name, List<Long> shape, long count) {}

  static ModelDetails from(ModelSummary summary) {
    Preprocessing input = summary.getPreprocessing();
    return new ModelDetails(
        summary.getName(),
        summary.getDigest(),
        summary.getSource(),
        summary.getPretrained(),
        new Input(input.getHeight(), input.getWidth(), input.getChannels(), input.getDescription()),
        summary.getParameterCount(),
        List.copyOf(summary.getLabelsList()),
        summary.getLayersList().stream().map(ModelDetails::layer).toList());
  }

  private static Layer layer(LayerSummary layer) {
    return new Layer(
        layer.getName(),
        layer.getType(),
        List.copyOf(layer.getOutputShapeList()),
        layer.getParametersList().stream().map(ModelDetails::parameter).toList());
  }

  private static Parameter parameter(ParameterSummary parameter) {
    return new Parameter(
        parameter.getName(), List.copyOf(parameter.getShapeList()), parameter.getCount());
  }
}
