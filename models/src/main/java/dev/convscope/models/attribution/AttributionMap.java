package dev.convscope.models.attribution;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One method's answer for one class: a map over the input image, and the values it came from.
 *
 * @param classIndex the class explained
 * @param score the class's score (logit) for the image
 * @param layer the layer a Grad-CAM map was taken at; empty for the other methods
 * @param map one value per input pixel, (H, W): what the picture draws
 * @param values the method's values before they became a map: (C, H, W) over the input for the
 *     gradient methods, the layer's (h, w) map before upsampling for Grad-CAM
 */
public record AttributionMap(
    AttributionMethod method,
    int classIndex,
    float score,
    String layer,
    INDArray map,
    INDArray values) {}
