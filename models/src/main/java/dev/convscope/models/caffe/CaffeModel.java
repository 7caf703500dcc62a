package dev.convscope.models.caffe;

import java.util.List;
import java.util.Map;

/**
 * A network with its trained weights: for every layer that has learned blobs, those blobs in
 * Caffe's order (weights then bias; mean, variance and scale factor for BatchNorm), each shaped as
 * the layer's {@link ParameterBlob} says.
 */
public record CaffeModel(CaffeNetwork network, Map<String, List<CaffeBlob>> weights) {

  public CaffeModel {
    weights = Map.copyOf(weights);
  }

  /** The layer's learned blobs; none for a layer without parameters. */
  public List<CaffeBlob> weights(String layer) {
    return weights.getOrDefault(layer, List.of());
  }
}
