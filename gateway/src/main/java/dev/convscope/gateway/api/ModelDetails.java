package dev.convscope.gateway.api;

import dev.convscope.gateway.model.LayerSummary;
import dev.convscope.gateway.model.ModelSummary;
import dev.convscope.gateway.model.ParameterSummary;
import dev.convscope.gateway.model.Preprocessing;
import java.util.List;

/** A model's summary: its input, and every layer with its output shape and parameters. */
public record ModelDetails(
    String name,
    String displayName,
    String digest,
    String source,
    boolean pretrained,
    Input input,
    long parameterCount,
    List<String> labels,
    List<Layer> layers) {

  /**
   * The image size the network takes and how an image is fitted to it.
   *
   * @param preprocessing all of it in one sentence
   * @param std what each channel is divided by after the mean (0..255 scale); empty for none
   */
  public record Input(int height, int width, int channels, String preprocessing, List<Float> std) {}

  /** One layer (blob) in network order. */
  public record Layer(
      String name, String type, List<Long> outputShape, List<Parameter> parameters) {}

  /** One parameter array of a layer, such as its weights or bias. */
  public record Parameter(String name, List<Long> shape, long count) {}

  static ModelDetails from(ModelSummary summary) {
    Preprocessing input = summary.preprocessing();
    return new ModelDetails(
        summary.name(),
        summary.displayName(),
        summary.digest(),
        summary.source(),
        summary.pretrained(),
        new Input(
            input.height(), input.width(), input.channels(), input.description(), input.std()),
        summary.parameterCount(),
        summary.labels(),
        summary.layers().stream().map(ModelDetails::layer).toList());
  }

  private static Layer layer(LayerSummary layer) {
    return new Layer(
        layer.name(),
        layer.type(),
        layer.outputShape(),
        layer.parameters().stream().map(ModelDetails::parameter).toList());
  }

  private static Parameter parameter(ParameterSummary parameter) {
    return new Parameter(parameter.name(), parameter.shape(), parameter.count());
  }
}
