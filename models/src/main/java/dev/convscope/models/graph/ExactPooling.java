package dev.convscope.models.graph;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Pooling of (N, C, H, W) values exactly as Caffe, PyTorch and ONNX define it, which DL4J's
 * SubsamplingLayer cannot express (its padding is the same on both sides, and its rounding and
 * divisors are its own):
 *
 * <ul>
 *   <li>padding of its own at each side (top, left, bottom, right);
 *   <li>the output size {@code (size + begin + end - kernel) / stride + 1}, rounded down or up;
 *       rounded up, the last window may reach past the input and its padding, and a last window
 *       that would start in the end padding is dropped, as Caffe and PyTorch do;
 *   <li>MAX over the input values in the window only (padding never wins, even over negative
 *       values);
 *   <li>AVERAGE as the sum of the input values in the window divided by either the window clipped
 *       to the padded input (Caffe's AVE, PyTorch's and ONNX's count_include_pad) or the input
 *       values in the window alone (ONNX's default).
 * </ul>
 *
 * Global pooling takes the whole input. Computed with whole-array operations: the input is laid
 * into an array large enough for every window, filled with -infinity (MAX) or 0 (AVERAGE) around
 * it, and each of the kernel's offsets contributes one strided slice of it.
 */
public final class ExactPooling extends FunctionLayer {

  /** What a window becomes. */
  public enum Method {
    MAX,
    AVERAGE
  }

  /** What an average divides by. */
  public enum Divisor {
    /** The window clipped to the padded input: padding inside it counts. */
    PADDED_WINDOW,
    /** The input values inside the window: padding never counts. */
    INPUT_ONLY
  }

  @JsonProperty private Method method;
  @JsonProperty private int kernelH;
  @JsonProperty private int kernelW;
  @JsonProperty private int strideH;
  @JsonProperty private int strideW;
  @JsonProperty private int padTop;
  @JsonProperty private int padLeft;
  @JsonProperty private int padBottom;
  @JsonProperty private int padRight;
  @JsonProperty private boolean ceil;
  @JsonProperty private Divisor divisor;
  @JsonProperty private boolean globalPooling;

  /** For DL4J's configuration copies. */
  ExactPooling() {}

  /**
   * @param kernel height and width
   * @param stride height and width
   * @param pads top, left, bottom, right
   * @param ceil whether the output size is rounded up rather than down
   */
  public ExactPooling(
      Method method, int[] kernel, int[] stride, int[] pads, boolean ceil, Divisor divisor) {
    this.method = method;
    this.kernelH = kernel[0];
    this.kernelW = kernel[1];
    this.strideH = stride[0];
    this.strideW = stride[1];
    this.padTop = pads[0];
    this.padLeft = pads[1];
    this.padBottom = pads[2];
    this.padRight = pads[3];
    this.ceil = ceil;
    this.divisor = divisor;
  }

  /** Pooling over the whole of each channel: (N, C, 1, 1). */
  public static ExactPooling global(Method method) {
    ExactPooling pooling =
        new ExactPooling(
            method, new int[] {1, 1}, new int[] {1, 1}, new int[4], false, Divisor.INPUT_ONLY);
    pooling.globalPooling = true;
    return pooling;
  }

  /** The output height for an input of that height. */
  public int pooledHeight(int height) {
    return globalPooling ? 1 : pooledSize(height, kernelH, strideH, padTop, padBottom, ceil);
  }

  /** The output width for an input of that width. */
  public int pooledWidth(int width) {
    return globalPooling ? 1 : pooledSize(width, kernelW, strideW, padLeft, padRight, ceil);
  }

  /**
   * {@code (size + begin + end - kernel) / stride + 1} rounded down or up, less one when the last
   * window would start at or past the end of the input (in the end padding). Caffe cuts back only
   * when it pads; unpadded, its windows wholly past the input are refused before a pooling is made.
   */
  public static int pooledSize(int size, int kernel, int stride, int begin, int end, boolean ceil) {
    long span = (long) size + begin + end - kernel;
    long steps = ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride);
    long pooled = steps + 1;
    if (pooled > 1 && (pooled - 1) * stride >= (long) size + begin) {
      pooled--;
    }
    return (int) pooled;
  }

  @Override
  public INDArray apply(INDArray input) {
    if (input.rank() != 4) {
      throw new IllegalArgumentException(
          getLayerName() + ": pools (N, C, H, W) values, not rank " + input.rank());
    }
    if (globalPooling) {
      return method == Method.MAX ? input.max(true, 2, 3) : input.mean(true, 2, 3);
    }
    int height = (int) input.size(2);
    int width = (int) input.size(3);
    int pooledH = pooledHeight(height);
    int pooledW = pooledWidth(width);
    if (pooledH < 1 || pooledW < 1) {
      throw new IllegalArgumentException(
          getLayerName() + ": a " + height + "x" + width + " input is smaller than the window");
    }
    // Rows and columns from the top-left padding to the end of the last window (or input).
    long spanH = Math.max(padTop + height, (long) (pooledH - 1) * strideH + kernelH);
    long spanW = Math.max(padLeft + width, (long) (pooledW - 1) * strideW + kernelW);
    boolean max = method == Method.MAX;
    INDArray padded =
        Nd4j.valueArrayOf(
            new long[] {input.size(0), input.size(1), spanH, spanW},
            max ? Double.NEGATIVE_INFINITY : 0.0,
            input.dataType());
    padded
        .get(all(), all(), interval(padTop, padTop + height), interval(padLeft, padLeft + width))
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

  /**
   * MAX sends each output's gradient to the first input value in its window (row by row) that
   * equals the maximum, as PyTorch's max pooling does; AVERAGE spreads it over the window, each
   * input value receiving its share (the gradient over the divisor).
   */
  @Override
  public INDArray backward(INDArray input, INDArray outputGradient) {
    if (globalPooling) {
      return windowOfTheWholeInput(input).backward(input, outputGradient);
    }
    int height = (int) input.size(2);
    int width = (int) input.size(3);
    int pooledH = pooledHeight(height);
    int pooledW = pooledWidth(width);
    long spanH = Math.max(padTop + height, (long) (pooledH - 1) * strideH + kernelH);
    long spanW = Math.max(padLeft + width, (long) (pooledW - 1) * strideW + kernelW);
    long[] paddedShape = {input.size(0), input.size(1), spanH, spanW};
    boolean max = method == Method.MAX;
    INDArray padded = null;
    INDArray pooled = null;
    INDArray unclaimed = null;
    INDArray share = outputGradient;
    if (max) {
      padded = Nd4j.valueArrayOf(paddedShape, Double.NEGATIVE_INFINITY, input.dataType());
      padded
          .get(all(), all(), interval(padTop, padTop + height), interval(padLeft, padLeft + width))
          .assign(input);
      pooled = apply(input);
      unclaimed = Nd4j.onesLike(pooled);
    } else {
      share = outputGradient.div(divisors(height, width, pooledH, pooledW, outputGradient));
    }
    INDArray gradient = Nd4j.zeros(input.dataType(), paddedShape);
    for (int i = 0; i < kernelH; i++) {
      for (int j = 0; j < kernelW; j++) {
        INDArrayIndex rows = offsets(i, strideH, pooledH);
        INDArrayIndex columns = offsets(j, strideW, pooledW);
        INDArray target = gradient.get(all(), all(), rows, columns);
        if (max) {
          INDArray wins =
              padded
                  .get(all(), all(), rows, columns)
                  .eq(pooled)
                  .castTo(input.dataType())
                  .muli(unclaimed);
          unclaimed.subi(wins);
          target.addi(wins.muli(outputGradient));
        } else {
          target.addi(share);
        }
      }
    }
    return gradient
        .get(all(), all(), interval(padTop, padTop + height), interval(padLeft, padLeft + width))
        .dup('c');
  }

  /** The places offset {@code offset} into each of {@code pooled} windows. */
  private static INDArrayIndex offsets(int offset, int stride, int pooled) {
    // One window: a plain interval (ND4J refuses a stride longer than what is left of the array).
    return pooled == 1
        ? interval(offset, offset + 1)
        : interval(offset, stride, offset + (long) (pooled - 1) * stride + 1);
  }

  /** Global pooling as one window over the whole input. */
  private ExactPooling windowOfTheWholeInput(INDArray input) {
    int[] kernel = {(int) input.size(2), (int) input.size(3)};
    ExactPooling whole = new ExactPooling(method, kernel, kernel, new int[4], false, divisor);
    whole.setLayerName(getLayerName());
    return whole;
  }

  /** The divisor of every output position, repeated over the batch and channels. */
  private INDArray divisors(int height, int width, int pooledH, int pooledW, INDArray pooled) {
    boolean padding = divisor == Divisor.PADDED_WINDOW;
    int[] rows =
        windowExtents(
            pooledH, strideH, kernelH, padTop, padding ? height + padBottom : height, !padding);
    int[] columns =
        windowExtents(
            pooledW, strideW, kernelW, padLeft, padding ? width + padRight : width, !padding);
    float[] divisors = new float[pooledH * pooledW];
    for (int y = 0; y < pooledH; y++) {
      for (int x = 0; x < pooledW; x++) {
        divisors[y * pooledW + x] = rows[y] * columns[x];
      }
    }
    return Nd4j.create(divisors, new long[] {1, 1, pooledH, pooledW}, 'c')
        .castTo(pooled.dataType())
        .broadcast(pooled.shape());
  }

  /**
   * How many places of each window along one axis count: the window from {@code o * stride -
   * begin}, cut at {@code end} and, for input values only, at 0.
   */
  private static int[] windowExtents(
      int pooled, int stride, int kernel, int begin, int end, boolean inputOnly) {
    int[] extents = new int[pooled];
    for (int o = 0; o < pooled; o++) {
      int start = o * stride - begin;
      int stop = Math.min(start + kernel, end);
      extents[o] = stop - (inputOnly ? Math.max(start, 0) : start);
    }
    return extents;
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
