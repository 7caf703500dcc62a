package dev.convscope.models.attribution;

import dev.convscope.models.Blob;
import dev.convscope.models.CnnModel;
import dev.convscope.models.ImageLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's graph made ready for gradients: a second ComputationGraph on the model's own parameter
 * array (no copy), so that a backward pass never waits for the forward runs of the model, nor they
 * for it. It differs from the model's graph in what inference needs:
 *
 * <ul>
 *   <li>dropout is removed (the identity at inference, yet DL4J's backward pass asks for the mask
 *       of a training pass);
 *   <li>batch normalisation passes gradients back through its inference form, the per-channel
 *       affine map {@code gamma / sqrt(var + eps)}, where DL4J's own backward pass would use the
 *       batch's statistics.
 * </ul>
 *
 * The backward pass runs vertex by vertex from the class score back to the input, in reverse
 * topological order, summing the gradients of a blob read by several vertices. One pass at a time
 * per graph: the vertices hold the pass's arrays.
 */
public final class GradientGraph {

  private final CnnModel model;
  private final ComputationGraph graph;
  private final ClassScore score;
  private final Map<String, String> vertexOfBlob;

  private GradientGraph(CnnModel model) {
    this.model = model;
    ComputationGraphConfiguration configuration = model.graph().getConfiguration().clone();
    for (var vertex : configuration.getVertices().values()) {
      if (vertex instanceof LayerVertex) {
        ((LayerVertex) vertex).getLayerConf().getLayer().setIDropout(null);
      }
    }
    graph = new ComputationGraph(configuration);
    INDArray parameters = model.graph().params();
    if (parameters == null || parameters.isEmpty()) {
      graph.init();
    } else {
      graph.init(parameters, false);
      graph.initGradientsView(); // DL4J's layers write their weights' gradients here
    }
    score = ClassScore.of(graph);
    vertexOfBlob =
        model.blobs().stream().collect(Collectors.toMap(Blob::name, Blob::vertex, (a, b) -> a));
  }

  /** The gradient graph of a model; built once per model by {@link Explainer}. */
  static GradientGraph of(CnnModel model) {
    return new GradientGraph(model);
  }

  CnnModel model() {
    return model;
  }

