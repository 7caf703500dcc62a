package dev.convscope.gateway.model;

import java.util.List;

/** One parameter array of a layer, such as its weights or bias. */
public record ParameterSummary(String name, List<Long> shape, long count) {

  public ParameterSummary {
    shape = List.copyOf(shape);
  }
}
