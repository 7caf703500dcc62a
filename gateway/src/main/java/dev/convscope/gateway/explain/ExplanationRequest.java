package dev.convscope.gateway.explain;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a client asks to have explained; the inference service fills in the defaults and checks
 * every name (method, layer, colormap) and limit.
 *
 * @param classIndex the class to explain; empty for the {@code topK} most probable
 * @param topK 0 for the service's default (1)
 * @param methods empty for the service's default (saliency and Grad-CAM)
 * @param layer Grad-CAM's layer; empty for the model's default
 * @param samples SmoothGrad's samples; 0 for the default
 * @param steps integrated gradients' steps; 0 for the default
 * @param colormap empty for the default
 */
public record ExplanationRequest(
    String model,
    byte[] image,
    OptionalInt classIndex,
    int topK,
    List<String> methods,
    String layer,
    int samples,
    int steps,
    String colormap) {

  public ExplanationRequest {
    methods = List.copyOf(methods);
  }
}
