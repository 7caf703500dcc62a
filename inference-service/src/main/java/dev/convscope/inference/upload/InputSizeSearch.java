package dev.convscope.inference.upload;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;

/**
 * Works out the image size a DL4J network was built for when its file does not state it, which is
 * the case for every network built with {@code InputType.convolutional(h, w, c)}: DL4J keeps the
 * size only where the feature maps are flattened for the first dense layer. The smallest input
 * height (and width) whose maps have that size there is the answer; DL4J's own shape arithmetic
 * computes the maps for each candidate, so any layer and topology counts correctly. Height and
 * width are searched apart, as every 2-D layer treats them apart.
 */
final class InputSizeSearch {

  static final int LARGEST = 4096;

  private InputSizeSearch() {}

  /**
   * @param order the vertex names in topological order
   * @return height and width, or empty when nothing in the network pins them down
   */
  static Optional<int[]> find(
      ComputationGraphConfiguration conf, List<String> order, int channels, CNN2DFormat format) {
    for (String name : order) {
      InputPreProcessor preprocessor = preprocessorOf(conf.getVertices().get(name));
      List<String> inputs = conf.getVertexInputs().get(name);
      if (preprocessor instanceof CnnToFeedForwardPreProcessor flatten
          && inputs != null
          && inputs.size() == 1) {
        String maps = inputs.get(0);
        IntUnaryOperator heightThere = h -> mapsAt(conf, maps, h, LARGEST, channels, format)[0];
        IntUnaryOperator widthThere = w -> mapsAt(conf, maps, LARGEST, w, channels, format)[1];
        Optional<Integer> height = smallest(heightThere, flatten.getInputHeight());
        Optional<Integer> width = smallest(widthThere, flatten.getInputWidth());
        if (height.isEmpty() || width.isEmpty()) {
          return Optional.empty();
        }
        int[] check = mapsAt(conf, maps, height.get(), width.get(), channels, format);
        return check[0] == flatten.getInputHeight() && check[1] == flatten.getInputWidth()
            ? Optional.of(new int[] {height.get(), width.get()})
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Binary search over 1..LARGEST: the map size only grows with the input size. */
  private static Optional<Integer> smallest(IntUnaryOperator sizeThere, long wanted) {
    int low = 1;
    int high = LARGEST;
    if (sizeThere.applyAsInt(high) < wanted) {
      return Optional.empty();
    }
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sizeThere.applyAsInt(middle) >= wanted) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return sizeThere.applyAsInt(low) == wanted ? Optional.of(low) : Optional.empty();
  }

  /**
   * Height and width of the maps of vertex {@code maps} for an input of h × w; -1 when it does not
   * fit.
   */
  private static int[] mapsAt(
      ComputationGraphConfiguration conf,
      String maps,
      int h,
      int w,
      int channels,
      CNN2DFormat format) {
    try {
      // On a copy: working out the types may add preprocessors.
      Map<String, InputType> types =
          conf.clone()
              .getLayerActivationTypes(
                  true, false, InputType.convolutional(h, w, channels, format));
      if (types.get(maps) instanceof InputType.InputTypeConvolutional c) {
        return new int[] {(int) c.getHeight(), (int) c.getWidth()};
      }
    } catch (RuntimeException tooSmall) {
      // an input too small for some kernel
    }
    return new int[] {-1, -1};
  }

  private static InputPreProcessor preprocessorOf(GraphVertex vertex) {
    if (vertex instanceof LayerVertex layer) {
      return layer.getPreProcessor();
    }
    if (vertex instanceof PreprocessorVertex preprocessor) {
      return preprocessor.getPreProcessor();
    }
    return null;
  }
}
