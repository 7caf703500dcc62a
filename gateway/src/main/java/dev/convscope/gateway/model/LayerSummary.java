package dev.convscope.gateway.model;

import java.util.List;

/** One layer (blob) of a model, in network order: its output shape and its parameter arrays. */
public record LayerSummary(
    String name, String type, List<Long> outputShape, List<ParameterSummary> parameters) {

  public LayerSummary {
    outputShape = List.copyOf(outputShape);
    parameters = List.copyOf(parameters);
  }
}
