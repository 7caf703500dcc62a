package dev.convscope.models;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.MergeVertex;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/** Names DL4J layers by Caffe's layer types, the names our users read in the lab's tables. */
public final class LayerTypes {

  private LayerTypes() {}

  public static String of(GraphVertex vertex) {
    if (vertex.isInputVertex()) {
      return "Input";
    }
    if (vertex instanceof MergeVertex) {
      return "Concat";
    }
    if (vertex instanceof ElementWiseVertex) {
      return "Eltwise";
    }
    if (!vertex.hasLayer()) {
      return vertex.getClass().getSimpleName().replace("Vertex", "");
    }
    var layer = vertex.getLayer().conf().getLayer();
    if (softmax(layer)) {
      return "Softmax";
    }
    if (layer instanceof ConvolutionLayer) {
      return "Convolution";
    }
    if (layer instanceof SubsamplingLayer || layer instanceof GlobalPoolingLayer) {
      return "Pooling";
    }
    if (layer instanceof LocalResponseNormalization) {
      return "LRN";
    }
    if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
      return "InnerProduct";
    }
    if (layer instanceof BatchNormalization) {
      return "BatchNorm";
    }
    if (layer instanceof DropoutLayer) {
      return "Dropout";
    }
    if (layer instanceof ZeroPaddingLayer) {
      return "Padding";
    }
    if (layer instanceof ActivationLayer) {
      return "Activation";
    }
    return layer.getClass().getSimpleName();
  }

  /**
   * True when the layer's output is a softmax: DIGITS drew those unnormalised, and their values are
   * the class probabilities.
   */
  static boolean softmax(org.deeplearning4j.nn.conf.layers.Layer layer) {
    IActivation activation = null;
    if (layer instanceof LossLayer loss) {
      activation = loss.getActivationFn();
    } else if (layer instanceof ActivationLayer act) {
      activation = act.getActivationFn();
    } else if (layer instanceof BaseOutputLayer output) {
      activation = output.getActivationFn();
    }
    return activation instanceof ActivationSoftmax;
  }
}
