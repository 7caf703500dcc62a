package dev.convscope.models.onnx;

import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * Computes, at import, the nodes whose inputs are all constants: the plumbing exporters write
 * around the layers (a Reshape's shape from Shape, Gather, Unsqueeze and Concat; a Pad's pads from
 * ConstantOfShape, Slice and Transpose; Casts; arithmetic on constants), so the graph that runs
 * holds layers only.
 */
final class ConstantFolder {

  /** The operators computed from constants. */
  static final Set<String> FOLDED =
      Set.of(
          "Constant",
          "Identity",
          "Cast",
          "Shape",
          "Gather",
          "Unsqueeze",
          "Squeeze",
          "Concat",
          "Reshape",
          "Flatten",
          "Slice",
          "Transpose",
          "ConstantOfShape",
          "Add",
          "Sub",
          "Mul",
          "Div");

  private final int opset;

  ConstantFolder(int opset) {
    this.opset = opset;
  }

  /**
   * The node's output computed from constant inputs (an empty list for a node without inputs).
   *
   * @param inputs the constant inputs, null where an optional input is left out
   */
  Constant fold(Node node, List<Constant> inputs) {
    return switch (node.op()) {
      case "Constant" -> constant(node);
      case "Identity" -> inputs.get(0);
      case "Cast" -> inputs.get(0).cast(castsToWhole(node));
      case "Shape" -> shape(node, inputs.get(0).shape());
      case "Gather" -> {
        Constant data = inputs.get(0);
        yield data.gather(axis(node, node.integer("axis", 0), data.rank()), inputs.get(1));
      }
      case "Unsqueeze" -> unsqueeze(node, inputs);
      case "Squeeze" -> squeeze(node, inputs);
      case "Concat" -> {
        int axis = axis(node, node.integer("axis", 0), inputs.get(0).rank());
        yield Constant.concat(axis, inputs);
      }
      case "Reshape" -> {
        Constant data = inputs.get(0);
        yield data.reshape(
            Shapes.reshaped(
                node, data.shape(), inputs.get(1).longs(), node.integer("allowzero", 0) == 1));
      }
      case "Flatten" -> {
        Constant data = inputs.get(0);
        int axis = axis(node, node.integer("axis", 1), data.rank() + 1);
        long before = Constant.product(data.shape(), 0, axis);
        yield data.reshape(new long[] {before, data.count() / Math.max(before, 1)});
      }
      case "Slice" -> slice(node, inputs);
      case "Transpose" -> {
        Constant data = inputs.get(0);
        long[] perm = node.integers("perm", reversed(data.rank()));
        yield data.transpose(Arrays.stream(perm).mapToInt(p -> (int) p).toArray());
      }
      case "ConstantOfShape" -> {
        Constant fill =
            node.tensor("value")
                .map(t -> Tensors.read(t, node.describe() + "'s value"))
                .orElse(new Constant(new long[] {1}, new double[] {0}, false));
        long[] shape = inputs.get(0).longs();
        double[] values = new double[(int) Constant.product(shape, 0, shape.length)];
        Arrays.fill(values, fill.single(node.describe() + "'s value"));
        yield new Constant(shape, values, fill.whole());
      }
      case "Add" -> arithmetic(inputs, Double::sum);
      case "Sub" -> arithmetic(inputs, (a, b) -> a - b);
      case "Mul" -> arithmetic(inputs, (a, b) -> a * b);
      case "Div" -> {
        Constant quotient = arithmetic(inputs, (a, b) -> a / b);
        yield quotient.whole() ? quotient.cast(true) : quotient;
      }
      default -> throw new IllegalArgumentException(node.op() + " is not folded");
    };
  }

  private static Constant arithmetic(List<Constant> inputs, DoubleBinaryOperator op) {
    Constant result = Constant.broadcast(inputs.get(0), inputs.get(1), op);
    return inputs.get(0).whole() && inputs.get(1).whole() ? result : result.cast(false);
  }

