package dev.convscope.gateway.run;

import java.util.List;

/**
 * The top predictions of a run, most probable first, and whether the weights that made them were
 * trained.
 */
public record Predictions(List<Prediction> ranked, Weights weights)
    implements RunEvent, InferenceEvent {

  public Predictions {
    ranked = List.copyOf(ranked);
  }

  /** The most probable class's index, or -1 when there are no predictions. */
  public int top() {
    return ranked.isEmpty() ? -1 : ranked.get(0).classIndex();
  }

  /** True when seeded weights made them, and whoever shows them must say so. */
  public boolean fromUntrainedWeights() {
    return weights == Weights.UNTRAINED;
  }
}
