package dev.convscope.models.caffe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Caffe network as its prototxt defines it, checked and with every blob's shape worked out: no
 * Deeplearning4j in it. V1 and current files describing the same network give equal values.
 *
 * @param inputs the input blobs, in the order declared
 * @param layers every other layer in Caffe's order (Input layers become {@code inputs})
 * @param blobShapes the shape of every blob by name, inputs first, in the order produced (a blob
 *     computed in place keeps its shape)
 */
public record CaffeNetwork(
    String name,
    List<CaffeInput> inputs,
    List<CaffeLayer> layers,
    Map<String, List<Integer>> blobShapes) {

  public CaffeNetwork {
    inputs = List.copyOf(inputs);
    layers = List.copyOf(layers);
    blobShapes = Collections.unmodifiableMap(new LinkedHashMap<>(blobShapes));
  }

  public Optional<CaffeLayer> layer(String name) {
    return layers.stream().filter(layer -> layer.name().equals(name)).findFirst();
  }
}
