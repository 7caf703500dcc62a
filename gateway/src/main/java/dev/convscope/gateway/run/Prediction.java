package dev.convscope.gateway.run;

/** One class and the probability the network gave it. */
public record Prediction(int classIndex, String label, double probability) {}
