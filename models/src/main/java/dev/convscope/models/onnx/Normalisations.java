package dev.convscope.models.onnx;

import dev.convscope.models.graph.ChannelSoftmax;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;

/** BatchNormalization with its stored statistics, LRN across channels and Softmax over channels. */
final class Normalisations {

  private Normalisations() {}

  static Built batchNormalization(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow x = in.flow(0);
    if (x.rank() != 2 && x.rank() != 4) {
      throw node.unsupported(
          "normalises a value of shape " + Arrays.toString(x.shape()), "(N, C) or (N, C, H, W)");
    }
    if (node.integer("training_mode", 0) != 0) {
      throw node.unsupported(
          "normalises by each batch's own statistics (training_mode 1)",
          "the stored statistics (inference)");
    }
    int channels = (int) x.shape()[1];
    String[] keys = {"gamma", "beta", "mean", "var"};
    String[] what = {"its scale", "its bias", "its mean", "its variance"};
    for (int i = 0; i < 4; i++) {
      Constant values = in.constant(i + 1, what[i]);
      if (values.count() != channels) {
        throw node.unsupported(
            "has " + values.count() + " values as " + what[i],
            "one per channel (" + channels + ")");
      }
      out.addParameter(blob, keys[i], values.reshape(new long[] {channels}).array());
    }
    BatchNormalization normalization =
        new BatchNormalization.Builder()
            .nIn(channels)
            .nOut(channels)
            .eps(node.real("epsilon", 1e-5f))
            // The variances are stored as they are, not as log standard deviations.
            .useLogStd(false)
            .dataFormat(CNN2DFormat.NCHW)
            .build();
    out.addLayer(blob, normalization, x.vertex());
    return new Built(x.shape());
  }

  static Built lrn(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow x = in.image();
    long size = node.integer("size", 0);
    if (size < 1 || size % 2 == 0) {
      throw node.unsupported("sums over " + size + " channels", "an odd size");
    }
    // ONNX's and Caffe's LRN: x / (bias + alpha / size · Σ x²)^beta; DL4J's alpha is not divided.
    LocalResponseNormalization lrn =
        new LocalResponseNormalization.Builder()
            .n(size)
            .alpha(node.real("alpha", 1e-4f) / (double) size)
            .beta(node.real("beta", 0.75f))
            .k(node.real("bias", 1f))
            .build();
    out.addLayer(blob, lrn, x.vertex());
    return new Built(x.shape());
  }

  static Built softmax(NodeInputs in, String blob, GraphAssembly out) {
    Node node = in.node();
    Flow x = in.flow(0);
    boolean coerced = in.opset() < 13;
    long axis = node.integer("axis", coerced ? 1 : -1);
    long resolved = axis < 0 ? axis + x.rank() : axis;
    // Before operator set 13 a softmax at axis 1 runs over every axis from 1 on together: the
    // channels alone only when the others are ones.
    boolean channels =
        resolved == 1
            && (!coerced || Constant.product(x.shape(), 2, x.rank()) == 1)
            && x.rank() >= 2;
    if (!channels) {
      throw node.unsupported(
          "takes the softmax of a value of shape "
              + Arrays.toString(x.shape())
              + " over axis "
              + axis
              + (coerced ? " (operator set " + in.opset() + ": every axis from it on)" : ""),
          "a softmax over the channels (axis 1)");
    }
    out.addLayer(blob, new ChannelSoftmax(), x.vertex());
    return new Built(x.shape());
  }
}
