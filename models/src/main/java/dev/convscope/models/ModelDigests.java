package dev.convscope.models;

import dev.convscope.contract.digest.Sha256;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Digests of models built in code: SHA-256 over the name, the layer layout and every parameter
 * value. Two processes that build the same model from the same seed get the same digest, so their
 * weight pictures share keys; any change of a weight gives a new one.
 */
public final class ModelDigests {

  private ModelDigests() {}

  public static String ofParameters(String name, ComputationGraph graph) {
    Sha256 digest = Sha256.newDigest().update(name);
    for (var vertex : graph.getVertices()) {
      digest.update(vertex.getVertexName() + ":" + vertex.getClass().getSimpleName() + ";");
    }
    return digest.update(graph.params().data().asNio()).toHex();
  }
}
