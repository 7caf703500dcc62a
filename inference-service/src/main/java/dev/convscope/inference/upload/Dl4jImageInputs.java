package dev.convscope.inference.upload;

import dev.convscope.models.ImageLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The image a DL4J network takes. DL4J files do not keep the network's input type, so it is read
 * from the layers, by this rule: the input is an image when the first layer fed by it
 *
 * <ul>
 *   <li>reshapes a flat image into channels × height × width (built with {@code
 *       InputType.convolutionalFlat}), or flattens an image for a dense layer (an MLP built with
 *       {@code InputType.convolutional}): both state channels, height and width; or
 *   <li>is a 2-D convolution, possibly after padding, pooling, normalisation or dropout: its input
 *       channels are the image's; height and width come from the upload's preprocessing, or else
 *       from {@link InputSizeSearch}.
 * </ul>
 *
 * Anything else, such as a dense layer taking a plain vector, is not an image input.
 */
final class Dl4jImageInputs {

  private Dl4jImageInputs() {}

  /**
   * @param requestedSize height and width the upload gives, if it does
   */
  static ImageInput of(ComputationGraph graph, Optional<int[]> requestedSize) {
    ComputationGraphConfiguration conf = graph.getConfiguration();
    List<String> order =
        Arrays.stream(graph.topologicalSortOrder())
            .mapToObj(index -> graph.getVertices()[index].getVertexName())
            .toList();
    List<String> inputs = conf.getNetworkInputs();
    if (inputs.size() != 1) {
      throw new ModelRejectedException(
          "the model takes " + inputs.size() + " inputs; an image model takes one");
    }
    String vertexName = firstFedBy(conf, order, inputs.get(0));
    while (true) {
      GraphVertex vertex = conf.getVertices().get(vertexName);
      if (!(vertex instanceof LayerVertex layerVertex)) {
        throw notAnImage(
            "its input goes into a "
                + vertex.getClass().getSimpleName()
                + " '"
                + vertexName
                + "', not into a layer");
      }
      InputPreProcessor preprocessor = layerVertex.getPreProcessor();
      Layer layer = layerVertex.getLayerConf().getLayer();
      if (preprocessor instanceof FeedForwardToCnnPreProcessor reshape) {
        return new ImageInput(
            Math.toIntExact(reshape.getNumChannels()),
            Math.toIntExact(reshape.getInputHeight()),
            Math.toIntExact(reshape.getInputWidth()),
            ImageLayout.NCHW,
            true);
      }
      if (preprocessor instanceof CnnToFeedForwardPreProcessor flatten) {
        return new ImageInput(
            Math.toIntExact(flatten.getNumChannels()),
            Math.toIntExact(flatten.getInputHeight()),
            Math.toIntExact(flatten.getInputWidth()),
            layoutOf(flatten.getFormat()),
            true);
      }
      if (layer instanceof ConvolutionLayer conv
          && !(layer instanceof Convolution1DLayer)
          && !(layer instanceof Convolution3D)) {
        int channels = Math.toIntExact(conv.getNIn());
        CNN2DFormat format =
            conv.getCnn2dDataFormat() == null ? CNN2DFormat.NCHW : conv.getCnn2dDataFormat();
        int[] size =
            requestedSize
                .or(() -> InputSizeSearch.find(conf, order, channels, format))
                .orElseThrow(
                    () ->
                        new ModelRejectedException(
                            "the model does not record the height and width of its input images and "
                                + "they cannot be worked out from its layers; give them in the upload's preprocessing"));
        return new ImageInput(channels, size[0], size[1], layoutOf(format), false);
      }
      if (passesImagesOn(layer)) {
        vertexName = firstFedBy(conf, order, vertexName);
        continue;
      }
      String layerName =
          layer.getLayerName() == null || layer.getLayerName().isBlank()
              ? vertexName
              : layer.getLayerName();
      throw notAnImage(
          "its first layer '"
              + layerName
              + "' is a "
              + layer.getClass().getSimpleName()
              + (layer instanceof FeedForwardLayer ff
                  ? " taking a vector of " + ff.getNIn() + " values"
                  : "")
              + "; an image model starts with a convolution");
    }
  }

  /** Layers that may come before the first convolution and keep the image's channels. */
  private static boolean passesImagesOn(Layer layer) {
    return layer instanceof ZeroPaddingLayer
        || layer instanceof SubsamplingLayer
        || layer instanceof BatchNormalization
        || layer instanceof LocalResponseNormalization
        || layer instanceof DropoutLayer
        || layer instanceof ActivationLayer;
  }

  private static String firstFedBy(
      ComputationGraphConfiguration conf, List<String> order, String source) {
    return order.stream()
        .filter(name -> conf.getVertexInputs().getOrDefault(name, List.of()).contains(source))
        .findFirst()
        .orElseThrow(
            () -> new ModelRejectedException("the model's '" + source + "' feeds no layer"));
  }

  private static ImageLayout layoutOf(CNN2DFormat format) {
    return format == CNN2DFormat.NHWC ? ImageLayout.NHWC : ImageLayout.NCHW;
  }

  private static ModelRejectedException notAnImage(String why) {
    return new ModelRejectedException("the model's input is not an image: " + why);
  }
}
