package dev.convscope.gateway.run;

/**
 * What the inference service says when a run starts: what runs on what, and how many layers follow.
 *
 * @param model the model's name as asked
 * @param modelDigest the {@code sha256:} name of the weights that run
 * @param imageDigest the SHA-256 of the image's bytes, in hex
 * @param pretrained whether the weights were trained (false: seeded random weights)
 */
public record RunStart(
    String model, String modelDigest, String imageDigest, boolean pretrained, int layerCount)
    implements InferenceEvent {}
