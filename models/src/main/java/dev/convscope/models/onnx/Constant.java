package dev.convscope.models.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A value known before the graph runs (an initializer, a Constant node, or what the plumbing
 * exporters write computes from them): its shape and its values in row-major order, held as
 * doubles, which keep float32 values and the whole numbers of shapes exactly.
 *
 * @param whole whether the values are ONNX's integers (shapes, axes, indices) rather than reals
 */
record Constant(long[] shape, double[] values, boolean whole) {

  static Constant wholeVector(long... values) {
    return new Constant(
        new long[] {values.length}, Arrays.stream(values).asDoubleStream().toArray(), true);
  }

  int rank() {
    return shape.length;
  }

  int count() {
    return values.length;
  }

  long[] longs() {
    return Arrays.stream(values).mapToLong(v -> (long) v).toArray();
  }

  float[] floats() {
    float[] floats = new float[values.length];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  /** The values as a float32 array of the same shape. */
  INDArray array() {
    if (shape.length == 0) {
      return Nd4j.scalar((float) values[0]);
    }
    return Nd4j.create(floats(), shape, 'c');
  }

  /** The one value of a constant of one value (a scalar or a one-element tensor). */
  double single(String what) {
    if (values.length != 1) {
      throw new OnnxFormatException(
          what + " is a constant of shape " + Arrays.toString(shape) + "; it must hold one value");
    }
    return values[0];
  }

  Constant reshape(long[] newShape) {
    return new Constant(newShape, values, whole);
  }

  /** ONNX's Cast to whole numbers (truncated toward zero) or to reals (float32). */
  Constant cast(boolean toWhole) {
    double[] cast = new double[values.length];
    for (int i = 0; i < cast.length; i++) {
      cast[i] = toWhole ? (double) (long) values[i] : (double) (float) values[i];
    }
    return new Constant(shape, cast, toWhole);
  }

  /** ONNX's Gather: the entries of {@code indices} (negative from the end) along {@code axis}. */
  Constant gather(int axis, Constant indices) {
    long dim = shape[axis];
    long outer = product(shape, 0, axis);
    long inner = product(shape, axis + 1, shape.length);
    long[] picks = indices.longs();
    double[] out = new double[(int) (outer * picks.length * inner)];
    int k = 0;
    for (long o = 0; o < outer; o++) {
      for (long pick : picks) {
        long index = pick < 0 ? pick + dim : pick;
        if (index < 0 || index >= dim) {
          throw new OnnxFormatException(
              "Gather index " + pick + " is outside an axis of " + dim + " values");
        }
        for (long i = 0; i < inner; i++) {
          out[k++] = values[(int) ((o * dim + index) * inner + i)];
        }
      }
    }
    long[] outShape = new long[shape.length - 1 + indices.rank()];
    System.arraycopy(shape, 0, outShape, 0, axis);
    System.arraycopy(indices.shape, 0, outShape, axis, indices.rank());
    System.arraycopy(shape, axis + 1, outShape, axis + indices.rank(), shape.length - axis - 1);
    return new Constant(outShape, out, whole);
  }

  /** The entries at the given positions of each axis, in row-major order. */
  Constant select(long[][] positions) {
    long[] outShape = new long[shape.length];
    int total = 1;
    for (int a = 0; a < shape.length; a++) {
      outShape[a] = positions[a].length;
      total *= positions[a].length;
    }
    double[] out = new double[total];
    long[] strides = strides(shape);
    int[] at = new int[shape.length];
    for (int k = 0; k < total; k++) {
      long offset = 0;
      for (int a = 0; a < shape.length; a++) {
        offset += positions[a][at[a]] * strides[a];
      }
      out[k] = values[(int) offset];
      advance(at, outShape);
    }
    return new Constant(outShape, out, whole);
  }

  /** ONNX's Transpose: output axis i is input axis {@code perm[i]}. */
  Constant transpose(int[] perm) {
    long[] outShape = new long[shape.length];
    long[] strides = strides(shape);
    long[] permuted = new long[shape.length];
    for (int i = 0; i < perm.length; i++) {
      outShape[i] = shape[perm[i]];
      permuted[i] = strides[perm[i]];
    }
    double[] out = new double[values.length];
    int[] at = new int[shape.length];
    for (int k = 0; k < out.length; k++) {
      long offset = 0;
      for (int a = 0; a < shape.length; a++) {
        offset += at[a] * permuted[a];
      }
      out[k] = values[(int) offset];
      advance(at, outShape);
    }
    return new Constant(outShape, out, whole);
  }

  /** ONNX's Concat of constants along {@code axis}. */
  static Constant concat(int axis, List<Constant> parts) {
    Constant first = parts.get(0);
    long outer = product(first.shape, 0, axis);
    long[] outShape = first.shape.clone();
    outShape[axis] = 0;
    for (Constant part : parts) {
      outShape[axis] += part.shape[axis];
    }
    List<Double> out = new ArrayList<>();
    for (long o = 0; o < outer; o++) {
      for (Constant part : parts) {
        long block = product(part.shape, axis, part.shape.length);
        for (long i = 0; i < block; i++) {
          out.add(part.values[(int) (o * block + i)]);
        }
      }
    }
    return new Constant(
        outShape, out.stream().mapToDouble(Double::doubleValue).toArray(), first.whole);
  }

  /** An element-wise operation with numpy's broadcasting. */
  static Constant broadcast(Constant a, Constant b, java.util.function.DoubleBinaryOperator op) {
    int rank = Math.max(a.rank(), b.rank());
    long[] outShape = new long[rank];
    long[] as = padded(a.shape, rank);
    long[] bs = padded(b.shape, rank);
    for (int i = 0; i < rank; i++) {
      if (as[i] != bs[i] && as[i] != 1 && bs[i] != 1) {
        throw new OnnxFormatException(
            "shapes "
                + Arrays.toString(a.shape)
                + " and "
                + Arrays.toString(b.shape)
                + " do not broadcast");
      }
      outShape[i] = Math.max(as[i], bs[i]);
    }
    long[] aStrides = broadcastStrides(as);
    long[] bStrides = broadcastStrides(bs);
    int total = (int) product(outShape, 0, rank);
    double[] out = new double[total];
    int[] at = new int[rank];
    for (int k = 0; k < total; k++) {
      long ia = 0;
      long ib = 0;
      for (int i = 0; i < rank; i++) {
        ia += at[i] * aStrides[i];
        ib += at[i] * bStrides[i];
      }
      out[k] = op.applyAsDouble(a.values[(int) ia], b.values[(int) ib]);
      advance(at, outShape);
    }
    return new Constant(outShape, out, a.whole && b.whole);
  }

  /** The next position, in row-major order, of an array of that shape. */
  private static void advance(int[] at, long[] shape) {
    for (int a = shape.length - 1; a >= 0; a--) {
      if (++at[a] < shape[a]) {
        return;
      }
      at[a] = 0;
    }
  }

  static long product(long[] shape, int from, int to) {
    long product = 1;
    for (int i = from; i < to; i++) {
      product *= shape[i];
    }
    return product;
  }

  /** The shape with ones in front, to {@code rank} axes. */
  static long[] padded(long[] shape, int rank) {
    long[] out = new long[rank];
    Arrays.fill(out, 1);
    System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
    return out;
  }

  private static long[] strides(long[] shape) {
    long[] strides = new long[shape.length];
    long stride = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= shape[i];
    }
    return strides;
  }

  private static long[] broadcastStrides(long[] shape) {
    long[] strides = strides(shape);
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == 1) {
        strides[i] = 0;
      }
    }
    return strides;
  }
}
