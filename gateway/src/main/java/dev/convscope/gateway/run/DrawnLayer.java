package dev.convscope.gateway.run;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One tensor of a run, drawn and stored: a layer's activations or its weights, with statistics.
 *
 * @param name the layer's (blob's) name
 * @param layerType the layer's type as the model names it, such as "Convolution"
 * @param npyKey the tensor's values as .npy, when the run asked for them; else empty
 * @param npyUrl where to fetch them; empty in a manifest, and when there are none
 */
public record DrawnLayer(
    String name,
    TensorKind kind,
    String layerType,
    List<Long> shape,
    TensorStatistics statistics,
    List<Picture> pictures,
    String npyKey,
    String npyUrl)
    implements RunEvent, InferenceEvent {

  public DrawnLayer {
    shape = List.copyOf(shape);
    pictures = List.copyOf(pictures);
  }

  /** The layer with each picture's URL made from its key. */
  public DrawnLayer withUrls(UnaryOperator<String> urlOfKey) {
    return new DrawnLayer(
        name,
        kind,
        layerType,
        shape,
        statistics,
        pictures.stream().map(picture -> picture.withUrl(urlOfKey.apply(picture.key()))).toList(),
        npyKey,
        npyKey.isEmpty() ? "" : urlOfKey.apply(npyKey));
  }

  /** The layer as a manifest keeps it: keys, no URLs (they expire). */
  public DrawnLayer withoutUrls() {
    return new DrawnLayer(
        name,
        kind,
        layerType,
        shape,
        statistics,
        pictures.stream().map(picture -> picture.withUrl("")).toList(),
        npyKey,
        "");
  }

  /** The layer's output for the image, other than the image itself (the input blob). */
  public boolean isHiddenActivation() {
    return kind == TensorKind.ACTIVATION
        && !layerType.equalsIgnoreCase("Input")
        && !name.equals("data");
  }
}