  private static Constant constant(Node node) {
    if (node.tensor("value").isPresent()) {
      return Tensors.read(node.tensor("value").get(), node.describe() + "'s value");
    }
    if (node.has("value_float")) {
      return new Constant(new long[0], new double[] {node.real("value_float", 0)}, false);
    }
    if (node.has("value_int")) {
      return new Constant(new long[0], new double[] {node.integer("value_int", 0)}, true);
    }
    if (node.has("value_floats")) {
      float[] values = node.reals("value_floats");
      double[] wide = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        wide[i] = values[i];
      }
      return new Constant(new long[] {values.length}, wide, false);
    }
    if (node.has("value_ints")) {
      return Constant.wholeVector(node.integers("value_ints", new long[0]));
    }
    throw node.unsupported(
        "holds no tensor, float or integer value",
        "Constant with value, value_float, value_floats, value_int or value_ints");
  }

  private static boolean castsToWhole(Node node) {
    int to = (int) node.integer("to", 0);
    TensorProto.DataType type = TensorProto.DataType.forNumber(to);
    if (type == null
        || type == TensorProto.DataType.STRING
        || type == TensorProto.DataType.UNDEFINED
        || type == TensorProto.DataType.COMPLEX64
        || type == TensorProto.DataType.COMPLEX128) {
      throw node.unsupported("casts to type " + to, "casts to real or whole numbers");
    }
    return type != TensorProto.DataType.FLOAT
        && type != TensorProto.DataType.DOUBLE
        && type != TensorProto.DataType.FLOAT16
        && type != TensorProto.DataType.BFLOAT16;
  }

  /** ONNX's Shape, with the start and end of operator set 15. */
  static Constant shape(Node node, long[] shape) {
    int rank = shape.length;
    int start = (int) clamp(node.integer("start", 0), rank);
    int end = (int) clamp(node.integer("end", rank), rank);
    return Constant.wholeVector(Arrays.copyOfRange(shape, start, Math.max(start, end)));
  }

  private static long clamp(long index, int rank) {
    long resolved = index < 0 ? index + rank : index;
    return Math.max(0, Math.min(rank, resolved));
  }

  private Constant unsqueeze(Node node, List<Constant> inputs) {
    Constant data = inputs.get(0);
    long[] axes = axesOf(node, inputs, 13);
    int rank = data.rank() + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long axis : axes) {
      inserted[axis(node, axis, rank)] = true;
    }
    long[] shape = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      shape[i] = inserted[i] ? 1 : data.shape()[j++];
    }
    return data.reshape(shape);
  }

  private Constant squeeze(Node node, List<Constant> inputs) {
    Constant data = inputs.get(0);
    long[] axes = axesOf(node, inputs, 13);
    boolean[] removed = new boolean[data.rank()];
    for (int i = 0; i < data.rank(); i++) {
      removed[i] = axes == null && data.shape()[i] == 1;
    }
    if (axes != null) {
      for (long axis : axes) {
        removed[axis(node, axis, data.rank())] = true;
      }
    }
    List<Long> shape = new ArrayList<>();
    for (int i = 0; i < data.rank(); i++) {
      if (!removed[i]) {
        shape.add(data.shape()[i]);
      }
    }
    return data.reshape(shape.stream().mapToLong(Long::longValue).toArray());
  }

  /** Axes given as an attribute before {@code inputFrom}, as the second input from it on. */
  private long[] axesOf(Node node, List<Constant> inputs, int inputFrom) {
    if (opset < inputFrom) {
      return node.integers("axes", null);
    }
    return inputs.size() > 1 && inputs.get(1) != null ? inputs.get(1).longs() : null;
  }

  private Constant slice(Node node, List<Constant> inputs) {
    Constant data = inputs.get(0);
    long[] starts;
    long[] ends;
    long[] axes;
    long[] steps = null;
    if (opset < 10) {
      starts = node.integers("starts", new long[0]);
      ends = node.integers("ends", new long[0]);
      axes = node.integers("axes", null);
    } else {
      starts = inputs.get(1).longs();
      ends = inputs.get(2).longs();
      axes = inputs.size() > 3 && inputs.get(3) != null ? inputs.get(3).longs() : null;
      steps = inputs.size() > 4 && inputs.get(4) != null ? inputs.get(4).longs() : null;
    }
    long[][] positions = new long[data.rank()][];
    for (int a = 0; a < data.rank(); a++) {
      positions[a] = range(0, data.shape()[a], 1, data.shape()[a]);
    }
    for (int i = 0; i < starts.length; i++) {
      int axis = axis(node, axes == null ? i : axes[i], data.rank());
      long step = steps == null ? 1 : steps[i];
      if (step == 0) {
        throw node.unsupported("slices with step 0", "non-zero steps");
      }
      positions[axis] = range(starts[i], ends[i], step, data.shape()[axis]);
    }
    return data.select(positions);
  }

  /** The positions ONNX's Slice takes along an axis of {@code dim} values. */
  private static long[] range(long start, long end, long step, long dim) {
    long from = start < 0 ? start + dim : start;
    long to = end < 0 ? end + dim : end;
    if (step > 0) {
      from = Math.max(0, Math.min(dim, from));
      to = Math.max(0, Math.min(dim, to));
    } else {
      from = Math.max(-1, Math.min(dim - 1, from));
      to = Math.max(-1, Math.min(dim - 1, to));
    }
    List<Long> positions = new ArrayList<>();
    for (long i = from; step > 0 ? i < to : i > to; i += step) {
      positions.add(i);
    }
    return positions.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] reversed(int rank) {
    long[] perm = new long[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = rank - 1 - i;
    }
    return perm;
  }

  /** An axis counted from the end when negative, checked against the rank. */
  static int axis(Node node, long axis, int rank) {
    long resolved = axis < 0 ? axis + rank : axis;
    if (resolved < 0 || resolved >= rank) {
      throw node.unsupported(
          "names axis " + axis + " of a value of rank " + rank, "axes from -rank to rank - 1");
    }
    return (int) resolved;
  }
}
