package dev.convscope.models.training;

import dev.convscope.console.ProgressBar;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows training progress on one terminal line (the console's {@link ProgressBar}), and leaves one
 * line per finished epoch. Redraws at most every {@link #REDRAW_NANOS} (and always on an epoch's
 * first and last batch) so a log file does not fill up with every batch.
 */
public final class TrainingProgressBar implements TrainingProgress {

  static final long REDRAW_NANOS = 200_000_000L;

  private final ProgressBar line;
  private final LongSupplier nanoClock;
  private long lastDrawn;

  public TrainingProgressBar(PrintWriter out) {
    this(out, System::nanoTime);
  }

  TrainingProgressBar(PrintWriter out, LongSupplier nanoClock) {
    this.line = new ProgressBar(out);
    this.nanoClock = nanoClock;
  }

  @Override
  public void batchDone(
      int epoch, int epochs, int batch, int batches, double loss, double imagesPerSecond) {
    long now = nanoClock.getAsLong();
    if (batch != 1 && batch != batches && now - lastDrawn < REDRAW_NANOS) {
      return;
    }
    lastDrawn = now;
    int digits = String.valueOf(batches).length();
    line.show(
        String.format(
            Locale.ROOT,
            "epoch %d/%d  batch %" + digits + "d/%d  loss %.4f  %5.0f images/s  ",
            epoch,
            epochs,
            batch,
            batches,
            loss,
            imagesPerSecond),
        batch,
        batches,
        "");
  }

  @Override
  public void epochDone(EpochSummary summary) {
    line.redraw(
        String.format(
            Locale.ROOT,
            "epoch %d/%d  loss %.4f  test accuracy %.2f%% (%d/%d)  %.1f s  %.0f images/s",
            summary.epoch(),
            summary.epochs(),
            summary.meanLoss(),
            100 * summary.testAccuracy().overall(),
            summary.testAccuracy().correctImages(),
            summary.testAccuracy().images(),
            summary.trainingTime().toNanos() / 1e9,
            summary.imagesPerSecond()));
    line.end();
  }
}
