package dev.convscope.models.caffe;

import dev.convscope.models.caffe.LayerParams.EltwiseOperation;
import dev.convscope.models.caffe.LayerParams.NormRegion;
import dev.convscope.models.caffe.LayerParams.PoolMethod;
import dev.convscope.models.caffe.LayerParams.RoundMode;
import dev.convscope.models.caffe.format.CaffeMessages.ConcatParameter;
import dev.convscope.models.caffe.format.CaffeMessages.ConvolutionParameter;
import dev.convscope.models.caffe.format.CaffeMessages.EltwiseParameter;
import dev.convscope.models.caffe.format.CaffeMessages.LRNParameter;
import dev.convscope.models.caffe.format.CaffeMessages.LayerParameter;
import dev.convscope.models.caffe.format.CaffeMessages.PoolingParameter;
import dev.convscope.models.caffe.format.CaffeMessages.ScaleParameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A layer's settings from its message: the file format's defaults (the generated getters return
 * them for unset fields), the repeated and _h/_w forms of kernel, stride, pad and dilation
 * resolved, and the checks Caffe makes on them when it sets a layer up.
 */
final class LayerParamsReader {

  private final String layer;

  private LayerParamsReader(String layer) {
    this.layer = layer;
  }

  static LayerParams read(LayerParameter message, CaffeLayerType type) {
    LayerParamsReader reader = new LayerParamsReader(message.getName());
    return switch (type) {
      case CONVOLUTION -> reader.convolution(message.getConvolutionParam());
      case POOLING -> reader.pooling(message.getPoolingParam());
      case INNER_PRODUCT -> reader.innerProduct(message);
      case RELU -> new LayerParams.ReLU(message.getReluParam().getNegativeSlope());
      case LRN -> reader.lrn(message.getLrnParam());
      case DROPOUT -> reader.dropout(message.getDropoutParam().getDropoutRatio());
      case SOFTMAX -> new LayerParams.Softmax(message.getSoftmaxParam().getAxis());
      case CONCAT -> reader.concat(message.getConcatParam());
      case ELTWISE -> reader.eltwise(message.getEltwiseParam(), message.getBottomCount());
      case BATCH_NORM -> batchNorm(message);
      case SCALE -> reader.scale(message.getScaleParam());
      case FLATTEN ->
          new LayerParams.Flatten(
              message.getFlattenParam().getAxis(), message.getFlattenParam().getEndAxis());
      case SIGMOID, TANH, INPUT -> new LayerParams.None();
    };
  }

  private LayerParams convolution(ConvolutionParameter p) {
    int numOutput = positive(p.getNumOutput(), "num_output");
    int group = positive(p.getGroup(), "group");
    boolean kernelPair = p.hasKernelH() || p.hasKernelW();
    if (!kernelPair && p.getKernelSizeCount() == 0) {
      throw error("sets no kernel_size (nor kernel_h and kernel_w)");
    }
    int[] kernel =
        spatial(
            "kernel_size",
            "kernel",
            kernelPair,
            p.getKernelH(),
            p.getKernelW(),
            p.getKernelSizeList(),
            0);
    int[] stride =
        spatial(
            "stride",
            "stride",
            p.hasStrideH() || p.hasStrideW(),
            p.getStrideH(),
            p.getStrideW(),
            p.getStrideList(),
            1);
    int[] pad =
        spatial(
            "pad", "pad", p.hasPadH() || p.hasPadW(), p.getPadH(), p.getPadW(), p.getPadList(), 0);
    int[] dilation = perAxis(p.getDilationList(), "dilation", 1);
    for (int axis = 0; axis < 2; axis++) {
      positive(kernel[axis], "the kernel size");
      positive(stride[axis], "the stride");
      positive(dilation[axis], "the dilation");
      nonNegative(pad[axis], "the pad");
    }
    return new LayerParams.Convolution(
        numOutput,
        kernel[0],
        kernel[1],
        stride[0],
        stride[1],
        pad[0],
        pad[1],
        dilation[0],
        dilation[1],
        group,
        p.getBiasTerm(),
        p.getAxis());
  }

