package dev.convscope.render;

import java.util.Arrays;

/**
 * An array of values with its shape, row-major (last axis fastest). The domain's own type: the wire
 * format stays in the api package.
 *
 * @param shape extent of each axis, 1 to 4 axes, each at least 1
 * @param values shape's product of values
 */
public record Tensor(int[] shape, float[] values) {

  public static final int MAX_AXES = 4;

  public Tensor {
    checkShape(shape);
    long count = elementCount(shape);
    if (count != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + count + " values, got " + values.length);
    }
  }

  /** Throws IllegalArgumentException unless the shape has 1 to 4 axes, each at least 1. */
  public static void checkShape(int[] shape) {
    if (shape.length < 1 || shape.length > MAX_AXES) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " has " + shape.length + " axes; expected 1 to 4");
    }
    for (int extent : shape) {
      if (extent < 1) {
        throw new IllegalArgumentException(
            "shape "
                + Arrays.toString(shape)
                + " has an axis of "
                + extent
                + "; every axis must be at least 1");
      }
    }
  }

  /** The product of the extents, as a long so that an oversized shape can be reported. */
  public static long elementCount(int[] shape) {
    long count = 1;
    for (int extent : shape) {
      count = Math.multiplyExact(count, (long) extent);
    }
    return count;
  }

  public int axes() {
    return shape.length;
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
