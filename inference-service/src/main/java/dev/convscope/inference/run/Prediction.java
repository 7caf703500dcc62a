package dev.convscope.inference.run;

/** One of the most probable classes of a run. */
public record Prediction(int classIndex, String label, float probability) {}
