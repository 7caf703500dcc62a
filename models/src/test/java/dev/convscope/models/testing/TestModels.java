package dev.convscope.models.testing;

import dev.convscope.models.Blobs;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.CnnModel;
import dev.convscope.models.Preprocessing;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks built in code with a fixed seed, so tests need no model file. */
public final class TestModels {

  public static final String TINY = "tiny-lenet";
  public static final List<String> TINY_LABELS = List.of("circle", "square", "triangle");

  private TestModels() {}

  /** LeNet's shape at toy size: 12×12 gray in, three classes out. */
  public static CnnModel tinyLeNet() {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .dataType(DataType.FLOAT)
            .graphBuilder()
            .addInputs("data")
            .setInputTypes(InputType.convolutional(12, 12, 1))
            .addLayer(
                "conv1",
                new ConvolutionLayer.Builder(5, 5).nOut(4).activation(Activation.IDENTITY).build(),
                "data")
            .addLayer(
                "pool1",
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2)
                    .stride(2, 2)
                    .build(),
                "conv1")
            .addLayer(
                "ip1",
                new DenseLayer.Builder().nOut(12).activation(Activation.RELU).build(),
                "pool1")
            .addLayer(
                "prob",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "ip1")
            .setOutputs("prob")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return new CnnModel(
        TINY,
        "7".repeat(64),
        "test",
        false,
        graph,
        Preprocessing.squash(
            12,
            12,
            1,
            ChannelOrder.RGB,
            new float[0],
            1f / 255,
            "gray, resize to 12x12, scale 1/255"),
        TINY_LABELS,
        Blobs.everyVertex(graph));
  }
}
