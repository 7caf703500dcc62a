package dev.convscope.models.attribution;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The ways Convscope answers "why this class?", each by the name users give it. */
public enum AttributionMethod {
  /** The input gradient's magnitude, the largest over the colour planes. */
  SALIENCY("saliency"),
  /** The input gradient times the input, summed over the colour planes. */
  GRADIENT_X_INPUT("gradient-x-input"),
  /** A layer's channels weighted by their mean gradient, summed, clipped at zero, upsampled. */
  GRAD_CAM("gradcam"),
  /** Saliency averaged over copies of the input with Gaussian noise added. */
  SMOOTH_GRAD("smoothgrad"),
  /** The input times the gradient averaged along the straight path from a zero baseline. */
  INTEGRATED_GRADIENTS("integrated-gradients");

  private final String id;

  AttributionMethod(String id) {
    this.id = id;
  }

  /** The name in options, file names and manifests. */
  public String id() {
    return id;
  }

  /** Whether the method runs the network many times (and so reports progress). */
  public boolean sampled() {
    return this == SMOOTH_GRAD || this == INTEGRATED_GRADIENTS;
  }

  /**
   * @throws IllegalArgumentException naming the known methods
   */
  public static AttributionMethod of(String id) {
    for (AttributionMethod method : values()) {
      if (method.id.equals(id)) {
        return method;
      }
    }
    throw new IllegalArgumentException(
        "unknown attribution method '"
            + id
            + "'; known: "
            + Arrays.stream(values()).map(AttributionMethod::id).collect(Collectors.joining(", ")));
  }
}
