package dev.convscope.inference.upload;

import dev.convscope.models.ModelFiles;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Reads a DL4J model zip (a ComputationGraph or a MultiLayerNetwork). */
final class Dl4jZipReader {

  private Dl4jZipReader() {}

  static LoadedNetwork read(Path file, Optional<int[]> requestedSize) {
    ComputationGraph graph;
    try {
      graph = ModelFiles.readDl4jZip(file);
    } catch (IllegalArgumentException e) {
      throw new ModelRejectedException(
          "the file is not a DL4J model zip: neither a ComputationGraph nor a "
              + "MultiLayerNetwork can be read from it"
              + rootCause(e),
          e);
    }
    return new LoadedNetwork(graph, Dl4jImageInputs.of(graph, requestedSize));
  }

  /** What went wrong reading it as a graph, which is what most zips are. */
  private static String rootCause(IllegalArgumentException e) {
    if (e.getSuppressed().length == 0) {
      return "";
    }
    Throwable cause = e.getSuppressed()[0];
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return " ("
        + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
        + ")";
  }
}
