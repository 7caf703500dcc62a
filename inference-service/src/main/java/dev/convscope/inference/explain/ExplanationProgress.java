package dev.convscope.inference.explain;

/** Told after each gradient pass of an explanation, counted over every class and method. */
@FunctionalInterface
public interface ExplanationProgress {

  ExplanationProgress IGNORED = (done, total) -> {};

  void passed(int passesDone, int passesTotal);
}
