package dev.convscope.gateway.run;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One tensor of a run, drawn and stored: a layer's activations or its weights, with statistics.
 *
 * @param name the layer's (blob's) name
 * @param layerType the layer's type as the model names it, such as "Convolution"
 */
public record DrawnLayer(
    String name,
    TensorKind kind,
    String layerType,
    List<Long> shape,
    TensorStatistics statistics,
    List<Picture> pictures)
    implements RunEvent, InferenceEvent {

  public DrawnLayer {
    shape = List.copyOf(shape);
    pictures = List.copyOf(pictures);
  }

  /** The layer with each picture's URL made from its key. */
  public DrawnLayer withUrls(UnaryOperator<String> urlOfKey) {
    return withPictures(
        pictures.stream().map(picture -> picture.withUrl(urlOfKey.apply(picture.key()))).toList());
  }

  /** The layer as a manifest keeps it: keys, no URLs (they expire). */
  public DrawnLayer withoutUrls() {
    return withPictures(pictures.stream().map(picture -> picture.withUrl("")).toList());
  }

  /** The layer's output for the image, other than the image itself (the input blob). */
  public boolean isHiddenActivation() {
    return kind == TensorKind.ACTIVATION
        && !layerType.equalsIgnoreCase("Input")
        && !name.equals("data");
  }

  private DrawnLayer withPictures(List<Picture> linked) {
    return new DrawnLayer(name, kind, layerType, shape, statistics, linked);
  }
}
