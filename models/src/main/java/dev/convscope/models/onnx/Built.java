package dev.convscope.models.onnx;

import java.util.List;

/**
 * What a node became in the graph: the shape of its output, and the vertices holding its weights
 * (none for most layers, one per group of a grouped convolution).
 */
record Built(long[] shape, List<String> parameterVertices) {

  Built(long[] shape) {
    this(shape, List.of());
  }
}
