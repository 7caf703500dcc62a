package dev.convscope.models.graph;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Each example of the batch laid out in another shape, values in row-major order: ONNX's Reshape
 * and Flatten of all but the batch axis ((N, C, H, W) to (N, C·H·W) is Caffe's and PyTorch's
 * flattening channel by channel, then row by row).
 */
public final class ExampleReshape extends FunctionLayer {

  @JsonProperty private long[] exampleShape;

  /** For DL4J's configuration copies. */
  ExampleReshape() {}

  /**
   * @param exampleShape the shape of one example, without the batch axis
   */
  public ExampleReshape(long[] exampleShape) {
    this.exampleShape = exampleShape.clone();
  }

  @Override
  public INDArray apply(INDArray input) {
    long[] shape = new long[exampleShape.length + 1];
    shape[0] = input.size(0);
    System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
    return input.dup('c').reshape('c', shape);
  }

  @Override
  public INDArray backward(INDArray input, INDArray outputGradient) {
    return outputGradient.dup('c').reshape('c', input.shape());
  }
}
