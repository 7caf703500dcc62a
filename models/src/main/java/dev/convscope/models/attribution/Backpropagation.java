package dev.convscope.models.attribution;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One image's pass forward and back for one class, channels first throughout.
 *
 * @param score the class's score (its logit) for the image
 * @param classes how many class scores the network has
 * @param inputGradient the score's gradient with respect to the network's input, (1, C, H, W)
 * @param activations the output of each blob that was asked for, with the batch axis
 * @param gradients the score's gradient with respect to each of those outputs
 */
public record Backpropagation(
    float score,
    int classes,
    INDArray inputGradient,
    Map<String, INDArray> activations,
    Map<String, INDArray> gradients) {}
