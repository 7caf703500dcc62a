package dev.convscope.models.onnx;

/** A value computed from the input: the vertex computing it and its shape, batch first. */
record Flow(String vertex, long[] shape) {

  int rank() {
    return shape.length;
  }
}
