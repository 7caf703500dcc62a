package dev.convscope.models.graph;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/** Every value held between a lower and an upper bound (ONNX's Clip; ReLU6 is 0 to 6). */
public final class Clip extends FunctionLayer {

  @JsonProperty private float min;
  @JsonProperty private float max;

  /** For DL4J's configuration copies. */
  Clip() {}

  /** Bounds of ±{@link Float#MAX_VALUE} stand for none. */
  public Clip(float min, float max) {
    this.min = min;
    this.max = max;
  }

  @Override
  public INDArray apply(INDArray input) {
    return Transforms.min(Transforms.max(input, min, true), max, false);
  }

  /** The gradient passes where the value lies strictly between the bounds, as PyTorch's clamp. */
  @Override
  public INDArray backward(INDArray input, INDArray outputGradient) {
    INDArray inside =
        input.gt(min).castTo(input.dataType()).muli(input.lt(max).castTo(input.dataType()));
    return outputGradient.mul(inside);
  }
}
