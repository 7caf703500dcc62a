package dev.convscope.models.caffe;

import java.util.ArrayList;
import java.util.List;

/**
 * What a layer makes of its inputs' shapes, computed as Caffe's layers do when they are set up: the
 * shape of its top and the shapes of the learned blobs it needs, with Caffe's checks on the inputs.
 * Shapes are Caffe's, outermost axis first.
 */
final class LayerShapes {

  /** The top's shape, the learned blobs, and the settings with what the inputs decide resolved. */
  record Result(List<Integer> top, List<ParameterBlob> parameters, LayerParams params) {}

  private final String layer;
  private final CaffeLayerType type;

  private LayerShapes(String layer, CaffeLayerType type) {
    this.layer = layer;
    this.type = type;
  }

  static Result infer(
      String layer, CaffeLayerType type, LayerParams params, List<List<Integer>> bottoms) {
    LayerShapes shapes = new LayerShapes(layer, type);
    List<Integer> in = bottoms.get(0);
    return switch (type) {
      case CONVOLUTION -> shapes.convolution((LayerParams.Convolution) params, in);
      case POOLING -> shapes.pooling((LayerParams.Pooling) params, in);
      case INNER_PRODUCT -> shapes.innerProduct((LayerParams.InnerProduct) params, in);
      case LRN -> new Result(shapes.image(in), List.of(), params);
      case SOFTMAX -> {
        shapes.axis(((LayerParams.Softmax) params).axis(), in);
        yield new Result(in, List.of(), params);
      }
      case CONCAT -> shapes.concat((LayerParams.Concat) params, bottoms);
      case ELTWISE -> shapes.eltwise(params, bottoms);
      case BATCH_NORM -> {
        int channels = in.size() == 1 ? 1 : in.get(1);
        List<ParameterBlob> blobs =
            List.of(
                new ParameterBlob("mean", List.of(channels)),
                new ParameterBlob("variance", List.of(channels)),
                new ParameterBlob("scale factor", List.of(1)));
        yield new Result(in, blobs, params);
      }
      case SCALE -> shapes.scale((LayerParams.Scale) params, bottoms);
      case FLATTEN -> shapes.flatten((LayerParams.Flatten) params, in);
      case RELU, SIGMOID, TANH, DROPOUT -> new Result(in, List.of(), params);
      case INPUT -> throw new IllegalArgumentException("Input layers have no bottoms");
    };
  }

  private Result convolution(LayerParams.Convolution p, List<Integer> in) {
    int channelAxis = axis(p.axis(), in);
    if (in.size() != 4 || channelAxis != 1) {
      throw error(
          "convolves a blob of shape "
              + in
              + " over axes from "
              + (channelAxis + 1)
              + "; only 2-D convolution of (N, C, H, W) is supported");
    }
    int channels = in.get(1);
    if (channels % p.group() != 0 || p.numOutput() % p.group() != 0) {
      throw error(
          "has group "
              + p.group()
              + " with "
              + channels
              + " input and "
              + p.numOutput()
              + " output channels; both must be multiples of the group");
    }
    int height = convolved(in.get(2), p.kernelH(), p.strideH(), p.padH(), p.dilationH());
    int width = convolved(in.get(3), p.kernelW(), p.strideW(), p.padW(), p.dilationW());
    List<ParameterBlob> blobs = new ArrayList<>();
    blobs.add(
        new ParameterBlob(
            "weights", List.of(p.numOutput(), channels / p.group(), p.kernelH(), p.kernelW())));
    if (p.biasTerm()) {
      blobs.add(new ParameterBlob("bias", List.of(p.numOutput())));
    }
    return new Result(nonEmpty(List.of(in.get(0), p.numOutput(), height, width), in), blobs, p);
  }

  private static int convolved(int size, int kernel, int stride, int pad, int dilation) {
    long extent = (long) dilation * (kernel - 1) + 1;
    // Java's division truncates toward zero, like C++'s: an empty output comes out as 0 or less.
    return (int) ((size + 2L * pad - extent) / stride + 1);
  }

  private Result pooling(LayerParams.Pooling p, List<Integer> in) {
    image(in);
    LayerParams.Pooling resolved = p.globalPooling() ? p.withKernel(in.get(2), in.get(3)) : p;
    int height =
        LayerParams.Pooling.pooledSize(
            in.get(2), resolved.kernelH(), p.strideH(), p.padH(), p.roundMode());
    int width =
        LayerParams.Pooling.pooledSize(
            in.get(3), resolved.kernelW(), p.strideW(), p.padW(), p.roundMode());
    return new Result(
        nonEmpty(List.of(in.get(0), in.get(1), height, width), in), List.of(), resolved);
  }

