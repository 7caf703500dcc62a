package dev.convscope.models;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Digests of models built in code: SHA-256 over the name, the layer layout and every parameter
 * value. Two processes that build the same model from the same seed get the same digest, so their
 * weight pictures share keys; any change of a weight gives a new one.
 */
public final class ModelDigests {

  private ModelDigests() {}

  public static String ofParameters(String name, ComputationGraph graph) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(name.getBytes(StandardCharsets.UTF_8));
      for (var vertex : graph.getVertices()) {
        digest.update(
            (vertex.getVertexName() + ":" + vertex.getClass().getSimpleName() + ";")
                .getBytes(StandardCharsets.UTF_8));
      }
      ByteBuffer parameters = graph.params().data().asNio();
      digest.update(parameters);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
