package dev.convscope.models.graph;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J layer without parameters that computes an imported layer's function at inference, for what
 * DL4J's own layers compute otherwise (exact pooling) or in place (DL4J's ActivationLayer
 * overwrites its input when no workspace is in use, which would change a blob another layer still
 * reads). {@link #apply} never modifies its input. The backward pass gives the gradient of the
 * layer's input only (the layer has no parameters), for attribution maps. Subclasses mark their
 * settings with {@code @JsonProperty} (DL4J's shaded Jackson), so that the graph's configuration is
 * written to JSON and read back whole, as DL4J saves models.
 */
public abstract class FunctionLayer extends NoParamLayer {

  protected FunctionLayer() {}

  /** The layer's output for a batch; a new array, the input left as it is. */
  public abstract INDArray apply(INDArray input);

  /**
   * The gradient of a score with respect to the layer's input, given its gradient with respect to
   * the layer's output for that input; a new array. Layers that cannot say refuse.
   *
   * @throws UnsupportedOperationException for a layer without a backward pass
   */
  public INDArray backward(INDArray input, INDArray outputGradient) {
    throw new UnsupportedOperationException(
        getLayerName() + " (" + getClass().getSimpleName() + ") has no backward pass");
  }

  /** The output's type for an input of that type; the same type unless overridden. */
  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return inputType;
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    FunctionLayerImpl layer = new FunctionLayerImpl(conf, networkDataType);
    layer.setListeners(trainingListeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return EmptyParamInitializer.getInstance();
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return new LayerMemoryReport.Builder(
            layerName, getClass(), inputType, getOutputType(-1, inputType))
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }
}
