package dev.convscope.models.onnx;

import dev.convscope.models.graph.ExactPooling;
import java.util.Arrays;

/**
 * MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool as exact pooling: padding of its own at
 * each side, rounding down or up, and either divisor ({@link ExactPooling}).
 */
final class Poolings {

  private Poolings() {}

  static Built pooling(NodeInputs in, String blob, GraphAssembly out, ExactPooling.Method method) {
    Node node = in.node();
    Flow x = in.image();
    long[] kernelShape = node.integers("kernel_shape", new long[0]);
    if (kernelShape.length != 2) {
      throw node.unsupported(
          "has kernel_shape " + Arrays.toString(kernelShape), "2-D pooling windows");
    }
    int[] kernel = {(int) kernelShape[0], (int) kernelShape[1]};
    int[] stride = node.pair("strides", 1);
    int[] dilation = node.pair("dilations", 1);
    if (dilation[0] != 1 || dilation[1] != 1) {
      throw node.unsupported(
          "has dilations " + Arrays.toString(dilation), "pooling without dilations");
    }
    int[] pads = Shapes.windowPads(node, x.shape(), kernel, stride);
    for (int axis = 0; axis < 2; axis++) {
      if (pads[axis] >= kernel[axis] || pads[axis + 2] >= kernel[axis]) {
        throw node.unsupported(
            "pads " + Arrays.toString(pads) + " a window of " + Arrays.toString(kernel),
            "pads smaller than the window");
      }
    }
    boolean ceil = node.integer("ceil_mode", 0) == 1;
    ExactPooling.Divisor divisor =
        node.integer("count_include_pad", 0) == 1
            ? ExactPooling.Divisor.PADDED_WINDOW
            : ExactPooling.Divisor.INPUT_ONLY;
    ExactPooling pooling = new ExactPooling(method, kernel, stride, pads, ceil, divisor);
    int height = pooling.pooledHeight((int) x.shape()[2]);
    int width = pooling.pooledWidth((int) x.shape()[3]);
    if (height < 1 || width < 1) {
      throw node.unsupported(
          "has a window larger than its padded input " + Arrays.toString(x.shape()),
          "windows that fit the input");
    }
    out.addLayer(blob, pooling, x.vertex());
    return new Built(new long[] {x.shape()[0], x.shape()[1], height, width});
  }

  static Built globalPooling(
      NodeInputs in, String blob, GraphAssembly out, ExactPooling.Method method) {
    Node node = in.node();
    Flow x = in.image();
    out.addLayer(blob, ExactPooling.global(method), x.vertex());
    return new Built(new long[] {x.shape()[0], x.shape()[1], 1, 1});
  }
}
