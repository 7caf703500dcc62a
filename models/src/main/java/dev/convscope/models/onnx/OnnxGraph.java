package dev.convscope.models.onnx;

import dev.convscope.models.Blob;
import dev.convscope.models.ChannelOrder;
import dev.convscope.models.CnnModel;
import dev.convscope.models.Preprocessing;
import dev.convscope.models.graph.LearnedParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * An ONNX model as a DL4J ComputationGraph holding its initializers' values, with every value
 * computed from the input a blob named after it ({@link BlobNames}): {@code
 * /layer1/conv/Conv_output_0} is the blob {@code layer1/conv/Conv_output_0}. Operators: Conv
 * (groups, depthwise, pads, strides, dilations, auto_pad), Relu, LeakyRelu, Clip, Sigmoid, Tanh,
 * MaxPool and AveragePool (pads, ceil_mode, count_include_pad), GlobalAveragePool and
 * GlobalMaxPool, Gemm, MatMul, Add, Sub, Mul and Div (of two values, or of a value and a constant),
 * Flatten, Reshape, BatchNormalization, Concat, LRN, Dropout, Softmax over the channels, Pad with
 * zeros, Identity and Cast; Constant, Shape, Gather, Unsqueeze, Squeeze, Slice, Transpose,
 * ConstantOfShape and the rest of what exporters compute from constants is folded at import.
 */
public final class OnnxGraph {

  /** torchvision's ImageNet mean of RGB values from 0 to 1. */
  public static final float[] TORCHVISION_MEAN_RGB = {0.485f, 0.456f, 0.406f};

  /**
   * torchvision's ImageNet standard deviation of RGB values from 0 to 1, which its preprocessing
   * divides by after the mean.
   */
  public static final float[] TORCHVISION_STD_RGB = {0.229f, 0.224f, 0.225f};

  private final ComputationGraph graph;
  private final List<Blob> blobs;
  private final String outputBlob;
  private final String inputName;
  private final long[] inputShape;
  private final boolean imageSizeStated;
  private final Map<String, String> blobNames;

  private OnnxGraph(OnnxTranslator translator, ComputationGraph graph) {
    this.graph = graph;
    this.blobs = translator.blobs();
    this.outputBlob = translator.outputBlob();
    this.inputName = translator.inputName();
    this.inputShape = translator.inputShape();
    this.imageSizeStated = translator.imageSizeStated();
    this.blobNames = Map.copyOf(translator.blobNames());
  }

  /**
   * The graph of a model, its parameters set from the initializers (none drawn at random).
   *
   * @param size the height and width of images, for an input that leaves them symbolic (dim_param);
   *     an input that states them keeps its own
   * @throws OnnxFormatException naming the operator, node or value, when the graph holds what the
   *     import does not build
   */
  public static OnnxGraph build(OnnxModel model, Optional<int[]> size) {
    OnnxTranslator translator = OnnxTranslator.translate(model, size);
    ComputationGraph graph =
        LearnedParameter.graph(translator.configuration(), translator.parameters());
    return new OnnxGraph(translator, graph);
  }

  public ComputationGraph graph() {
    return graph;
  }

  /** The input and every value computed from it, in graph order. */
  public List<Blob> blobs() {
    return blobs;
  }

  /**
   * The blob name of a value computed from the input, given its ONNX name ("/conv1/Conv_output_0"
   * is "conv1/Conv_output_0").
   */
  public Optional<String> blobOf(String onnxValue) {
    return Optional.ofNullable(blobNames.get(onnxValue));
  }

  /** The blob of the graph's first output. */
  public String outputBlob() {
    return outputBlob;
  }

  /** The graph input's name as the file gives it. */
  public String inputName() {
    return inputName;
  }

  /** Channels, height and width of one input image. */
  public int[] imageShape() {
    return new int[] {(int) inputShape[1], (int) inputShape[2], (int) inputShape[3]};
  }

  /**
   * Whether the file states the input's height and width; false when they are symbolic and came
   * with the model.
   */
  public boolean imageSizeStated() {
    return imageSizeStated;
  }

  /**
   * The network as a model for the rest of the system (source "upload", trained).
   *
   * @param digest hex SHA-256 identifying the file the model came from
   * @param labels the class labels, in output order; empty for none
   */
  public CnnModel toModel(
      String name, String digest, Preprocessing preprocessing, List<String> labels) {
    return new CnnModel(name, digest, "upload", true, graph, preprocessing, labels, blobs);
  }

  /**
   * How torchvision prepares an image for a network of that input: resized to the input's height
   * and width, RGB values from 0 to 1 (one grey plane for one channel), minus torchvision's
   * ImageNet mean for colour input.
   *
   * <p>torchvision then divides by its standard deviation ({@link #TORCHVISION_STD_RGB}), which
   * Preprocessing cannot state yet: until it holds a divisor per channel, the values stay
   * undivided. This is the one place to set it.
   */
  public Preprocessing defaultPreprocessing() {
    int[] image = imageShape();
    int channels = image[0];
    if (channels != 1 && channels != 3) {
      throw new OnnxFormatException(
          "the graph's input '"
              + inputName
              + "' has "
              + channels
              + " channels; an image has 1 or 3");
    }
    // Preprocessing works on the 0..255 scale: (v / 255 - m) / s is (v - 255 m) / (255 s).
    float[] mean = new float[channels == 3 ? 3 : 0];
    float[] std = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      mean[c] = TORCHVISION_MEAN_RGB[c] * 255f;
      std[c] = TORCHVISION_STD_RGB[c] * 255f;
    }
    String steps =
        "Resize to "
            + image[1]
            + "x"
            + image[2]
            + (channels == 3
                ? ", RGB 0-1, minus torchvision's ImageNet mean (0.485, 0.456, 0.406), divided by"
                    + " its std (0.229, 0.224, 0.225)"
                : ", grey 0-1");
    return new Preprocessing(
        image[1],
        image[2],
        channels,
        ChannelOrder.RGB,
        image[1],
        image[2],
        mean,
        std,
        channels == 3 ? 1f : 1f / 255f,
        steps);
  }
}
