package dev.convscope.models;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/**
 * The blobs of a graph that brings no naming of its own: every vertex, in network order, named by
 * its layer's name when it has one (a MultiLayerNetwork turned into a graph has vertices "0", "1",
 * ... but its layers may be named "cnn1", "ffn1", ...).
 */
public final class Blobs {

  private Blobs() {}

  public static List<Blob> everyVertex(ComputationGraph graph) {
    List<Blob> blobs = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    GraphVertex[] vertices = graph.getVertices();
    for (int index : graph.topologicalSortOrder()) {
      GraphVertex vertex = vertices[index];
      boolean parameters = vertex.hasLayer() && vertex.getLayer().numParams() > 0;
      String name = layerName(vertex);
      if (name == null || !taken.add(name)) {
        name = vertex.getVertexName();
        taken.add(name);
      }
      blobs.add(
          new Blob(
              name,
              LayerTypes.of(vertex),
              vertex.getVertexName(),
              parameters ? List.of(vertex.getVertexName()) : List.of()));
    }
    return blobs;
  }

  private static String layerName(GraphVertex vertex) {
    if (vertex.isInputVertex() && vertex.getVertexName().equals("in")) {
      return "data"; // what Caffe users call a converted network's input
    }
    if (!vertex.hasLayer()) {
      return null;
    }
    String name = vertex.getLayer().conf().getLayer().getLayerName();
    return name == null || name.isBlank() ? null : name;
  }
}