  private Result innerProduct(LayerParams.InnerProduct p, List<Integer> in) {
    int axis = axis(p.axis(), in);
    int inputs = count(in.subList(axis, in.size()));
    List<Integer> top = new ArrayList<>(in.subList(0, axis));
    top.add(p.numOutput());
    List<ParameterBlob> blobs = new ArrayList<>();
    blobs.add(
        new ParameterBlob(
            "weights",
            p.transpose() ? List.of(inputs, p.numOutput()) : List.of(p.numOutput(), inputs)));
    if (p.biasTerm()) {
      blobs.add(new ParameterBlob("bias", List.of(p.numOutput())));
    }
    return new Result(top, blobs, p);
  }

  private Result concat(LayerParams.Concat p, List<List<Integer>> bottoms) {
    List<Integer> first = bottoms.get(0);
    int axis = axis(p.axis(), first);
    List<Integer> top = new ArrayList<>(first);
    for (List<Integer> other : bottoms.subList(1, bottoms.size())) {
      boolean fits = other.size() == first.size();
      for (int i = 0; fits && i < first.size(); i++) {
        fits = i == axis || other.get(i).equals(first.get(i));
      }
      if (!fits) {
        throw error(
            "joins blobs of shapes "
                + bottoms
                + " along axis "
                + axis
                + "; all shapes must match on every other axis");
      }
      top.set(axis, top.get(axis) + other.get(axis));
    }
    count(top);
    return new Result(top, List.of(), p);
  }

  private Result eltwise(LayerParams params, List<List<Integer>> bottoms) {
    for (List<Integer> other : bottoms) {
      if (!other.equals(bottoms.get(0))) {
        throw error("combines blobs of shapes " + bottoms + "; all must have the same shape");
      }
    }
    return new Result(bottoms.get(0), List.of(), params);
  }

  private Result scale(LayerParams.Scale p, List<List<Integer>> bottoms) {
    List<Integer> in = bottoms.get(0);
    int axis = axis(p.axis(), in);
    List<Integer> factor;
    List<ParameterBlob> blobs = new ArrayList<>();
    if (bottoms.size() == 2) {
      factor = bottoms.get(1);
      if (axis + factor.size() > in.size()
          || !in.subList(axis, axis + factor.size()).equals(factor)) {
        throw error(
            "scales a blob of shape "
                + in
                + " by one of shape "
                + factor
                + "; it must match the first from axis "
                + axis);
      }
    } else {
      int end = p.numAxes() == -1 ? in.size() : axis + p.numAxes();
      if (end > in.size()) {
        throw error(
            "scales "
                + p.numAxes()
                + " axes from axis "
                + axis
                + " of a blob of shape "
                + in
                + ", which has too few");
      }
      factor = List.copyOf(in.subList(axis, end));
      blobs.add(new ParameterBlob("scale", factor));
    }
    if (p.biasTerm()) {
      blobs.add(new ParameterBlob("bias", factor));
    }
    return new Result(in, blobs, p);
  }

  private Result flatten(LayerParams.Flatten p, List<Integer> in) {
    int start = axis(p.axis(), in);
    int end = axis(p.endAxis(), in);
    if (end < start) {
      throw error("flattens from axis " + start + " to axis " + end + ", which comes before it");
    }
    List<Integer> top = new ArrayList<>(in.subList(0, start));
    top.add(count(in.subList(start, end + 1)));
    top.addAll(in.subList(end + 1, in.size()));
    return new Result(top, List.of(), p);
  }

  /** The layer works on (N, C, H, W) blobs only. */
  private List<Integer> image(List<Integer> in) {
    if (in.size() != 4) {
      throw error("takes a blob of shape " + in + "; it needs 4 axes (N, C, H, W)");
    }
    return in;
  }

  /** Caffe's canonical axis: negative axes count from the last. */
  private int axis(int axis, List<Integer> shape) {
    if (axis < -shape.size() || axis >= shape.size()) {
      throw error("has axis " + axis + ", outside a blob of shape " + shape);
    }
    return axis < 0 ? axis + shape.size() : axis;
  }

  private List<Integer> nonEmpty(List<Integer> top, List<Integer> in) {
    if (top.stream().anyMatch(size -> size <= 0)) {
      throw error(
          "would turn a blob of shape "
              + in
              + " into one of shape "
              + top
              + ": its kernel does not fit the input");
    }
    return top;
  }

  /** The number of values of a shape, refused when a Java array cannot hold them. */
  private int count(List<Integer> shape) {
    long count = 1;
    for (int size : shape) {
      count *= size;
      if (count > Integer.MAX_VALUE - 8) {
        throw error("would make a blob of shape " + shape + ", too large to hold");
      }
    }
    return (int) count;
  }

  private CaffeFormatException error(String what) {
    return new CaffeFormatException("layer '" + layer + "' (" + type.caffeName() + ") " + what);
  }
}
