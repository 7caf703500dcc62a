package dev.convscope.models.graph;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of a {@link FunctionLayer}: its function applied to the layer's input, and its
 * backward pass to the input's gradient.
 */
final class FunctionLayerImpl extends AbstractLayer<FunctionLayer> {

  FunctionLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
    assertInputSet(false);
    INDArray output;
    // Computed outside any workspace, then placed where the graph keeps activations.
    try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      output = layerConf().apply(input);
    }
    return workspaces.leverageTo(ArrayType.ACTIVATIONS, output);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    INDArray inputGradient;
    try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      inputGradient = layerConf().backward(input, epsilon);
    }
    return new Pair<>(
        new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, inputGradient));
  }

  @Override
  public Type type() {
    return Type.FEED_FORWARD;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {}

  @Override
  public INDArray params() {
    return null;
  }
}
