package dev.convscope.visualization.pipeline;

import dev.convscope.render.DrawingOptions;
import dev.convscope.render.Tensor;
import java.util.function.Supplier;

/**
 * One complete tensor to draw and store, with what its keys are made of.
 *
 * @param name the layer or blob name
 * @param weights true for a layer's parameters, false for an activation
 * @param modelDigest hex SHA-256 of the model, or empty
 * @param imageDigest hex SHA-256 of the image, or empty
 * @param contentDigest hex SHA-256 of the tensor's dtype, shape and bytes, computed on demand
 * @param exportNpy store the values too, as .npy
 * @param layerType the layer's type as the model names it; may be empty
 */
public record DrawRequest(
    String name,
    Tensor tensor,
    boolean weights,
    DrawingOptions options,
    String modelDigest,
    String imageDigest,
    Supplier<String> contentDigest,
    boolean exportNpy,
    String layerType) {}
