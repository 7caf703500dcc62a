package dev.convscope.models;

import java.util.List;

/**
 * A named output of a network as its users know it (Caffe's word: "blob"), and the graph vertex
 * that computes it. Its weights, if it has any, are the parameters of {@code parameterVertices}
 * joined along the output axis: one vertex for most layers, two for a grouped convolution built as
 * two halves.
 *
 * @param type the layer type as the model's format names it: Caffe's ("Convolution", "Pooling",
 *     "LRN", "InnerProduct", "Softmax", "Input", ...), or the ONNX operator ("Conv", "Gemm", ...)
 */
public record Blob(String name, String type, String vertex, List<String> parameterVertices) {

  public Blob {
    parameterVertices = List.copyOf(parameterVertices);
  }

  public boolean hasParameters() {
    return !parameterVertices.isEmpty();
  }
}