  private LayerParams pooling(PoolingParameter p) {
    if (p.getPool() == PoolingParameter.PoolMethod.STOCHASTIC) {
      throw error("pools with method STOCHASTIC, which is not supported; MAX and AVE are");
    }
    PoolMethod method =
        p.getPool() == PoolingParameter.PoolMethod.MAX ? PoolMethod.MAX : PoolMethod.AVE;
    boolean global = p.getGlobalPooling();
    int kernelH = 0;
    int kernelW = 0;
    if (global) {
      if (p.hasKernelSize() || p.hasKernelH() || p.hasKernelW()) {
        throw error("sets a kernel size with global_pooling; the kernel is the whole input");
      }
    } else if (p.hasKernelSize()) {
      refuseBoth(p.hasKernelH() || p.hasKernelW(), "kernel_size", "kernel_h/kernel_w");
      kernelH = kernelW = positive(p.getKernelSize(), "kernel_size");
    } else if (p.hasKernelH() && p.hasKernelW()) {
      kernelH = positive(p.getKernelH(), "kernel_h");
      kernelW = positive(p.getKernelW(), "kernel_w");
    } else {
      throw error("sets no kernel_size (nor both kernel_h and kernel_w)");
    }
    int padH = p.getPad();
    int padW = p.getPad();
    if (p.hasPadH() || p.hasPadW()) {
      pair(p.hasPad(), p.hasPadH() && p.hasPadW(), "pad");
      padH = p.getPadH();
      padW = p.getPadW();
    }
    int strideH = p.getStride();
    int strideW = p.getStride();
    if (p.hasStrideH() || p.hasStrideW()) {
      pair(p.hasStride(), p.hasStrideH() && p.hasStrideW(), "stride");
      strideH = p.getStrideH();
      strideW = p.getStrideW();
    }
    positive(strideH, "the stride");
    positive(strideW, "the stride");
    nonNegative(padH, "the pad");
    nonNegative(padW, "the pad");
    if (global && (padH != 0 || padW != 0 || strideH != 1 || strideW != 1)) {
      throw error("pools globally with a pad or stride; global pooling takes pad 0 and stride 1");
    }
    if (!global && (padH >= kernelH || padW >= kernelW)) {
      throw error(
          "pads by "
              + padH
              + "x"
              + padW
              + " with a "
              + kernelH
              + "x"
              + kernelW
              + " kernel; the pad must be smaller than the kernel");
    }
    RoundMode round =
        p.getRoundMode() == PoolingParameter.RoundMode.FLOOR ? RoundMode.FLOOR : RoundMode.CEIL;
    return new LayerParams.Pooling(
        method, kernelH, kernelW, strideH, strideW, padH, padW, global, round);
  }

  private LayerParams innerProduct(LayerParameter message) {
    var p = message.getInnerProductParam();
    return new LayerParams.InnerProduct(
        positive(p.getNumOutput(), "num_output"), p.getBiasTerm(), p.getAxis(), p.getTranspose());
  }

  private LayerParams lrn(LRNParameter p) {
    int size = positive(p.getLocalSize(), "local_size");
    if (size % 2 == 0) {
      throw error("has local_size " + size + "; Caffe's LRN takes odd sizes only");
    }
    NormRegion region =
        p.getNormRegion() == LRNParameter.NormRegion.WITHIN_CHANNEL
            ? NormRegion.WITHIN_CHANNEL
            : NormRegion.ACROSS_CHANNELS;
    return new LayerParams.Lrn(size, p.getAlpha(), p.getBeta(), p.getK(), region);
  }

  private LayerParams dropout(float ratio) {
    if (!(ratio > 0 && ratio < 1)) {
      throw error("has dropout_ratio " + ratio + "; it must lie strictly between 0 and 1");
    }
    return new LayerParams.Dropout(ratio);
  }

