package dev.convscope.models.attribution;

import dev.convscope.models.graph.ChannelSoftmax;
import dev.convscope.models.graph.CopyingActivation;
import dev.convscope.models.graph.ExampleReshape;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * Where a network's class scores are, the values an attribution takes the gradient of: the logits,
 * before any softmax. Found from the network's output back:
 *
 * <ul>
 *   <li>past layers that only reshape (a flatten after the softmax);
 *   <li>a softmax without parameters (a loss layer, an activation layer, a channel softmax): the
 *       scores are its input;
 *   <li>a dense output layer, whatever its activation: the scores are its pre-activation {@code x ·
 *       w_c + b_c}, so the gradient at its input is the class's weight column;
 *   <li>otherwise the output itself is the score.
 * </ul>
 *
 * @param vertex the vertex whose output (or, for a dense layer, pre-activation) holds the scores
 * @param preActivation whether the scores are the vertex's pre-activation
 */
record ClassScore(String vertex, boolean preActivation) {

  static ClassScore of(ComputationGraph graph) {
    GraphVertex vertex = graph.getVertex(graph.getConfiguration().getNetworkOutputs().get(0));
    while (onlyReshapes(vertex)) {
      vertex = inputOf(graph, vertex);
    }
    if (isSoftmax(vertex)) {
      return new ClassScore(inputOf(graph, vertex).getVertexName(), false);
    }
    if (vertex.hasLayer()) {
      Layer layer = vertex.getLayer().conf().getLayer();
      if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
        return new ClassScore(vertex.getVertexName(), true);
      }
    }
    return new ClassScore(vertex.getVertexName(), false);
  }

  private static boolean onlyReshapes(GraphVertex vertex) {
    if (!vertex.hasLayer()) {
      return false;
    }
    Layer layer = vertex.getLayer().conf().getLayer();
    return layer instanceof ExampleReshape
        || (layer instanceof CopyingActivation
            && ((CopyingActivation) layer).activation() instanceof ActivationIdentity);
  }

  private static boolean isSoftmax(GraphVertex vertex) {
    if (!vertex.hasLayer()) {
      return false;
    }
    Layer layer = vertex.getLayer().conf().getLayer();
    IActivation activation = null;
    if (layer instanceof LossLayer) {
      activation = ((LossLayer) layer).getActivationFn();
    } else if (layer instanceof ActivationLayer) {
      activation = ((ActivationLayer) layer).getActivationFn();
    } else if (layer instanceof CopyingActivation) {
      activation = ((CopyingActivation) layer).activation();
    }
    return layer instanceof ChannelSoftmax || activation instanceof ActivationSoftmax;
  }

  private static GraphVertex inputOf(ComputationGraph graph, GraphVertex vertex) {
    var inputs = vertex.getInputVertices();
    if (inputs == null || inputs.length != 1) {
      throw new IllegalStateException(vertex.getVertexName() + " does not have one input");
    }
    return graph.getVertices()[inputs[0].getVertexIndex()];
  }
}
