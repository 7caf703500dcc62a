package dev.convscope.models.attribution;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The backward pass of batch normalisation at inference, where it is a fixed per-channel affine map
 * {@code y = gamma · (x - mean) / sqrt(var + eps) + beta}: the input's gradient is the output's
 * times {@code gamma / sqrt(var + eps)}. DL4J's own backward pass differentiates through the
 * batch's statistics, which is right for training only.
 */
final class InferenceBatchNormalization {

  private InferenceBatchNormalization() {}

  static INDArray inputGradient(
      GraphVertex vertex, INDArray outputGradient, LayerWorkspaceMgr workspaces) {
    var layer = vertex.getLayer();
    BatchNormalization settings = (BatchNormalization) layer.conf().getLayer();
    INDArray deviation =
        settings.isUseLogStd()
            ? Transforms.exp(layer.getParam("log10stdev").mul(Math.log(10)), false)
            : Transforms.sqrt(layer.getParam("var").add(settings.getEps()), false);
    INDArray gamma =
        settings.isLockGammaBeta()
            ? Nd4j.valueArrayOf(deviation.shape(), settings.getGamma(), deviation.dataType())
            : layer.getParam("gamma");
    INDArray scale = gamma.div(deviation).castTo(outputGradient.dataType());
    long channels = scale.length();
    long[] shape = new long[outputGradient.rank()];
    Arrays.fill(shape, 1);
    boolean channelsLast =
        outputGradient.rank() == 4 && settings.getCnn2DFormat() == CNN2DFormat.NHWC;
    shape[channelsLast ? 3 : 1] = channels;
    INDArray inputGradient =
        outputGradient.mul(scale.reshape('c', shape).broadcast(outputGradient.shape()));
    var preprocessor = ((LayerVertex) vertex).getLayerPreProcessor();
    return preprocessor == null
        ? inputGradient
        : preprocessor.backprop(inputGradient, (int) outputGradient.size(0), workspaces);
  }
}
