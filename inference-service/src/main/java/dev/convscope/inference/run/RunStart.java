package dev.convscope.inference.run;

/**
 * What a run announces before its first result.
 *
 * @param layerCount how many layer results will follow (activations and weights)
 */
public record RunStart(
    String model, String modelDigest, String imageDigest, boolean pretrained, int layerCount) {}
