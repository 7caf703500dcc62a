package dev.convscope.models.caffe;

import dev.convscope.models.caffe.format.CaffeMessages.LayerParameter;
import dev.convscope.models.caffe.format.CaffeMessages.V1LayerParameter;

/**
 * A V1 layer ({@code layers}, as in files written before 2015) rewritten as a current one, the way
 * Caffe upgrades such files: the enum type becomes Caffe's type name, and the settings, which are
 * the same messages under other field numbers, move over unchanged.
 */
final class V1Layers {

  private V1Layers() {}

  static LayerParameter upgrade(V1LayerParameter v1) {
    if (v1.hasLayer()) {
      throw new CaffeFormatException(
          "the network's layers are in the V0 format of 2014 and before, which is not supported;"
              + " upgrade the file with Caffe's upgrade_net_proto_text");
    }
    LayerParameter.Builder layer =
        LayerParameter.newBuilder()
            .setName(v1.getName())
            .setType(typeName(v1.getType()))
            .addAllBottom(v1.getBottomList())
            .addAllTop(v1.getTopList())
            .addAllBlobs(v1.getBlobsList())
            .addAllInclude(v1.getIncludeList())
            .addAllExclude(v1.getExcludeList());
    if (v1.hasConcatParam()) {
      layer.setConcatParam(v1.getConcatParam());
    }
    if (v1.hasConvolutionParam()) {
      layer.setConvolutionParam(v1.getConvolutionParam());
    }
    if (v1.hasDropoutParam()) {
      layer.setDropoutParam(v1.getDropoutParam());
    }
    if (v1.hasEltwiseParam()) {
      layer.setEltwiseParam(v1.getEltwiseParam());
    }
    if (v1.hasInnerProductParam()) {
      layer.setInnerProductParam(v1.getInnerProductParam());
    }
    if (v1.hasLrnParam()) {
      layer.setLrnParam(v1.getLrnParam());
    }
    if (v1.hasPoolingParam()) {
      layer.setPoolingParam(v1.getPoolingParam());
    }
    if (v1.hasReluParam()) {
      layer.setReluParam(v1.getReluParam());
    }
    if (v1.hasSoftmaxParam()) {
      layer.setSoftmaxParam(v1.getSoftmaxParam());
    }
    return layer.build();
  }

  /**
   * Caffe's name for a V1 type this reader builds; any other keeps its V1 spelling ("DATA",
   * "SOFTMAX_LOSS"), so that the refusal names the type as the file wrote it.
   */
  static String typeName(V1LayerParameter.LayerType type) {
    return switch (type) {
      case CONCAT -> "Concat";
      case CONVOLUTION -> "Convolution";
      case DROPOUT -> "Dropout";
      case ELTWISE -> "Eltwise";
      case FLATTEN -> "Flatten";
      case INNER_PRODUCT -> "InnerProduct";
      case LRN -> "LRN";
      case POOLING -> "Pooling";
      case RELU -> "ReLU";
      case SIGMOID -> "Sigmoid";
      case SOFTMAX -> "Softmax";
      case TANH -> "TanH";
      default -> type.name();
    };
  }
}
