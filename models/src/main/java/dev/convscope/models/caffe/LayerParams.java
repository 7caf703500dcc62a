package dev.convscope.models.caffe;

import java.util.List;

/**
 * A layer's settings with Caffe's defaults applied (the defaults of its file format, checked as
 * Caffe checks them when it sets the layer up). Axes are as written, possibly negative (counted
 * from the last); kernel, stride, pad and dilation are resolved to their height and width values
 * whichever way the file gave them.
 */
public sealed interface LayerParams {

  /** Layers with nothing to set: Sigmoid, TanH. */
  record None() implements LayerParams {}

  /**
   * Convolution over (N, C, H, W): weights (numOutput, C / group, kernelH, kernelW), the output
   * size {@code (in + 2 * pad - (dilation * (kernel - 1) + 1)) / stride + 1}, rounded down.
   */
  record Convolution(
      int numOutput,
      int kernelH,
      int kernelW,
      int strideH,
      int strideW,
      int padH,
      int padW,
      int dilationH,
      int dilationW,
      int group,
      boolean biasTerm,
      int axis)
      implements LayerParams {}

  enum PoolMethod {
    MAX,
    AVE
  }

  /** How a pooled size is rounded: Caffe rounds up unless a file says otherwise. */
  enum RoundMode {
    CEIL,
    FLOOR
  }

  /**
   * Pooling over (N, C, H, W). With global pooling the kernel is the input's height and width
   * (known once the network's shapes are: the network's layers carry it resolved).
   */
  record Pooling(
      PoolMethod method,
      int kernelH,
      int kernelW,
      int strideH,
      int strideW,
      int padH,
      int padW,
      boolean globalPooling,
      RoundMode roundMode)
      implements LayerParams {

    Pooling withKernel(int height, int width) {
      return new Pooling(
          method, height, width, strideH, strideW, padH, padW, globalPooling, roundMode);
    }

    /**
     * Caffe's pooled size along one axis: {@code (size + 2 * pad - kernel) / stride}, computed in
     * float and rounded as {@code mode} says, plus one; then, when padded, one less if the last
     * window would start in the padding rather than inside the input.
     */
    public static int pooledSize(int size, int kernel, int stride, int pad, RoundMode mode) {
      float steps = (float) (size + 2 * pad - kernel) / stride;
      double rounded = mode == RoundMode.CEIL ? Math.ceil(steps) : Math.floor(steps);
      int pooled = (int) rounded + 1;
      if (pad != 0 && (long) (pooled - 1) * stride >= size + pad) {
        pooled--;
      }
      return pooled;
    }
  }

  /** Weights (numOutput, K), or (K, numOutput) when transposed; K spans the axes from axis on. */
  record InnerProduct(int numOutput, boolean biasTerm, int axis, boolean transpose)
      implements LayerParams {}

  record ReLU(float negativeSlope) implements LayerParams {}

  enum NormRegion {
    ACROSS_CHANNELS,
    WITHIN_CHANNEL
  }

  /** Caffe's local response normalisation: {@code x / (k + alpha / n * sum(x^2)) ^ beta}. */
  record Lrn(int localSize, float alpha, float beta, float k, NormRegion normRegion)
      implements LayerParams {}

  record Dropout(float ratio) implements LayerParams {}

  record Softmax(int axis) implements LayerParams {}

  record Concat(int axis) implements LayerParams {}

  enum EltwiseOperation {
    PROD,
    SUM,
    MAX
  }

  /** One coefficient per bottom (all 1 unless the file gives them; only SUM may). */
  record Eltwise(EltwiseOperation operation, List<Float> coefficients) implements LayerParams {

    public Eltwise {
      coefficients = List.copyOf(coefficients);
    }
  }

  /**
   * Blobs: mean, variance (both per channel) and a scale factor that both are divided by. A deploy
   * network uses the stored statistics unless the file says otherwise.
   */
  record BatchNorm(float eps, boolean useGlobalStats, float movingAverageFraction)
      implements LayerParams {}

  /**
   * Multiplies by a learned blob (or by a second bottom) shaped as the input's axes from axis on,
   * numAxes of them (-1: to the last), then adds a bias of that shape if biasTerm.
   */
  record Scale(int axis, int numAxes, boolean biasTerm) implements LayerParams {}

  /** Joins the axes from axis to endAxis (both included) into one. */
  record Flatten(int axis, int endAxis) implements LayerParams {}
}
