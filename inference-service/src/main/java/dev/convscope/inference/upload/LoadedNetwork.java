package dev.convscope.inference.upload;

import dev.convscope.models.Blob;
import dev.convscope.models.Blobs;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A network read from a model file, as a graph, with the image it takes, the blobs to capture and
 * the preprocessing its format assumes.
 */
record LoadedNetwork(
    ComputationGraph graph, ImageInput input, List<Blob> blobs, PreprocessingDefaults defaults) {

  /** A DL4J or Keras network: every vertex a blob, RGB values from 0 to 1. */
  LoadedNetwork(ComputationGraph graph, ImageInput input) {
    this(graph, input, Blobs.everyVertex(graph), PreprocessingDefaults.RGB_UNIT);
  }
}
