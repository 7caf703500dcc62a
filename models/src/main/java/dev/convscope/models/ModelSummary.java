package dev.convscope.models;

import java.util.List;

/** What a model is: its layers with output and parameter shapes, as the Caffe lab's two tables. */
public record ModelSummary(
    String name,
    String digest,
    String source,
    boolean pretrained,
    Preprocessing preprocessing,
    List<Layer> layers,
    List<String> labels) {

  /** One blob: its output shape for one image (no batch axis) and its parameters. */
  public record Layer(String name, String type, int[] outputShape, List<Parameter> parameters) {}

  /** One parameter array, in Caffe's layout. */
  public record Parameter(String name, int[] shape) {
    public long count() {
      long count = 1;
      for (int extent : shape) {
        count *= extent;
      }
      return count;
    }
  }

  public long parameterCount() {
    return layers.stream().flatMap(l -> l.parameters().stream()).mapToLong(Parameter::count).sum();
  }
}
