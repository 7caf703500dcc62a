package dev.convscope.models.builtin;

import dev.convscope.models.ChannelOrder;
import dev.convscope.models.Preprocessing;
import dev.convscope.models.dataset.FashionMnist;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The built-in model's architecture: Caffe's LeNet with ReLUs after the convolutions and dropout
 * before the classifier, to get past 90 % on Fashion-MNIST in a few epochs on a CPU. Vertices are
 * named like the Caffe blobs, so the tables and pictures read like the Caffe lab's:
 *
 * <pre>
 * data   1×28×28
 * conv1  20×24×24  5×5, ReLU
 * pool1  20×12×12  max 2×2 stride 2
 * conv2  50×8×8    5×5, ReLU
 * pool2  50×4×4    max 2×2 stride 2
 * ip1    500       ReLU
 * ip2    10        scores (dropout 0.5 on its input while training)
 * prob   10        softmax: the class probabilities
 * </pre>
 *
 * ip2 and prob are separate vertices, as in Caffe, so both the raw scores and the probabilities can
 * be drawn; prob is a loss layer (softmax + cross-entropy) with no parameters.
 */
public final class FashionMnistCnn {

  public static final int HEIGHT = 28;
  public static final int WIDTH = 28;
  public static final List<String> BLOB_NAMES =
      List.of("data", "conv1", "pool1", "conv2", "pool2", "ip1", "ip2", "prob");

  /**
   * Adam's learning rate in the first epoch; each later epoch's is {@link #LEARNING_RATE_DECAY}
   * times the last.
   */
  public static final double LEARNING_RATE = 1e-3;

  public static final double LEARNING_RATE_DECAY = 0.6;

  private FashionMnistCnn() {}

  /** A fresh network, its weights drawn from {@code seed}. */
  public static ComputationGraph untrained(long seed) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            // Per epoch: the trainer counts epochs on the graph, as fitting batch by batch does
            // not.
            .updater(
                new Adam(
                    new ExponentialSchedule(
                        ScheduleType.EPOCH, LEARNING_RATE, LEARNING_RATE_DECAY)))
            .weightInit(WeightInit.RELU)
            .graphBuilder()
            .addInputs("data")
            .setInputTypes(InputType.convolutional(HEIGHT, WIDTH, 1))
            .addLayer(
                "conv1",
                new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.RELU).build(),
                "data")
            .addLayer("pool1", maxPool(), "conv1")
            .addLayer(
                "conv2",
                new ConvolutionLayer.Builder(5, 5).nOut(50).activation(Activation.RELU).build(),
                "pool1")
            .addLayer("pool2", maxPool(), "conv2")
            .addLayer(
                "ip1",
                new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build(),
                "pool2")
            // DL4J's dropOut takes the probability of keeping a unit, and drops the layer's input.
            .addLayer(
                "ip2",
                new DenseLayer.Builder()
                    .nOut(FashionMnist.CLASSES)
                    .activation(Activation.IDENTITY)
                    .weightInit(WeightInit.XAVIER)
                    .dropOut(0.5)
                    .build(),
                "ip1")
            .addLayer("prob", softmaxLoss(), "ip2")
            .setOutputs("prob")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  /**
   * Grey pixels straight from the data set, 0..255 scaled to 0..1; no inversion (light garment on
   * black).
   */
  public static Preprocessing preprocessing() {
    return Preprocessing.squash(
        HEIGHT,
        WIDTH,
        1,
        ChannelOrder.RGB,
        new float[0],
        1f / 255,
        "gray, resize to 28x28, scale 1/255");
  }

  /** Softmax with cross-entropy loss: no parameters, its output the class probabilities. */
  private static LossLayer softmaxLoss() {
    LossLayer layer =
        new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX)
            .build();
    // The builder refuses nOut (it always equals nIn) yet leaves it 0, and DL4J then warns about a
    // zero-sized output type every time the graph is built or loaded.
    layer.setNOut(FashionMnist.CLASSES);
    return layer;
  }

  private static SubsamplingLayer maxPool() {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .kernelSize(2, 2)
        .stride(2, 2)
        .build();
  }
}
