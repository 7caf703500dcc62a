package dev.convscope.gateway.explain;

/** Another gradient pass is done, counted over every class and method of the explanation. */
public record ExplanationProgress(int passesDone, int passesTotal) implements ExplanationEvent {}