  /**
   * Runs the image forward and the class's score back to the input.
   *
   * @param input one preprocessed image, (1, C, H, W)
   * @param classIndex the class whose score is explained
   * @param blobs the blobs whose outputs and gradients the result keeps (for Grad-CAM)
   * @throws IllegalArgumentException when the class index is outside the network's classes
   * @throws NotDifferentiableException when a layer on the way back has no backward pass
   */
  public synchronized Backpropagation run(INDArray input, int classIndex, Set<String> blobs) {
    boolean channelsLast = model.layout() == ImageLayout.NHWC;
    INDArray fed = channelsLast ? input.permute(0, 2, 3, 1).dup('c') : input;
    Map<String, String> kept = new HashMap<>();
    for (String blob : blobs) {
      String vertex = vertexOfBlob.get(blob);
      if (vertex == null) {
        throw new IllegalArgumentException(model.name() + " has no layer '" + blob + "'");
      }
      kept.put(vertex, blob);
    }
    GraphVertex[] vertices = graph.getVertices();
    int[] order = graph.topologicalSortOrder();
    int scoreIndex = graph.getVertex(score.vertex()).getVertexIndex();
    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    INDArray[] outputs = new INDArray[vertices.length];
    try {
      graph.setInput(0, fed);
      int last = 0;
      for (; last < order.length; last++) {
        GraphVertex vertex = vertices[order[last]];
        INDArray out = vertex.isInputVertex() ? fed : vertex.doForward(false, workspaces);
        outputs[vertex.getVertexIndex()] = out;
        if (vertex.getVertexIndex() == scoreIndex) {
          break; // nothing later reaches the score
        }
        if (vertex.getOutputVertices() != null) {
          for (VertexIndices next : vertex.getOutputVertices()) {
            vertices[next.getVertexIndex()].setInput(next.getVertexEdgeNumber(), out, workspaces);
          }
        }
      }
      GraphVertex scoreVertex = vertices[scoreIndex];
      Map<Integer, INDArray> gradients = new HashMap<>();
      float scoreValue;
      int classes;
      if (score.preActivation()) {
        // The score x · w_c + b_c of a dense layer: its gradient at the layer's input is w_c.
        var layer = scoreVertex.getLayer();
        INDArray weights = layer.getParam("W"); // DL4J keeps (in, out)
        classes = Math.toIntExact(weights.size(1));
        checkClass(classIndex, classes);
        INDArray column = weights.getColumn(classIndex).reshape(1, weights.size(0)).dup();
        int source = scoreVertex.getInputVertices()[0].getVertexIndex();
        InputPreProcessor preprocessor =
            ((org.deeplearning4j.nn.graph.vertex.impl.LayerVertex) scoreVertex)
                .getLayerPreProcessor();
        INDArray x = outputs[source];
        if (preprocessor != null) {
          x = preprocessor.preProcess(x.dup(), 1, workspaces);
        }
        INDArray bias = layer.getParam("b");
        scoreValue =
            x.reshape(1, x.length()).mmul(column.reshape(column.length(), 1)).getFloat(0)
                + (bias == null ? 0f : bias.getFloat(classIndex));
        INDArray gradient = column;
        if (preprocessor != null) {
          gradient = preprocessor.backprop(gradient, 1, workspaces);
        }
        gradients.put(source, gradient.reshape(outputs[source].shape()));
      } else {
        INDArray out = outputs[scoreIndex];
        classes = Math.toIntExact(out.length());
        checkClass(classIndex, classes);
        INDArray seed = Nd4j.zeros(out.dataType(), out.shape());
        seed.reshape(1, seed.length()).putScalar(0, classIndex, 1.0);
        scoreValue = out.dup('c').reshape(1, out.length()).getFloat(0, classIndex);
        gradients.put(scoreIndex, seed);
      }
      Map<String, INDArray> activations = new HashMap<>();
      Map<String, INDArray> keptGradients = new HashMap<>();
      INDArray inputGradient = null;
      for (int position = last; position >= 0; position--) {
        GraphVertex vertex = vertices[order[position]];
        INDArray gradient = gradients.remove(vertex.getVertexIndex());
        if (gradient == null) {
          continue; // the score does not depend on it
        }
        String blob = kept.get(vertex.getVertexName());
        if (blob != null) {
          activations.put(blob, channelsFirst(outputs[vertex.getVertexIndex()], channelsLast));
          keptGradients.put(blob, channelsFirst(gradient.dup(), channelsLast));
        }
        if (vertex.isInputVertex()) {
          inputGradient = gradient;
          continue;
        }
        INDArray[] inputGradients = backward(vertex, gradient, workspaces);
        VertexIndices[] inputs = vertex.getInputVertices();
        for (int i = 0; i < inputs.length; i++) {
          if (inputGradients[i] != null) {
            gradients.merge(inputs[i].getVertexIndex(), inputGradients[i], INDArray::add);
          }
        }
      }
      if (inputGradient == null) {
        inputGradient = Nd4j.zeros(fed.dataType(), fed.shape());
      }
      return new Backpropagation(
          scoreValue,
          classes,
          channelsFirst(inputGradient, channelsLast).castTo(DataType.FLOAT),
          activations,
          keptGradients);
    } finally {
      graph.clear();
    }
  }

  private void checkClass(int classIndex, int classes) {
    if (classIndex < 0 || classIndex >= classes) {
      throw new IllegalArgumentException(
          "class " + classIndex + " is outside " + model.name() + "'s classes 0.." + (classes - 1));
    }
  }

  private static INDArray[] backward(
      GraphVertex vertex, INDArray gradient, LayerWorkspaceMgr workspaces) {
    if (vertex.hasLayer() && vertex.getLayer().conf().getLayer() instanceof BatchNormalization) {
      return new INDArray[] {
        InferenceBatchNormalization.inputGradient(vertex, gradient, workspaces)
      };
    }
    if (vertex.hasLayer()
        && vertex.getLayer().conf().getLayer() instanceof LocalResponseNormalization) {
      return new INDArray[] {AcrossChannelNormalization.inputGradient(vertex, gradient)};
    }
    vertex.setEpsilon(gradient);
    try {
      return vertex.doBackward(false, workspaces).getSecond();
    } catch (RuntimeException e) {
      throw new NotDifferentiableException(
          vertex.getVertexName(), e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** In a channels-last network every image-shaped (rank 4) array is (N, H, W, C). */
  private static INDArray channelsFirst(INDArray array, boolean channelsLast) {
    return channelsLast && array.rank() == 4 ? array.permute(0, 3, 1, 2).dup('c') : array;
  }
}
