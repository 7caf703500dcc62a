package dev.convscope.models.attribution;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The backward pass of local response normalisation across channels, {@code y_c = x_c · s_c^-β}
 * with {@code s_c = k + α Σ_{d near c} x_d²} (DL4J's α, Caffe's already divided by the window):
 * {@code dx_d = g_d · s_d^-β - 2αβ · x_d · Σ_{c near d} g_c · x_c · s_c^(-β-1)}. Written out here
 * because DL4J 1.0.0-M2.1's own backward pass of the layer departs from this derivative by a few
 * parts in a thousand, more than the attribution tests allow against PyTorch.
 */
final class AcrossChannelNormalization {

  private AcrossChannelNormalization() {}

  static INDArray inputGradient(GraphVertex vertex, INDArray outputGradient) {
    LocalResponseNormalization settings =
        (LocalResponseNormalization) vertex.getLayer().conf().getLayer();
    if (settings.getDataFormat() == CNN2DFormat.NHWC) {
      throw new NotDifferentiableException(
          vertex.getVertexName(), "channels-last local response normalisation is not supported");
    }
    INDArray x = vertex.getInputs()[0];
    int window = (int) settings.getN();
    double alpha = settings.getAlpha();
    double beta = settings.getBeta();
    INDArray scale =
        nearbySum(x.mul(x), window).muli(alpha).addi(settings.getK()); // s, as the forward pass
    INDArray inputGradient = outputGradient.mul(Transforms.pow(scale, -beta, true));
    INDArray through =
        outputGradient.mul(x).muli(Transforms.pow(scale, -beta - 1, true)); // g · x · s^(-β-1)
    return inputGradient.subi(nearbySum(through, window).muli(x).muli(2 * alpha * beta));
  }

  /** For each channel, the sum over the {@code window} channels centred on it (cut at the ends). */
  private static INDArray nearbySum(INDArray values, int window) {
    long channels = values.size(1);
    int half = window / 2;
    long[] shape = values.shape().clone();
    shape[1] = channels + 2L * half;
    INDArray padded = Nd4j.zeros(values.dataType(), shape);
    padded.get(all(), interval(half, half + channels), all(), all()).assign(values);
    INDArray sum = Nd4j.zeros(values.dataType(), values.shape());
    for (int offset = 0; offset < window; offset++) {
      sum.addi(padded.get(all(), interval(offset, offset + channels), all(), all()));
    }
    return sum;
  }
}
