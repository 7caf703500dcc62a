package dev.convscope.inference.upload;

import dev.convscope.models.Blob;
import dev.convscope.models.Blobs;
import dev.convscope.models.caffe.CaffeMean;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A network read from a model file, as a graph, with the image it takes, the blobs to capture, the
 * preset its format prepares images with (none: RGB values from 0 to 1) and the mean file that came
 * with it.
 */
record LoadedNetwork(
    ComputationGraph graph,
    ImageInput input,
    List<Blob> blobs,
    Optional<PreprocessingPreset> preset,
    Optional<CaffeMean> meanFile) {

  /** A DL4J or Keras network: every vertex a blob, RGB values from 0 to 1. */
  LoadedNetwork(ComputationGraph graph, ImageInput input) {
    this(graph, input, Blobs.everyVertex(graph), Optional.empty(), Optional.empty());
  }

  /** A network whose format prepares images as {@code preset} says, without a mean file. */
  LoadedNetwork(
      ComputationGraph graph, ImageInput input, List<Blob> blobs, PreprocessingPreset preset) {
    this(graph, input, blobs, Optional.of(preset), Optional.empty());
  }

  /** What the upload's preprocessing leaves unset takes: the chosen preset's, else the format's. */
  PreprocessingDefaults defaults(Optional<PreprocessingPreset> chosen) {
    return chosen
        .or(() -> preset)
        .map(p -> p.defaults(input, meanFile))
        .orElse(PreprocessingDefaults.RGB_UNIT);
  }
}
