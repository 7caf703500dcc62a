package dev.convscope.models.onnx;

import dev.convscope.models.graph.ConstantOperand;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;

/**
 * Add, Sub, Mul and Div: of two computed values of one shape as DL4J's element-wise vertex, of a
 * computed value and a constant as {@link ConstantOperand} (DL4J's element-wise vertices take no
 * constants).
 */
final class Arithmetic {

  private Arithmetic() {}

  static Built arithmetic(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Optional<Flow> first = in.optionalFlow(0);
    Optional<Flow> second = in.optionalFlow(1);
    if (first.isPresent() && second.isPresent()) {
      return elementWise(in, blob, out, first.get(), second.get());
    }
    boolean flowFirst = first.isPresent();
    Flow x = flowFirst ? first.get() : second.get();
    Constant c = in.constant(flowFirst ? 1 : 0, "its constant operand");
    long[] shape = Constant.padded(c.shape(), x.rank());
    boolean fits = c.rank() <= x.rank() && shape[0] == 1;
    for (int i = 1; i < shape.length && fits; i++) {
      fits = shape[i] == 1 || shape[i] == x.shape()[i];
    }
    if (!fits) {
      throw node.unsupported(
          "combines a value of shape "
              + Arrays.toString(x.shape())
              + " with a constant of shape "
              + Arrays.toString(c.shape()),
          "constants that broadcast over the value without enlarging it, one for all examples");
    }
    float[] values = c.floats();
    float[] none = new float[0];
    ConstantOperand operand =
        switch (node.op()) {
          case "Add" -> new ConstantOperand(shape, none, values);
          case "Mul" -> new ConstantOperand(shape, values, none);
          case "Sub" ->
              flowFirst
                  ? new ConstantOperand(shape, none, negated(values))
                  : new ConstantOperand(shape, filled(values.length, -1), values);
          case "Div" -> {
            if (!flowFirst) {
              throw node.unsupported(
                  "divides a constant by a computed value", "division by a constant");
            }
            yield new ConstantOperand(shape, reciprocals(values), none);
          }
          default -> throw new IllegalStateException(node.op());
        };
    out.addLayer(blob, operand, x.vertex());
    return new Built(x.shape());
  }

  private static Built elementWise(NodeInputs in, String blob, GraphAssembly out, Flow a, Flow b) {
    Node node = in.node();
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw node.unsupported(
          "combines values of shapes "
              + Arrays.toString(a.shape())
              + " and "
              + Arrays.toString(b.shape()),
          "two computed values of the same shape");
    }
    ElementWiseVertex.Op op =
        switch (node.op()) {
          case "Add" -> ElementWiseVertex.Op.Add;
          case "Sub" -> ElementWiseVertex.Op.Subtract;
          case "Mul" -> ElementWiseVertex.Op.Product;
          default ->
              throw node.unsupported(
                  "divides two computed values", "Add, Sub and Mul of two computed values");
        };
    out.addVertex(blob, new ElementWiseVertex(op), List.of(a.vertex(), b.vertex()));
    return new Built(a.shape());
  }

  private static float[] negated(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = -values[i];
    }
    return out;
  }

  private static float[] reciprocals(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = 1 / values[i];
    }
    return out;
  }

  private static float[] filled(int count, float value) {
    float[] out = new float[count];
    Arrays.fill(out, value);
    return out;
  }
}
