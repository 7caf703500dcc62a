package dev.convscope.models.caffe;

import java.util.List;

/**
 * An input blob of a network, whichever way the file declared it (an Input layer, input with
 * input_shape, or input with four input_dim values): its name and shape, usually (N, C, H, W).
 */
public record CaffeInput(String name, List<Integer> shape) {

  public CaffeInput {
    shape = List.copyOf(shape);
  }
}
