package dev.convscope.models.training;

import dev.convscope.models.evaluation.Accuracy;
import java.time.Duration;

/**
 * One finished epoch: its mean training loss, the accuracy on the test images after it, and how
 * long the training part took (the test pass not included).
 */
public record EpochSummary(
    int epoch,
    int epochs,
    double meanLoss,
    Accuracy testAccuracy,
    int images,
    Duration trainingTime) {

  public double imagesPerSecond() {
    double seconds = trainingTime.toNanos() / 1e9;
    return seconds == 0 ? 0 : images / seconds;
  }
}
