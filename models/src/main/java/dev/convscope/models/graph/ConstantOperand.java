package dev.convscope.models.graph;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * An element-wise product and sum with constants, {@code x * scale + shift}, each constant
 * broadcast over the input as numpy broadcasts (a value per channel of (N, C, H, W) is (1, C, 1,
 * 1)). DL4J's element-wise vertices join the outputs of other vertices only; this is how a
 * multiplication or addition by a constant operand runs.
 */
public final class ConstantOperand extends FunctionLayer {

  @JsonProperty private long[] shape;
  @JsonProperty private float[] scale;
  @JsonProperty private float[] shift;

  /** For DL4J's configuration copies. */
  ConstantOperand() {}

  /**
   * @param shape the constants' shape, of the input's rank, 1 on the batch axis and on every axis
   *     they are repeated along
   * @param scale the factors, row-major in {@code shape}; empty for none
   * @param shift the terms added after the product, row-major in {@code shape}; empty for none
   */
  public ConstantOperand(long[] shape, float[] scale, float[] shift) {
    this.shape = shape.clone();
    this.scale = scale.clone();
    this.shift = shift.clone();
  }

  @Override
  public INDArray apply(INDArray input) {
    INDArray output = input.dup('c');
    if (scale.length > 0) {
      output.muli(constant(scale, input));
    }
    if (shift.length > 0) {
      output.addi(constant(shift, input));
    }
    return output;
  }

  @Override
  public INDArray backward(INDArray input, INDArray outputGradient) {
    INDArray inputGradient = outputGradient.dup('c');
    return scale.length > 0 ? inputGradient.muli(constant(scale, input)) : inputGradient;
  }

  private INDArray constant(float[] values, INDArray input) {
    return Nd4j.create(values, shape, 'c').castTo(input.dataType()).broadcast(input.shape());
  }
}
