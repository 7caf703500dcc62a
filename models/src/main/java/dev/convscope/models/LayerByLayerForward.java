package dev.convscope.models;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs one image through a model one vertex at a time, in topological order, and hands each
 * reported blob to the caller as soon as its vertex is computed: conv1 can be drawn while conv3 is
 * still being computed. The same steps as DL4J's own graph forward pass in inference mode, with the
 * outputs copied out (without the batch axis) on the way.
 */
public final class LayerByLayerForward {

  private LayerByLayerForward() {}

  /**
   * @param input one image, shaped (1, C, H, W), whatever layout the network holds images in
   * @param onBlob receives every reported blob, in network order, images channels first
   * @return the output of the network's (first) output vertex for the image, flattened
   */
  public static float[] run(CnnModel model, INDArray input, Consumer<CapturedTensor> onBlob) {
    ComputationGraph graph = model.graph();
    boolean channelsLast = model.layout() == ImageLayout.NHWC;
    INDArray fed = channelsLast ? input.permute(0, 2, 3, 1).dup('c') : input;
    Map<String, Blob> reported = new HashMap<>();
    for (Blob blob : model.blobs()) {
      reported.put(blob.vertex(), blob);
    }
    String outputName = graph.getConfiguration().getNetworkOutputs().get(0);
    GraphVertex[] vertices = graph.getVertices();
    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    float[] output = null;
    synchronized (graph) { // a graph keeps per-vertex inputs: one pass at a time
      try {
        graph.setInput(0, fed); // preprocessors read the batch size from the graph's input
        for (int index : graph.topologicalSortOrder()) {
          GraphVertex vertex = vertices[index];
          INDArray out = vertex.isInputVertex() ? fed : vertex.doForward(false, workspaces);
          for (VertexIndices next :
              vertex.getOutputVertices() == null
                  ? new VertexIndices[0]
                  : vertex.getOutputVertices()) {
            vertices[next.getVertexIndex()].setInput(next.getVertexEdgeNumber(), out, workspaces);
          }
          Blob blob = reported.get(vertex.getVertexName());
          if (blob != null) {
            onBlob.accept(withoutBatchAxis(blob, channelsFirst(out, channelsLast)));
          }
          if (vertex.getVertexName().equals(outputName)) {
            output =
                channelsFirst(out, channelsLast).dup('c').castTo(DataType.FLOAT).data().asFloat();
          }
        }
      } finally {
        graph.clear(); // drop every reference to this image's arrays
      }
    }
    if (output == null) {
      throw new IllegalStateException(
          model.name() + ": the output vertex " + outputName + " was never computed");
    }
    return output;
  }

  /** In a channels-last network every image-shaped (rank 4) output is (N, H, W, C). */
  private static INDArray channelsFirst(INDArray out, boolean channelsLast) {
    return channelsLast && out.rank() == 4 ? out.permute(0, 3, 1, 2) : out;
  }

  static CapturedTensor withoutBatchAxis(Blob blob, INDArray batchOfOne) {
    long[] shape = batchOfOne.shape();
    int[] single = Arrays.stream(shape, 1, shape.length).mapToInt(Math::toIntExact).toArray();
    float[] values = batchOfOne.dup('c').castTo(DataType.FLOAT).data().asFloat();
    return new CapturedTensor(blob.name(), blob.type(), false, single, values);
  }

  /** A blob's weights as a captured tensor, in Caffe's layout; none for blobs without weights. */
  public static List<CapturedTensor> weights(CnnModel model, Blob blob) {
    INDArray weights = model.parameters(blob).get("weights");
    if (weights == null) {
      return List.of();
    }
    int[] shape = Arrays.stream(weights.shape()).mapToInt(Math::toIntExact).toArray();
    float[] values = weights.dup('c').castTo(DataType.FLOAT).data().asFloat();
    return List.of(new CapturedTensor(blob.name(), blob.type(), true, shape, values));
  }
}
