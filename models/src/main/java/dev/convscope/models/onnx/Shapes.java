package dev.convscope.models.onnx;

import java.util.Arrays;

/** Shape arithmetic ONNX's operators share. */
final class Shapes {

  private Shapes() {}

  /**
   * The shape ONNX's Reshape gives: a 0 copies the input's extent on that axis (unless {@code
   * allowZero}), one -1 takes what is left.
   */
  static long[] reshaped(Node node, long[] input, long[] target, boolean allowZero) {
    long count = Constant.product(input, 0, input.length);
    long[] shape = target.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == 0 && !allowZero) {
        if (i >= input.length) {
          throw node.unsupported(
              "copies axis " + i + " of a value of shape " + Arrays.toString(input),
              "a 0 in the shape only where the input has that axis");
        }
        shape[i] = input[i];
      }
      if (shape[i] == -1) {
        if (inferred >= 0) {
          throw node.unsupported("has two -1 in its shape " + Arrays.toString(target), "one -1");
        }
        inferred = i;
      } else if (shape[i] < 0) {
        throw node.unsupported(
            "has a negative extent in its shape " + Arrays.toString(target), "-1, 0 and sizes");
      } else {
        known *= shape[i];
      }
    }
    if (inferred >= 0) {
      shape[inferred] = known == 0 ? 0 : count / known;
      known *= shape[inferred];
    }
    if (known != count) {
      throw node.unsupported(
          "reshapes "
              + count
              + " values of shape "
              + Arrays.toString(input)
              + " to "
              + Arrays.toString(target),
          "a shape of the same number of values");
    }
    return shape;
  }

  /**
   * The padding of a 2-D window over an (N, C, H, W) value, top, left, bottom, right: the node's
   * pads, or worked out for its auto_pad.
   *
   * @param extent the window's height and width, dilation included
   */
  static int[] windowPads(Node node, long[] shape, int[] extent, int[] stride) {
    long[] explicit = node.integers("pads", new long[4]);
    if (explicit.length != 4) {
      throw node.unsupported("has pads " + Arrays.toString(explicit), "four pads of a 2-D window");
    }
    String autoPad = node.text("auto_pad", "NOTSET");
    int[] pads = new int[4];
    for (int axis = 0; axis < 2; axis++) {
      int[] beginEnd =
          padding(
              node, autoPad, explicit, axis, 2, (int) shape[axis + 2], extent[axis], stride[axis]);
      if (beginEnd[0] < 0 || beginEnd[1] < 0) {
        throw node.unsupported("has negative pads " + Arrays.toString(explicit), "pads ≥ 0");
      }
      pads[axis] = beginEnd[0];
      pads[axis + 2] = beginEnd[1];
    }
    return pads;
  }

  /**
   * The padding before and after one spatial axis: explicit, or worked out for {@code auto_pad}
   * SAME_UPPER or SAME_LOWER (an output of ceil(size / stride), the odd one after or before).
   */
  private static int[] padding(
      Node node,
      String autoPad,
      long[] pads,
      int axis,
      int spatialAxes,
      int size,
      int extent,
      int stride) {
    switch (autoPad) {
      case "NOTSET":
        return new int[] {(int) pads[axis], (int) pads[axis + spatialAxes]};
      case "VALID":
        return new int[] {0, 0};
      case "SAME_UPPER":
      case "SAME_LOWER":
        int output = (size + stride - 1) / stride;
        int total = Math.max(0, (output - 1) * stride + extent - size);
        int half = total / 2;
        return autoPad.equals("SAME_UPPER")
            ? new int[] {half, total - half}
            : new int[] {total - half, half};
      default:
        throw node.unsupported(
            "has auto_pad " + autoPad, "auto_pad NOTSET, VALID, SAME_UPPER or SAME_LOWER");
    }
  }
}
