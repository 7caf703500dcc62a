package dev.convscope.models.caffe;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The layer types this reader builds, each under Caffe's own name for it (the {@code type} string
 * of a current file; V1 files' enum values are translated to the same names), with how many bottoms
 * and tops it takes and whether it may compute in place (top named as its bottom).
 */
public enum CaffeLayerType {
  INPUT("Input", 0, 0, false),
  CONVOLUTION("Convolution", 1, 1, false),
  POOLING("Pooling", 1, 1, false),
  INNER_PRODUCT("InnerProduct", 1, 1, false),
  RELU("ReLU", 1, 1, true),
  SIGMOID("Sigmoid", 1, 1, true),
  TANH("TanH", 1, 1, true),
  LRN("LRN", 1, 1, false),
  DROPOUT("Dropout", 1, 1, true),
  SOFTMAX("Softmax", 1, 1, false),
  CONCAT("Concat", 1, Integer.MAX_VALUE, false),
  ELTWISE("Eltwise", 2, Integer.MAX_VALUE, false),
  BATCH_NORM("BatchNorm", 1, 1, true),
  SCALE("Scale", 1, 2, true),
  FLATTEN("Flatten", 1, 1, false);

  private final String caffeName;
  private final int minBottoms;
  private final int maxBottoms;
  private final boolean inPlace;

  CaffeLayerType(String caffeName, int minBottoms, int maxBottoms, boolean inPlace) {
    this.caffeName = caffeName;
    this.minBottoms = minBottoms;
    this.maxBottoms = maxBottoms;
    this.inPlace = inPlace;
  }

  /** Caffe's name: "Convolution", "InnerProduct", "ReLU", "LRN", ... */
  public String caffeName() {
    return caffeName;
  }

  public int minBottoms() {
    return minBottoms;
  }

  public int maxBottoms() {
    return maxBottoms;
  }

  /** Whether a top may name the layer's bottom at the same index (Caffe's in-place layers). */
  public boolean computesInPlace() {
    return inPlace;
  }

  /** The type of that Caffe name (case matters, as in Caffe), if this reader builds it. */
  public static Optional<CaffeLayerType> tryParse(String caffeName) {
    return Arrays.stream(values()).filter(t -> t.caffeName.equals(caffeName)).findFirst();
  }

  /** "Input, Convolution, Pooling, ...": for messages that refuse another type. */
  public static String supportedNames() {
    return Arrays.stream(values()).map(CaffeLayerType::caffeName).collect(Collectors.joining(", "));
  }
}
