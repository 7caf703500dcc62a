package dev.convscope.models.training;

/** How long and in what steps to train, and the seed every random choice is drawn from. */
public record TrainingSettings(int epochs, int batchSize, long seed) {

  /** The settings the committed built-in model was trained with. */
  public static final int DEFAULT_EPOCHS = 5;

  public static final int DEFAULT_BATCH_SIZE = 64;
  public static final long DEFAULT_SEED = 42;

  public TrainingSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, not " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
    }
  }
}
