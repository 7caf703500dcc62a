package dev.convscope.models.onnx;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.convscope.models.graph.GroupedConvolution;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conv as DL4J layers: a plain convolution, a depthwise one for one group per channel (weights
 * permuted to DL4J's (kh, kw, channels, multiplier)), or channel slices joined for other groups;
 * uneven padding as a zero padding layer before it, since DL4J pads both sides alike.
 */
final class Convolutions {

  private Convolutions() {}

  static Built convolution(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow x = in.image();
    Constant weights = in.constant(1, "its weights");
    Optional<Constant> bias = in.optionalConstant(2, "its bias");
    if (weights.rank() != 4) {
      throw node.unsupported(
          "has weights of shape " + Arrays.toString(weights.shape()),
          "2-D convolutions, weights (M, C / group, kh, kw)");
    }
    int channels = (int) x.shape()[1];
    int outputs = (int) weights.shape()[0];
    int groups = (int) node.integer("group", 1);
    if (groups < 1
        || channels % groups != 0
        || outputs % groups != 0
        || weights.shape()[1] != channels / groups) {
      throw node.unsupported(
          "has weights of shape "
              + Arrays.toString(weights.shape())
              + " for "
              + channels
              + " input channels in "
              + groups
              + " groups",
          "weights (M, C / group, kh, kw) with C and M divisible by group");
    }
    if (bias.isPresent() && bias.get().count() != outputs) {
      throw node.unsupported(
          "has a bias of shape " + Arrays.toString(bias.get().shape()),
          "one bias per output channel (" + outputs + ")");
    }
    int[] kernel = {(int) weights.shape()[2], (int) weights.shape()[3]};
    int[] stride = node.pair("strides", 1);
    int[] dilation = node.pair("dilations", 1);
    int[] extent = {(kernel[0] - 1) * dilation[0] + 1, (kernel[1] - 1) * dilation[1] + 1};
    int[] pads = Shapes.windowPads(node, x.shape(), extent, stride);
    long height = (x.shape()[2] + pads[0] + pads[2] - extent[0]) / stride[0] + 1;
    long width = (x.shape()[3] + pads[1] + pads[3] - extent[1]) / stride[1] + 1;
    if (height < 1 || width < 1) {
      throw node.unsupported(
          "has a kernel larger than its padded input " + Arrays.toString(x.shape()),
          "kernels that fit the input");
    }
    String input = x.vertex();
    int[] padding = {pads[0], pads[1]};
    if (pads[0] != pads[2] || pads[1] != pads[3]) {
      // DL4J pads both sides alike: uneven padding is a layer of its own before the convolution.
      input = out.addLayer(blob + "#pad", zeroPadding(pads), input);
      padding = new int[] {0, 0};
    }
    INDArray w = weights.array();
    INDArray b = bias.map(Constant::array).orElse(null);
    int[] p = padding;
    List<String> parameterVertices;
    if (groups == 1) {
      out.addLayer(blob, convolution(kernel, stride, p, dilation, channels, outputs, b), input);
      out.setWeightsAndBias(blob, w, b);
      parameterVertices = List.of(blob);
    } else if (groups == channels) {
      // One group per channel: DL4J's depthwise convolution, weights (kh, kw, C, multiplier).
      int multiplier = outputs / channels;
      DepthwiseConvolution2D.Builder depthwise =
          new DepthwiseConvolution2D.Builder()
              .depthMultiplier(multiplier)
              .kernelSize(kernel)
              .stride(stride)
              .padding(p)
              .dataFormat(CNN2DFormat.NCHW);
      depthwise.setDilation(dilation);
      depthwise.nIn(channels).nOut(outputs).hasBias(b != null).activation(Activation.IDENTITY);
      out.addLayer(blob, depthwise.build(), input);
      INDArray layout = w.reshape('c', channels, multiplier, kernel[0], kernel[1]);
      out.setWeightsAndBias(blob, layout.permute(2, 3, 0, 1).dup('c'), b);
      parameterVertices = List.of(blob);
    } else {
      List<String> groupNames = GroupedConvolution.groupNames(blob, groups);
      for (String group : groupNames) {
        out.claim(group);
        out.claim(group + "_input");
      }
      out.added(blob, input);
      GroupedConvolution.add(
          out.builder(),
          blob,
          input,
          channels,
          outputs,
          groups,
          (groupIn, groupOut) -> convolution(kernel, stride, p, dilation, groupIn, groupOut, b));
      int perGroup = outputs / groups;
      for (int g = 0; g < groups; g++) {
        var rows = interval((long) g * perGroup, (long) (g + 1) * perGroup);
        out.setWeightsAndBias(groupNames.get(g), w.get(rows), b == null ? null : b.get(rows));
      }
      parameterVertices = groupNames;
    }
    return new Built(new long[] {x.shape()[0], outputs, height, width}, parameterVertices);
  }

  private static ConvolutionLayer convolution(
      int[] kernel, int[] stride, int[] padding, int[] dilation, int in, int out, INDArray bias) {
    return new ConvolutionLayer.Builder(kernel)
        .stride(stride)
        .padding(padding)
        .dilation(dilation)
        .dataFormat(CNN2DFormat.NCHW)
        .nIn(in)
        .nOut(out)
        .hasBias(bias != null)
        .activation(Activation.IDENTITY)
        .build();
  }

  static ZeroPaddingLayer zeroPadding(int[] pads) {
    // ONNX's order is top, left, bottom, right; DL4J's top, bottom, left, right.
    return new ZeroPaddingLayer.Builder(pads[0], pads[2], pads[1], pads[3])
        .dataFormat(CNN2DFormat.NCHW)
        .build();
  }
}
