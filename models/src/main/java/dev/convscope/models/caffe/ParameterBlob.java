package dev.convscope.models.caffe;

import java.util.List;

/**
 * A learned blob a layer needs, as its network defines it: its role ("weights", "bias", "mean",
 * "variance", "scale factor", "scale") and its shape in Caffe's order.
 */
public record ParameterBlob(String role, List<Integer> shape) {

  public ParameterBlob {
    shape = List.copyOf(shape);
  }
}
