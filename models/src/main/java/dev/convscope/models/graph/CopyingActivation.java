package dev.convscope.models.graph;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * An element-wise function (ReLU, Sigmoid, TanH; identity for Dropout at inference) applied to a
 * copy of the input, so that a blob computed in place (as Caffe does) is a new array here and the
 * value a layer read before it stays as it was.
 */
public final class CopyingActivation extends FunctionLayer {

  @JsonProperty private IActivation activation;

  /** For DL4J's configuration copies. */
  CopyingActivation() {}

  public CopyingActivation(IActivation activation) {
    this.activation = activation;
  }

  public IActivation activation() {
    return activation;
  }

  @Override
  public INDArray apply(INDArray input) {
    return activation.getActivation(input.dup(), false);
  }

  @Override
  public INDArray backward(INDArray input, INDArray outputGradient) {
    // DL4J's activations work in place on both arrays.
    return activation.backprop(input.dup(), outputGradient.dup()).getFirst();
  }
}
