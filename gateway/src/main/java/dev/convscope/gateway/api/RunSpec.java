package dev.convscope.gateway.api;

import java.util.List;

/**
 * A run of an image already in the bucket, as a JSON body. Every field but {@code image_key} may be
 * left out; the defaults are those of the query parameters of an uploaded image's run.
 */
public record RunSpec(
    String imageKey,
    String model,
    Integer topK,
    String colormap,
    Integer maxWidth,
    Boolean normalize,
    List<String> layers,
    List<Integer> channels,
    Integer firstChannels,
    Boolean skipWeights,
    Boolean npy) {}
