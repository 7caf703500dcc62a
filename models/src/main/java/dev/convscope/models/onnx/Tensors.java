package dev.convscope.models.onnx;

import dev.convscope.models.onnx.format.OnnxMessages.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A TensorProto's values as a constant: real numbers (FLOAT, DOUBLE) as float32 values, whole
 * numbers (INT64, INT32, INT16, INT8, UINT8, BOOL) as integers, read from {@code raw_data}
 * (little-endian) or from the typed field that holds them ({@code float_data}, {@code double_data},
 * {@code int64_data}, {@code int32_data}).
 */
final class Tensors {

  private Tensors() {}

  /**
   * @param what names the tensor in messages ("initializer 'conv1.weight'")
   */
  static Constant read(TensorProto tensor, String what) {
    long[] shape = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new OnnxFormatException(what + " has a negative dimension " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, dim);
    }
    if (count > Integer.MAX_VALUE) {
      throw new OnnxFormatException(what + " has " + count + " values, more than an array holds");
    }
    int n = (int) count;
    TensorProto.DataType type = TensorProto.DataType.forNumber(tensor.getDataType());
    if (type == null) {
      throw new OnnxFormatException(what + " has an unknown data type " + tensor.getDataType());
    }
    boolean raw = tensor.hasRawData();
    ByteBuffer bytes = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case FLOAT -> {
        float[] values = new float[n];
        if (raw) {
          expect(bytes.remaining(), (long) n * 4, what);
          bytes.asFloatBuffer().get(values);
        } else {
          expect(tensor.getFloatDataCount(), n, what);
          for (int i = 0; i < n; i++) {
            values[i] = tensor.getFloatData(i);
          }
        }
        return new Constant(shape, widen(values), false);
      }
      case DOUBLE -> {
        float[] values = new float[n];
        if (raw) {
          expect(bytes.remaining(), (long) n * 8, what);
          for (int i = 0; i < n; i++) {
            values[i] = (float) bytes.getDouble();
          }
        } else {
          expect(tensor.getDoubleDataCount(), n, what);
          for (int i = 0; i < n; i++) {
            values[i] = (float) tensor.getDoubleData(i);
          }
        }
        return new Constant(shape, widen(values), false);
      }
      case INT64 -> {
        long[] values = new long[n];
        if (raw) {
          expect(bytes.remaining(), (long) n * 8, what);
          bytes.asLongBuffer().get(values);
        } else {
          expect(tensor.getInt64DataCount(), n, what);
          for (int i = 0; i < n; i++) {
            values[i] = tensor.getInt64Data(i);
          }
        }
        return new Constant(shape, Arrays.stream(values).asDoubleStream().toArray(), true);
      }
      case INT32, INT16, INT8, UINT8, BOOL -> {
        int width =
            type == TensorProto.DataType.INT32 ? 4 : type == TensorProto.DataType.INT16 ? 2 : 1;
        long[] values = new long[n];
        if (raw) {
          expect(bytes.remaining(), (long) n * width, what);
          for (int i = 0; i < n; i++) {
            values[i] =
                switch (width) {
                  case 4 -> bytes.getInt();
                  case 2 -> bytes.getShort();
                  default ->
                      type == TensorProto.DataType.INT8
                          ? bytes.get()
                          : Byte.toUnsignedInt(bytes.get());
                };
          }
        } else {
          expect(tensor.getInt32DataCount(), n, what);
          for (int i = 0; i < n; i++) {
            values[i] = tensor.getInt32Data(i);
          }
        }
        return new Constant(shape, Arrays.stream(values).asDoubleStream().toArray(), true);
      }
      default ->
          throw new OnnxFormatException(
              what
                  + " holds "
                  + type
                  + " values; supported: FLOAT, DOUBLE, INT64, INT32, INT16, INT8, UINT8, BOOL");
    }
  }

  private static void expect(long actual, long expected, String what) {
    if (actual != expected) {
      throw new OnnxFormatException(
          what + " holds " + actual + " values (or bytes) where its shape needs " + expected);
    }
  }

  private static double[] widen(float[] values) {
    double[] wide = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      wide[i] = values[i];
    }
    return wide;
  }
}
