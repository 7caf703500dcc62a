package dev.convscope.gateway.model;

import java.util.List;

/**
 * What the inference service tells of a model: its names, its input, every layer (blob) with its
 * output shape and parameters, and its labels.
 *
 * @param digest the {@code sha256:} name that stays with these weights for ever
 * @param source where the model came from: built in, uploaded, a zoo
 * @param pretrained whether the weights were trained (false: seeded random weights)
 * @param displayName the name a person gave an uploaded model; empty when none
 */
public record ModelSummary(
    String name,
    String digest,
    String source,
    boolean pretrained,
    Preprocessing preprocessing,
    List<LayerSummary> layers,
    long parameterCount,
    List<String> labels,
    String displayName) {

  public ModelSummary {
    layers = List.copyOf(layers);
    labels = List.copyOf(labels);
  }

  /** How many classes the model tells apart: the size of its last layer's output. */
  public int classes() {
    return layers.isEmpty()
        ? 0
        : layers.get(layers.size() - 1).outputShape().stream()
            .mapToInt(Long::intValue)
            .reduce(1, Math::multiplyExact);
  }
}
