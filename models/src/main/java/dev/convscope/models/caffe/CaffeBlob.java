package dev.convscope.models.caffe;

import java.util.Arrays;
import java.util.List;

/**
 * A learned blob read from a caffemodel: its shape as the network defines it (old files' four
 * numbers are mapped onto it) and its values in row-major order.
 */
public record CaffeBlob(List<Integer> shape, float[] data) {

  public CaffeBlob {
    shape = List.copyOf(shape);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CaffeBlob blob
        && shape.equals(blob.shape)
        && Arrays.equals(data, blob.data);
  }

  @Override
  public int hashCode() {
    return 31 * shape.hashCode() + Arrays.hashCode(data);
  }

  /** The shape only: values are never printed. */
  @Override
  public String toString() {
    return "CaffeBlob" + shape;
  }
}
