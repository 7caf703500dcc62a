package dev.convscope.models.training;

/** What a training run reports as it goes. */
public interface TrainingProgress {

  /**
   * After each batch.
   *
   * @param batch 1-based, of {@code batches} in the epoch
   * @param loss this batch's loss
   * @param imagesPerSecond over the epoch so far
   */
  void batchDone(
      int epoch, int epochs, int batch, int batches, double loss, double imagesPerSecond);

  /** After each epoch, once the test images are scored. */
  void epochDone(EpochSummary summary);
}
