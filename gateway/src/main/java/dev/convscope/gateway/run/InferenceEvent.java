package dev.convscope.gateway.run;

/**
 * What the inference service tells of a run as it goes: it started, its predictions, then every
 * drawn layer.
 */
public sealed interface InferenceEvent permits RunStart, Predictions, DrawnLayer {}
