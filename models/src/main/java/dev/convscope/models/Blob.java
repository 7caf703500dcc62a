package dev.convscope.models;

import java.util.List;

/**
 * A named output of a network as its users know it (Caffe's word: "blob"), and the graph vertex
 * that computes it. Its weights, if it has any, are the parameters of {@code parameterVertices}
 * joined along the output axis: one vertex for most layers, two for a grouped convolution built as
 * two halves.
 *
 * @param type Caffe's name for the layer type ("Convolution", "Pooling", "LRN", "InnerProduct",
 *     "Softmax", "Input", ...)
 */
public record Blob(String name, String type, String vertex, List<String> parameterVertices) {

  public Blob {
    parameterVertices = List.copyOf(parameterVertices);
  }

  public boolean hasParameters() {
    return !parameterVertices.isEmpty();
  }
}
