package dev.convscope.models.onnx;

import dev.convscope.models.graph.CopyingActivation;
import dev.convscope.models.graph.ExampleReshape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * Flatten and Reshape (each example laid out again, the batch axis kept), Concat of channels and
 * Pad with zeros.
 */
final class Reshapes {

  private Reshapes() {}

  static Built flatten(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow x = in.flow(0);
    long axis = node.integer("axis", 1);
    if ((axis < 0 ? axis + x.rank() : axis) != 1) {
      throw node.unsupported(
          "flattens a value of shape " + Arrays.toString(x.shape()) + " from axis " + axis,
          "axis 1: every axis after the batch");
    }
    long[] example = {Constant.product(x.shape(), 1, x.rank())};
    return reshapeTo(blob, x, example, out);
  }

  static Built reshape(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow x = in.flow(0);
    if (in.computed(1)) {
      throw node.unsupported(
          "takes its shape from a value computed from the image, which cannot be folded to a"
              + " constant",
          "a shape that is constant, or computed by Shape, Gather, Unsqueeze, Concat, Cast and"
              + " arithmetic from constants and the values' known shapes");
    }
    long[] target = in.constant(1, "its shape").longs();
    long[] shape = Shapes.reshaped(node, x.shape(), target, node.integer("allowzero", 0) == 1);
    if (shape.length < 2 || shape[0] != x.shape()[0]) {
      throw node.unsupported(
          "reshapes "
              + Arrays.toString(x.shape())
              + " to "
              + Arrays.toString(shape)
              + ", moving values between the examples of a batch",
          "shapes that keep the batch axis first");
    }
    return reshapeTo(blob, x, Arrays.copyOfRange(shape, 1, shape.length), out);
  }

  private static Built reshapeTo(String blob, Flow x, long[] example, GraphAssembly out) {
    out.addLayer(blob, new ExampleReshape(example), x.vertex());
    long[] shape = new long[example.length + 1];
    shape[0] = x.shape()[0];
    System.arraycopy(example, 0, shape, 1, example.length);
    return new Built(shape);
  }

  static Built concat(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    List<Flow> parts = new ArrayList<>();
    for (int i = 0; i < node.inputs().size(); i++) {
      if (!in.computed(i)) {
        throw node.unsupported(
            "joins a constant '" + node.inputs().get(i) + "' with computed values",
            "Concat of computed values, or of constants");
      }
      parts.add(in.flow(i));
    }
    Flow first = parts.get(0);
    int axis = ConstantFolder.axis(node, node.integer("axis", 1), first.rank());
    long channels = 0;
    for (Flow part : parts) {
      long[] a = part.shape().clone();
      long[] b = first.shape().clone();
      channels += part.rank() > 1 ? a[1] : 0;
      if (part.rank() != first.rank()) {
        throw node.unsupported("joins values of different ranks", "values of one rank");
      }
      a[1] = 0;
      b[1] = 0;
      if (!Arrays.equals(a, b)) {
        throw node.unsupported(
            "joins values of shapes "
                + parts.stream().map(p -> Arrays.toString(p.shape())).toList(),
            "values that differ in their channels only");
      }
    }
    if (axis != 1 || (first.rank() != 2 && first.rank() != 4)) {
      throw node.unsupported(
          "joins values of shape " + Arrays.toString(first.shape()) + " along axis " + axis,
          "axis 1 (channels) of (N, C) or (N, C, H, W) values");
    }
    if (parts.size() == 1) {
      out.addLayer(blob, new CopyingActivation(new ActivationIdentity()), first.vertex());
    } else {
      out.addVertex(blob, new MergeVertex(), parts.stream().map(Flow::vertex).toList());
    }
    long[] shape = first.shape().clone();
    shape[1] = channels;
    return new Built(shape);
  }

  static Built pad(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow x = in.image();
    String mode = node.text("mode", "constant");
    if (!mode.equals("constant")) {
      throw node.unsupported("pads in mode " + mode, "mode constant, with zeros");
    }
    long[] pads;
    double value;
    if (in.opset() < 11) {
      pads = node.integers("pads", new long[0]);
      value = node.real("value", 0f);
    } else {
      pads = in.constant(1, "its pads").longs();
      value = in.optionalConstant(2, "its constant_value").map(c -> c.single("value")).orElse(0.0);
    }
    if (pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
      throw node.unsupported(
          "pads " + Arrays.toString(pads) + " a value of shape " + Arrays.toString(x.shape()),
          "padding of height and width only");
    }
    if (value != 0) {
      throw node.unsupported("pads with " + value, "padding with zeros");
    }
    for (long pad : pads) {
      if (pad < 0) {
        throw node.unsupported("crops (negative pads " + Arrays.toString(pads) + ")", "pads ≥ 0");
      }
    }
    int[] padding = {(int) pads[2], (int) pads[3], (int) pads[6], (int) pads[7]};
    out.addLayer(blob, Convolutions.zeroPadding(padding), x.vertex());
    long[] shape = x.shape().clone();
    shape[2] += pads[2] + pads[6];
    shape[3] += pads[3] + pads[7];
    return new Built(shape);
  }
}
