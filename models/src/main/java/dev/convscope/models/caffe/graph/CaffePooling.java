package dev.convscope.models.caffe.graph;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import dev.convscope.models.caffe.LayerParams;
import dev.convscope.models.caffe.LayerParams.PoolMethod;
import dev.convscope.models.caffe.LayerParams.RoundMode;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Caffe's pooling of (N, C, H, W) blobs, which DL4J's SubsamplingLayer cannot express: the output
 * size rounded up ({@link LayerParams.Pooling#pooledSize}), so the last window may reach past the
 * input and its padding; MAX over the input values in the window only (padding never wins, even
 * over negative values); AVE as the sum of the input values in the window divided by the window
 * clipped to the padded input ({@code (hend - hstart) * (wend - wstart)} with {@code hend =
 * min(hstart + kernel, height + pad)}), as Caffe's pooling layer divides. Global pooling takes the
 * whole input.
 *
 * <p>Computed as Caffe defines it, with whole-array operations: the input is laid into an array
 * large enough for every window, filled with -infinity (MAX) or 0 (AVE) around it, and each of the
 * kernel's offsets contributes one strided slice of it.
 */
public final class CaffePooling extends FunctionLayer {

  @JsonProperty private PoolMethod method;
  @JsonProperty private int kernelH;
  @JsonProperty private int kernelW;
  @JsonProperty private int strideH;
  @JsonProperty private int strideW;
  @JsonProperty private int padH;
  @JsonProperty private int padW;
  @JsonProperty private boolean globalPooling;
  @JsonProperty private RoundMode roundMode;

  /** For DL4J's configuration copies. */
  CaffePooling() {}

  /** The pooling of a network's layer: global pooling with its kernel resolved or not. */
  public CaffePooling(LayerParams.Pooling params) {
    this.method = params.method();
    this.kernelH = params.kernelH();
    this.kernelW = params.kernelW();
    this.strideH = params.strideH();
    this.strideW = params.strideW();
    this.padH = params.padH();
    this.padW = params.padW();
    this.globalPooling = params.globalPooling();
    this.roundMode = params.roundMode();
  }

  /** Caffe's output height for an input of that height. */
  public int pooledHeight(int height) {
    return globalPooling
        ? 1
        : LayerParams.Pooling.pooledSize(height, kernelH, strideH, padH, roundMode);
  }

  /** Caffe's output width for an input of that width. */
  public int pooledWidth(int width) {
    return globalPooling
        ? 1
        : LayerParams.Pooling.pooledSize(width, kernelW, strideW, padW, roundMode);
  }

  /**
   * Whether every window holds at least one input value. Caffe's rounding up can leave a window
   * wholly past the input when the stride exceeds the kernel and nothing is padded; Caffe's output
   * there is no pooling of anything, and such networks are refused.
   */
  public boolean everyWindowSeesTheInput(int height, int width) {
    return (long) (pooledHeight(height) - 1) * strideH - padH < height
        && (long) (pooledWidth(width) - 1) * strideW - padW < width;
  }

  @Override
  public INDArray apply(INDArray input) {
    if (input.rank() != 4) {
      throw new IllegalArgumentException(
          getLayerName() + ": pools (N, C, H, W) blobs, not rank " + input.rank());
    }
    if (globalPooling) {
      return method == PoolMethod.MAX ? input.max(true, 2, 3) : input.mean(true, 2, 3);
    }
    int height = (int) input.size(2);
    int width = (int) input.size(3);
    if (!everyWindowSeesTheInput(height, width)) {
      throw new IllegalArgumentException(
          getLayerName() + ": a window of this pooling lies wholly past its input");
    }
    int pooledH = pooledHeight(height);
    int pooledW = pooledWidth(width);
    // Rows and columns from the top-left padding to the end of the last window (or input).
    long spanH = Math.max(padH + height, (long) (pooledH - 1) * strideH + kernelH);
    long spanW = Math.max(padW + width, (long) (pooledW - 1) * strideW + kernelW);
    boolean max = method == PoolMethod.MAX;
    INDArray padded =
        Nd4j.valueArrayOf(
            new long[] {input.size(0), input.size(1), spanH, spanW},
            max ? Double.NEGATIVE_INFINITY : 0.0,
            input.dataType());
    padded
        .get(all(), all(), interval(padH, padH + height), interval(padW, padW + width))
        .assign(input);
    INDArray pooled = null;
    for (int i = 0; i < kernelH; i++) {
      for (int j = 0; j < kernelW; j++) {
        INDArray offset =
            padded.get(
                all(),
                all(),
                interval(i, strideH, i + (long) (pooledH - 1) * strideH + 1),
                interval(j, strideW, j + (long) (pooledW - 1) * strideW + 1));
        if (pooled == null) {
          pooled = offset.dup('c');
        } else if (max) {
          Transforms.max(pooled, offset, false);
        } else {
          pooled.addi(offset);
        }
      }
    }
    return max ? pooled : pooled.divi(divisors(height, width, pooledH, pooledW, pooled));
  }

  /** Caffe's AVE divisor of every output position, repeated over the batch and channels. */
  private INDArray divisors(int height, int width, int pooledH, int pooledW, INDArray pooled) {
    float[] divisors = new float[pooledH * pooledW];
    for (int y = 0; y < pooledH; y++) {
      int top = y * strideH - padH;
      int rows = Math.min(top + kernelH, height + padH) - top;
      for (int x = 0; x < pooledW; x++) {
        int left = x * strideW - padW;
        int columns = Math.min(left + kernelW, width + padW) - left;
        divisors[y * pooledW + x] = rows * columns;
      }
    }
    return Nd4j.create(divisors, new long[] {1, 1, pooledH, pooledW}, 'c')
        .castTo(pooled.dataType())
        .broadcast(pooled.shape());
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    InputType.InputTypeConvolutional image = (InputType.InputTypeConvolutional) inputType;
    return InputType.convolutional(
        pooledHeight((int) image.getHeight()),
        pooledWidth((int) image.getWidth()),
        image.getChannels(),
        CNN2DFormat.NCHW);
  }
}
