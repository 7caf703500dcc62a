package dev.convscope.models.onnx;

import dev.convscope.models.onnx.format.OnnxMessages.AttributeProto;
import dev.convscope.models.onnx.format.OnnxMessages.NodeProto;
import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** A node of the graph, with its attributes read by name and ONNX's defaults. */
final class Node {

  private final NodeProto proto;

  Node(NodeProto proto) {
    this.proto = proto;
  }

  String name() {
    return proto.getName();
  }

  String op() {
    return proto.getOpType();
  }

  String domain() {
    return proto.getDomain();
  }

  /** The input names; an empty name is an optional input left out. */
  List<String> inputs() {
    return proto.getInputList();
  }

  /** The input at that position, or empty when the node has none there. */
  Optional<String> input(int index) {
    return index < proto.getInputCount() && !proto.getInput(index).isEmpty()
        ? Optional.of(proto.getInput(index))
        : Optional.empty();
  }

  List<String> outputs() {
    return proto.getOutputList();
  }

  /** For messages: "node '/conv1/Conv' (Conv)", or the value it writes when it has no name. */
  String describe() {
    return describe(proto);
  }

  static String describe(NodeProto node) {
    String who =
        node.getName().isEmpty()
            ? "the node writing '" + String.join("', '", node.getOutputList()) + "'"
            : "node '" + node.getName() + "'";
    return who + " (" + node.getOpType() + ")";
  }

  boolean has(String attribute) {
    return find(attribute).isPresent();
  }

  long integer(String attribute, long fallback) {
    return find(attribute).map(AttributeProto::getI).orElse(fallback);
  }

  float real(String attribute, float fallback) {
    return find(attribute).map(AttributeProto::getF).orElse(fallback);
  }

  String text(String attribute, String fallback) {
    return find(attribute).map(a -> a.getS().toString(StandardCharsets.UTF_8)).orElse(fallback);
  }

  /** The attribute's integers, or {@code fallback} when the node does not set it. */
  long[] integers(String attribute, long[] fallback) {
    return find(attribute)
        .map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray())
        .orElse(fallback);
  }

  /** An attribute of two positive integers (a window's strides, dilations), or both fallback. */
  int[] pair(String attribute, int fallback) {
    long[] values = integers(attribute, new long[] {fallback, fallback});
    if (values.length != 2 || values[0] < 1 || values[1] < 1) {
      throw unsupported(
          "has " + attribute + " " + java.util.Arrays.toString(values),
          "two positive " + attribute);
    }
    return new int[] {(int) values[0], (int) values[1]};
  }

  float[] reals(String attribute) {
    Optional<AttributeProto> found = find(attribute);
    if (found.isEmpty()) {
      return null;
    }
    float[] values = new float[found.get().getFloatsCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = found.get().getFloats(i);
    }
    return values;
  }

  Optional<TensorProto> tensor(String attribute) {
    return find(attribute).filter(AttributeProto::hasT).map(AttributeProto::getT);
  }

  private Optional<AttributeProto> find(String attribute) {
    return proto.getAttributeList().stream().filter(a -> a.getName().equals(attribute)).findFirst();
  }

  /** A refusal naming this node: "node 'x' (Op) WHAT; supported: SUPPORTED". */
  OnnxFormatException unsupported(String what, String supported) {
    return new OnnxFormatException(
        describe() + " " + what + ", which the import does not build; supported: " + supported);
  }
}
