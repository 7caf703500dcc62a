package dev.convscope.models.onnx;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A node with its inputs as the import knows them: values computed from the image ({@link Flow}) or
 * constants, each asked for as what the operator needs, with a refusal naming the node when it is
 * the other kind.
 */
final class NodeInputs {

  private final Node node;
  private final int opset;
  private final Map<String, Flow> flows;
  private final Map<String, Constant> constants;

  NodeInputs(Node node, int opset, Map<String, Flow> flows, Map<String, Constant> constants) {
    this.node = node;
    this.opset = opset;
    this.flows = flows;
    this.constants = constants;
  }

  Node node() {
    return node;
  }

  /** The version of the standard operator set, which fixes some operators' inputs. */
  int opset() {
    return opset;
  }

  /** Whether the input at that position is computed from the image. */
  boolean computed(int index) {
    return node.input(index).map(flows::containsKey).orElse(false);
  }

  Flow flow(int index) {
    return optionalFlow(index)
        .orElseThrow(
            () ->
                node.unsupported(
                    "takes a constant as input " + index, "a value computed from the image"));
  }

  Optional<Flow> optionalFlow(int index) {
    return node.input(index).map(flows::get);
  }

  /** The first input, computed, (N, C, H, W). */
  Flow image() {
    Flow x = flow(0);
    if (x.rank() != 4) {
      throw node.unsupported(
          "takes a value of shape " + Arrays.toString(x.shape()), "(N, C, H, W) values");
    }
    return x;
  }

  /** The first input, computed, (N, K). */
  Flow matrix() {
    Flow x = flow(0);
    if (x.rank() != 2) {
      throw node.unsupported(
          "multiplies a value of shape " + Arrays.toString(x.shape()),
          "(N, K) values (a Flatten or Reshape before it)");
    }
    return x;
  }

  /**
   * @param what the input's role, for messages ("its weights")
   */
  Constant constant(int index, String what) {
    return optionalConstant(index, what)
        .orElseThrow(() -> node.unsupported("has no constant as " + what, what + " a constant"));
  }

  Optional<Constant> optionalConstant(int index, String what) {
    Optional<String> input = node.input(index);
    if (input.isPresent() && flows.containsKey(input.get())) {
      throw node.unsupported(
          "takes " + what + " from '" + input.get() + "', computed from the image",
          what + " a constant (an initializer or folded from constants)");
    }
    return input.map(constants::get);
  }
}
