package dev.convscope.models.graph;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax over the channel axis (axis 1), as Caffe's Softmax and ONNX's at axis 1 take it, of a
 * blob of any rank from 2 on: (N, C) as after an InnerProduct, or (N, C, H, W) as after a global
 * pooling ((N, C, 1, 1)), the shape kept. DL4J's softmax activation runs over the last axis, which
 * is the channel axis only for (N, C).
 */
public final class ChannelSoftmax extends FunctionLayer {

  @Override
  public INDArray apply(INDArray input) {
    if (input.rank() < 2) {
      throw new IllegalArgumentException(
          getLayerName() + ": a softmax over channels needs (N, C, ...), not rank " + input.rank());
    }
    INDArray output = Nd4j.createUninitialized(input.dataType(), input.shape(), 'c');
    Nd4j.exec(new SoftMax(input, output, 1));
    return output;
  }

  /** Softmax's Jacobian over the channels: {@code y · (g - Σ_c g·y)}. */
  @Override
  public INDArray backward(INDArray input, INDArray outputGradient) {
    INDArray output = apply(input);
    INDArray weighted = outputGradient.mul(output).sum(true, 1);
    return outputGradient.sub(weighted.broadcast(output.shape())).muli(output);
  }
}
