package dev.convscope.models.caffenet;

import dev.convscope.models.Blob;
import dev.convscope.models.graph.GroupedConvolution;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * BVLC's reference CaffeNet (AlexNet with pooling before normalisation) as a DL4J graph, laid out
 * as Caffe's deploy prototxt and initialised as its train_val fillers would: gaussian weights (std
 * 0.01, fc6 and fc7 0.005), constant biases (0 for conv1, conv3 and fc8, 1 elsewhere).
 *
 * <p>ReLU is each layer's activation, so conv and fc blobs hold rectified values as Caffe's
 * in-place ReLU leaves them. Dropout only acts in training and is left out.
 */
public final class CaffeNetArchitecture {

  public static final int HEIGHT = 227;
  public static final int WIDTH = 227;
  public static final int CHANNELS = 3;
  public static final int CLASSES = 1000;

  /** conv2, conv4 and conv5 run as two groups, one per GPU of the original AlexNet. */
  static final int GROUPS = 2;

  private CaffeNetArchitecture() {}

  /**
   * The graph, every layer's input count given by hand: DL4J's input-type inference is not used,
   * because its SubsetVertex (1.0.0-M2.1) reports a negative channel count for image input and the
   * graph builder would give that to the grouped convolutions.
   *
   * @param seed for the fillers; ND4J takes 0 for "no seed"
   */
  public static ComputationGraphConfiguration configuration(long seed) {
    GraphBuilder graph =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            // Caffe rounds pooled sizes up, DL4J down: at 227x227 every pooling division is exact
            // (55 -> 27, 27 -> 13, 13 -> 6), so both agree. Strict mode makes the convolutions
            // refuse
            // sizes that do not divide; DL4J 1.0.0-M2.1 does not apply it to pooling, which floors.
            .convolutionMode(ConvolutionMode.Strict)
            .graphBuilder()
            .addInputs("data");

    graph.addLayer("conv1", convolution(CHANNELS, 96, 11, 4, 0, 0), "data");
    graph.addLayer("pool1", maxPool(), "conv1");
    graph.addLayer("norm1", lrn(), "pool1");
    GroupedConvolution.add(
        graph, "conv2", "norm1", 96, 256, GROUPS, (in, out) -> convolution(in, out, 5, 1, 2, 1));
    graph.addLayer("pool2", maxPool(), "conv2");
    graph.addLayer("norm2", lrn(), "pool2");
    graph.addLayer("conv3", convolution(256, 384, 3, 1, 1, 0), "norm2");
    GroupedConvolution.add(
        graph, "conv4", "conv3", 384, 384, GROUPS, (in, out) -> convolution(in, out, 3, 1, 1, 1));
    GroupedConvolution.add(
        graph, "conv5", "conv4", 384, 256, GROUPS, (in, out) -> convolution(in, out, 3, 1, 1, 1));
    graph.addLayer("pool5", maxPool(), "conv5");
    // pool5 (256, 6, 6) flattened in C order: channel, then row, then column, as Caffe does.
    graph.addLayer(
        "fc6",
        innerProduct(256 * 6 * 6, 4096, 0.005, 1, Activation.RELU),
        new CnnToFeedForwardPreProcessor(6, 6, 256, CNN2DFormat.NCHW),
        "pool5");
    graph.addLayer("fc7", innerProduct(4096, 4096, 0.005, 1, Activation.RELU), "fc6");
    graph.addLayer("fc8", innerProduct(4096, CLASSES, 0.01, 0, Activation.IDENTITY), "fc7");
    graph.addLayer(
        "prob",
        new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX)
            .build(),
        "fc8");
    graph.setOutputs("prob");
    return graph.build();
  }

  /** The blobs of Caffe's deploy net, in its order, each with the vertices holding its weights. */
  public static List<Blob> blobs() {
    List<Blob> blobs = new ArrayList<>();
    blobs.add(new Blob("data", "Input", "data", List.of()));
    blobs.add(weighted("conv1", "Convolution"));
    blobs.add(plain("pool1", "Pooling"));
    blobs.add(plain("norm1", "LRN"));
    blobs.add(grouped("conv2"));
    blobs.add(plain("pool2", "Pooling"));
    blobs.add(plain("norm2", "LRN"));
    blobs.add(weighted("conv3", "Convolution"));
    blobs.add(grouped("conv4"));
    blobs.add(grouped("conv5"));
    blobs.add(plain("pool5", "Pooling"));
    blobs.add(weighted("fc6", "InnerProduct"));
    blobs.add(weighted("fc7", "InnerProduct"));
    blobs.add(weighted("fc8", "InnerProduct"));
    blobs.add(plain("prob", "Softmax"));
    return List.copyOf(blobs);
  }

  private static Blob plain(String name, String type) {
    return new Blob(name, type, name, List.of());
  }

  private static Blob weighted(String name, String type) {
    return new Blob(name, type, name, List.of(name));
  }

  /** The MergeVertex is the blob; its groups hold the weights (see {@link GroupedConvolution}). */
  private static Blob grouped(String name) {
    return new Blob(name, "Convolution", name, GroupedConvolution.groupNames(name, GROUPS));
  }

  private static ConvolutionLayer convolution(
      int inputs, int outputs, int kernel, int stride, int pad, double bias) {
    return new ConvolutionLayer.Builder(kernel, kernel)
        .stride(stride, stride)
        .padding(pad, pad)
        .dataFormat(CNN2DFormat.NCHW)
        .nIn(inputs)
        .nOut(outputs)
        .activation(Activation.RELU)
        .weightInit(new NormalDistribution(0, 0.01))
        .biasInit(bias)
        .build();
  }

  private static SubsamplingLayer maxPool() {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .kernelSize(3, 3)
        .stride(2, 2)
        .dataFormat(CNN2DFormat.NCHW)
        .build();
  }

  private static LocalResponseNormalization lrn() {
    return CaffeLrn.acrossChannels(5, 1e-4, 0.75, 1);
  }

  private static DenseLayer innerProduct(
      int inputs, int outputs, double std, double bias, Activation activation) {
    return new DenseLayer.Builder()
        .nIn(inputs)
        .nOut(outputs)
        .activation(activation)
        .weightInit(new NormalDistribution(0, std))
        .biasInit(bias)
        .build();
  }
}
