package dev.convscope.inference.training;

/** How long and in what steps to train, and the seed every random choice is drawn from. */
public record TrainingSettings(int epochs, int batchSize, long seed) {

  public TrainingSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, not " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
    }
  }
}
