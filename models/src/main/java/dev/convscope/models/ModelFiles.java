package dev.convscope.models;

import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Model files on disk: DL4J zips read as a graph whichever kind they hold. */
public final class ModelFiles {

  private ModelFiles() {}

  /**
   * A MultiLayerNetwork as a graph. The conversion names vertices "0", "1", ...; the layers get
   * their own names back, so blobs read "cnn1" rather than "0".
   */
  public static ComputationGraph asGraph(MultiLayerNetwork network) {
    int layers = network.getnLayers();
    String[] names = new String[layers];
    for (int i = 0; i < layers; i++) {
      names[i] = network.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName();
    }
    ComputationGraph graph = network.toComputationGraph();
    for (int i = 0; i < layers; i++) {
      var vertex = graph.getVertex(Integer.toString(i));
      if (vertex != null && vertex.hasLayer() && names[i] != null) {
        vertex.getLayer().conf().getLayer().setLayerName(names[i]);
      }
    }
    return graph;
  }

  /**
   * Reads a DL4J model zip (a ComputationGraph or a MultiLayerNetwork, which becomes a graph).
   * IllegalArgumentException when the file is not a DL4J model.
   */
  public static ComputationGraph readDl4jZip(Path file) {
    try {
      return ModelSerializer.restoreComputationGraph(file.toFile(), false);
    } catch (Exception notAGraph) {
      try {
        return asGraph(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false));
      } catch (Exception notANetwork) {
        IllegalArgumentException unreadable =
            new IllegalArgumentException(
                file.getFileName()
                    + " is not a DL4J model zip (neither a ComputationGraph nor a MultiLayerNetwork can be read from it)");
        unreadable.addSuppressed(notAGraph);
        unreadable.addSuppressed(notANetwork);
        throw unreadable;
      }
    }
  }
}
