package dev.convscope.models.caffe.graph;

import dev.convscope.models.Blob;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.CnnModel;
import dev.convscope.models.Preprocessing;
import dev.convscope.models.caffe.CaffeFormatException;
import dev.convscope.models.caffe.CaffeInput;
import dev.convscope.models.caffe.CaffeModel;
import dev.convscope.models.caffe.CaffeNetwork;
import dev.convscope.models.graph.LearnedParameter;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A trained Caffe network as a DL4J ComputationGraph holding its weights, with every Caffe blob
 * named: the blob {@code conv1} is the vertex of the last layer that wrote it (a Convolution, then
 * a ReLU in place: the ReLU's output), as Caffe's {@code net.blobs['conv1']} holds it after a
 * forward pass. Layers: Convolution (groups as channel slices joined; one filter per channel as a
 * depthwise convolution), Pooling (Caffe's own rounding and divisors: {@link
 * dev.convscope.models.graph.ExactPooling}), InnerProduct, ReLU, Sigmoid, TanH, LRN across
 * channels, Dropout (identity), Softmax over channels, Concat and Flatten of channels, Eltwise,
 * BatchNorm with its stored statistics, and Scale per channel.
 */
public final class CaffeGraph {

  /**
   * ImageNet's mean pixel in BGR: the channel averages of Caffe's ilsvrc_2012_mean image, which the
   * Caffe lab subtracts.
   */
  public static final float[] IMAGENET_MEAN_BGR = {104.00699f, 116.66877f, 122.67892f};

  private final ComputationGraph graph;
  private final List<Blob> blobs;
  private final String outputBlob;

  private CaffeGraph(ComputationGraph graph, List<Blob> blobs, String outputBlob) {
    this.graph = graph;
    this.blobs = blobs;
    this.outputBlob = outputBlob;
  }

  /**
   * The graph of a model, its parameters set from the caffemodel's blobs (none drawn at random).
   *
   * @throws CaffeFormatException naming the layer, when a layer's settings are not ones the graph
   *     builds (a softmax over another axis than the channels, LRN within channels, ...)
   */
  public static CaffeGraph build(CaffeModel model) {
    GraphTranslator translator = GraphTranslator.translate(model);
    ComputationGraphConfiguration configuration = translator.configuration();
    ComputationGraph graph = LearnedParameter.graph(configuration, translator.parameters());
    return new CaffeGraph(graph, translator.blobs(), translator.outputBlob());
  }

  public ComputationGraph graph() {
    return graph;
  }

  /** Every blob of the network in Caffe's order, each with the vertex holding its final value. */
  public List<Blob> blobs() {
    return blobs;
  }

  /** The blob of the network's last layer, which the graph's first output computes. */
  public String outputBlob() {
    return outputBlob;
  }

  /**
   * The network as a model for the rest of the system (source "upload", trained).
   *
   * @param digest hex SHA-256 identifying the files the model came from
   * @param labels the class labels, in output order; empty for none
   */
  public CnnModel toModel(
      String name, String digest, Preprocessing preprocessing, List<String> labels) {
    return new CnnModel(name, digest, "upload", true, graph, preprocessing, labels, blobs);
  }

  /**
   * How the Caffe lab prepares an image for a network of that input: resized to the input's height
   * and width, BGR planes on the 0..255 scale (one grey plane for one channel), minus the ImageNet
   * mean pixel ({@link #IMAGENET_MEAN_BGR}) for colour input, no scaling.
   */
  public static Preprocessing defaultPreprocessing(CaffeNetwork network) {
    CaffeInput input = network.inputs().get(0);
    List<Integer> shape = input.shape();
    int channels = shape.get(1);
    if (shape.size() != 4 || (channels != 1 && channels != 3)) {
      throw new CaffeFormatException(
          "the network's input '"
              + input.name()
              + "' has shape "
              + shape
              + "; an image is (N, C, H, W) with 1 or 3 channels");
    }
    float[] mean = channels == 3 ? IMAGENET_MEAN_BGR.clone() : new float[0];
    List<String> steps = new ArrayList<>();
    steps.add("Resize to " + shape.get(2) + "x" + shape.get(3));
    steps.add(channels == 3 ? "BGR" : "grey");
    steps.add("0-255");
    if (channels == 3) {
      steps.add("subtract the ImageNet mean pixel (B 104.0, G 116.7, R 122.7)");
    }
    steps.add("scale 1.");
    return Preprocessing.squash(
        shape.get(2), shape.get(3), channels, ChannelOrder.BGR, mean, 1f, String.join(", ", steps));
  }

  /** The blob of that name. */
  public Blob blob(String name) {
    return blobs.stream()
        .filter(b -> b.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no blob '" + name + "'"));
  }
}
