package dev.convscope.inference.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/** The blobs of a graph that brings no naming of its own: every vertex, in network order. */
public final class Blobs {

  private Blobs() {}

  public static List<Blob> everyVertex(ComputationGraph graph) {
    List<Blob> blobs = new ArrayList<>();
    GraphVertex[] vertices = graph.getVertices();
    for (int index : graph.topologicalSortOrder()) {
      GraphVertex vertex = vertices[index];
      boolean parameters = vertex.hasLayer() && vertex.getLayer().numParams() > 0;
      blobs.add(new Blob(vertex.getVertexName(), LayerTypes.of(vertex), vertex.getVertexName(),
          parameters ? List.of(vertex.getVertexName()) : List.of()));
    }
    return blobs;
  }
}
