package dev.convscope.models.caffe.graph;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * An element-wise function (ReLU, Sigmoid, TanH; identity for Dropout at inference) applied to a
 * copy of the input, so that a blob Caffe computes in place is a new array here and the value a
 * layer read before it stays as it was.
 */
public final class CaffeActivation extends FunctionLayer {

  @JsonProperty private IActivation activation;

  /** For DL4J's configuration copies. */
  CaffeActivation() {}

  public CaffeActivation(IActivation activation) {
    this.activation = activation;
  }

  public IActivation activation() {
    return activation;
  }

  @Override
  public INDArray apply(INDArray input) {
    return activation.getActivation(input.dup(), false);
  }
}
