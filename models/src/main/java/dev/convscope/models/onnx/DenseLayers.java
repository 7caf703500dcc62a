package dev.convscope.models.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gemm and MatMul by a constant matrix as DL4J dense layers, which hold their weights as (inputs,
 * outputs).
 */
final class DenseLayers {

  private DenseLayers() {}

  static Built gemm(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow a = in.matrix();
    Constant b = in.constant(1, "its B");
    if (node.integer("transA", 0) != 0) {
      throw node.unsupported("transposes its input (transA 1)", "transA 0");
    }
    if (b.rank() != 2) {
      throw node.unsupported(
          "multiplies by B of shape " + Arrays.toString(b.shape()), "a matrix B");
    }
    // DL4J holds dense weights as (inputs, outputs): B, or B transposed when transB is set.
    INDArray weights = b.array();
    if (node.integer("transB", 0) == 1) {
      weights = weights.transpose().dup('c');
    }
    weights.muli(node.real("alpha", 1f));
    int outputs = (int) weights.size(1);
    checkInputs(node, a, weights);
    Optional<Constant> c = in.optionalConstant(2, "its C");
    INDArray bias = null;
    if (c.isPresent()) {
      long[] shape = c.get().shape();
      long last = shape.length == 0 ? 1 : shape[shape.length - 1];
      boolean perOutput = c.get().count() == 1 || (c.get().count() == outputs && last == outputs);
      if (!perOutput) {
        throw node.unsupported(
            "adds C of shape " + Arrays.toString(shape),
            "C of one value or one per output (" + outputs + ")");
      }
      float beta = node.real("beta", 1f);
      float[] values = new float[outputs];
      for (int i = 0; i < outputs; i++) {
        values[i] = (float) c.get().values()[c.get().count() == 1 ? 0 : i] * beta;
      }
      bias = Nd4j.create(values, new long[] {1, outputs}, 'c');
    }
    return dense(blob, a, weights, bias, out);
  }

  static Built matMul(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow a = in.matrix();
    Constant b = in.constant(1, "its second input");
    if (b.rank() != 2) {
      throw node.unsupported(
          "multiplies by a constant of shape " + Arrays.toString(b.shape()),
          "MatMul of an (N, K) value by a constant (K, M) matrix");
    }
    INDArray weights = b.array();
    checkInputs(node, a, weights);
    return dense(blob, a, weights, null, out);
  }

  private static void checkInputs(Node node, Flow a, INDArray weights) {
    if (weights.size(0) != a.shape()[1]) {
      throw node.unsupported(
          "multiplies a value of shape "
              + Arrays.toString(a.shape())
              + " by weights of shape "
              + Arrays.toString(weights.shape())
              + " (inputs, outputs)",
          "weights whose inputs match the value's " + a.shape()[1]);
    }
  }

  private static Built dense(
      String blob, Flow a, INDArray weights, INDArray bias, GraphAssembly out) {
    DenseLayer dense =
        new DenseLayer.Builder()
            .nIn(weights.size(0))
            .nOut(weights.size(1))
            .hasBias(bias != null)
            .activation(Activation.IDENTITY)
            .build();
    out.addLayer(blob, dense, a.vertex());
    out.setWeightsAndBias(blob, weights, bias);
    return new Built(new long[] {a.shape()[0], weights.size(1)}, List.of(blob));
  }
}
