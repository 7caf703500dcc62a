package dev.convscope.models.onnx;

import dev.convscope.models.graph.Clip;
import dev.convscope.models.graph.CopyingActivation;
import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import java.util.Optional;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * Element-wise functions (Relu, LeakyRelu, Sigmoid, Tanh, Clip) and the identities (Dropout at
 * inference, Identity, Cast to float), each computed on a copy of its input.
 */
final class Activations {

  private Activations() {}

  static Built activation(NodeInputs in, String blob, GraphAssembly out, IActivation activation) {
    Node node = in.node();
    Flow x = in.flow(0);
    out.addLayer(blob, new CopyingActivation(activation), x.vertex());
    return new Built(x.shape());
  }

  static Built clip(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow x = in.flow(0);
    float min;
    float max;
    if (in.opset() < 11) {
      min = node.real("min", -Float.MAX_VALUE);
      max = node.real("max", Float.MAX_VALUE);
    } else {
      min =
          in.optionalConstant(1, "its min")
              .map(c -> (float) c.single("min"))
              .orElse(-Float.MAX_VALUE);
      max =
          in.optionalConstant(2, "its max")
              .map(c -> (float) c.single("max"))
              .orElse(Float.MAX_VALUE);
    }
    out.addLayer(blob, new Clip(min, max), x.vertex());
    return new Built(x.shape());
  }

  static Built dropout(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Optional<Constant> training = in.optionalConstant(2, "its training_mode");
    if (training.isPresent() && training.get().single("training_mode") != 0) {
      throw node.unsupported("drops values (training_mode true)", "Dropout at inference");
    }
    return activation(in, blob, out, new ActivationIdentity());
  }

  static Built cast(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    if (node.integer("to", 0) != TensorProto.DataType.FLOAT_VALUE) {
      throw node.unsupported(
          "casts an image value to type " + node.integer("to", 0),
          "Cast of computed values to FLOAT (the identity)");
    }
    return activation(in, blob, out, new ActivationIdentity());
  }
}