  private LayerParams concat(ConcatParameter p) {
    refuseBoth(p.hasAxis() && p.hasConcatDim(), "axis", "concat_dim");
    if (p.hasConcatDim()) {
      return new LayerParams.Concat(nonNegative(p.getConcatDim(), "concat_dim"));
    }
    return new LayerParams.Concat(p.getAxis());
  }

  private LayerParams eltwise(EltwiseParameter p, int bottoms) {
    EltwiseOperation operation =
        switch (p.getOperation()) {
          case PROD -> EltwiseOperation.PROD;
          case SUM -> EltwiseOperation.SUM;
          case MAX -> EltwiseOperation.MAX;
        };
    int given = p.getCoeffCount();
    if (given > 0 && operation != EltwiseOperation.SUM) {
      throw error("gives coefficients to operation " + operation + "; only SUM takes them");
    }
    if (given > 0 && given != bottoms) {
      throw error(
          "gives coefficients "
              + p.getCoeffList()
              + " for "
              + bottoms
              + " bottoms; one per bottom");
    }
    List<Float> coefficients =
        given > 0 ? p.getCoeffList() : new ArrayList<>(Collections.nCopies(bottoms, 1f));
    return new LayerParams.Eltwise(operation, coefficients);
  }

  private static LayerParams batchNorm(LayerParameter message) {
    var p = message.getBatchNormParam();
    // Deploy networks run in the TEST phase, where Caffe uses the stored statistics by default.
    boolean useGlobalStats = !p.hasUseGlobalStats() || p.getUseGlobalStats();
    return new LayerParams.BatchNorm(p.getEps(), useGlobalStats, p.getMovingAverageFraction());
  }

  private LayerParams scale(ScaleParameter p) {
    if (p.getNumAxes() < -1) {
      throw error("has num_axes " + p.getNumAxes() + "; it must be -1 (to the last axis) or more");
    }
    return new LayerParams.Scale(p.getAxis(), p.getNumAxes(), p.getBiasTerm());
  }

  /** A value per spatial axis: the _h/_w pair if either half is set, else the repeated field. */
  private int[] spatial(
      String field,
      String pair,
      boolean pairSet,
      int height,
      int width,
      List<Integer> values,
      int fallback) {
    if (pairSet) {
      refuseBoth(!values.isEmpty(), field, pair + "_h/" + pair + "_w");
      return new int[] {height, width};
    }
    return perAxis(values, field, fallback);
  }

  /** A value given once for both spatial axes or once per axis; the default when not given. */
  private int[] perAxis(List<Integer> values, String field, int fallback) {
    return switch (values.size()) {
      case 0 -> new int[] {fallback, fallback};
      case 1 -> new int[] {values.get(0), values.get(0)};
      case 2 -> new int[] {values.get(0), values.get(1)};
      default ->
          throw error(
              "gives "
                  + field
                  + " "
                  + values.size()
                  + " times; a 2-D convolution takes it once or once per spatial axis");
    };
  }

  /** Pooling takes a value once ("pad") or as a full pair ("pad_h" and "pad_w"), not a mix. */
  private void pair(boolean once, boolean bothHalves, String field) {
    if (once || !bothHalves) {
      throw error(
          "sets "
              + field
              + " as "
              + (once ? field + " and " : "")
              + field
              + "_h/"
              + field
              + "_w; give "
              + field
              + ", or both "
              + field
              + "_h and "
              + field
              + "_w");
    }
  }

  private void refuseBoth(boolean both, String one, String other) {
    if (both) {
      throw error("sets both " + one + " and " + other + "; give one or the other");
    }
  }

  /** uint32 fields arrive as Java ints: values over 2^31 - 1 are negative and refused too. */
  private int positive(int value, String what) {
    if (value <= 0) {
      throw error("has " + what + " " + Integer.toUnsignedString(value) + "; it must be positive");
    }
    return value;
  }

  private int nonNegative(int value, String what) {
    if (value < 0) {
      throw error("has " + what + " " + Integer.toUnsignedString(value) + "; it is too large");
    }
    return value;
  }

  private CaffeFormatException error(String what) {
    return new CaffeFormatException("layer '" + layer + "' " + what);
  }
}
