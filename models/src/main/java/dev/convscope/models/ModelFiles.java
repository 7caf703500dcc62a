package dev.convscope.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Model files on disk: their digest, and DL4J zips read as a graph whichever kind they hold. */
public final class ModelFiles {

  private ModelFiles() {}

  /** Hex SHA-256 of a file's bytes. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

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
