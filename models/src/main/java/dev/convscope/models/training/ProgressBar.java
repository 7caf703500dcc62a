package dev.convscope.models.training;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows training progress on one terminal line, redrawn in place with a carriage return, and leaves
 * one line per finished epoch. Redraws at most every {@link #REDRAW_NANOS} (and always on an
 * epoch's last batch) so a log file does not fill up with every batch.
 */
public final class ProgressBar implements TrainingProgress {

  static final long REDRAW_NANOS = 200_000_000L;
  private static final int BAR_WIDTH = 30;

  private final PrintWriter out;
  private final LongSupplier nanoClock;
  private long lastDrawn;
  private int drawnLength;

  public ProgressBar(PrintWriter out) {
    this(out, System::nanoTime);
  }

  ProgressBar(PrintWriter out, LongSupplier nanoClock) {
    this.out = out;
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
    int filled = (int) ((long) BAR_WIDTH * batch / batches);
    String bar =
        "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
    int digits = String.valueOf(batches).length();
    redraw(
        String.format(
            Locale.ROOT,
            "epoch %d/%d  batch %" + digits + "d/%d  loss %.4f  %5.0f images/s  [%s] %3d%%",
            epoch,
            epochs,
            batch,
            batches,
            loss,
            imagesPerSecond,
            bar,
            100L * batch / batches));
  }

  @Override
  public void epochDone(EpochSummary summary) {
    redraw(
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
    out.println();
    out.flush();
    drawnLength = 0;
  }

  private void redraw(String line) {
    // Blank out what is left of a longer previous line.
    String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
    out.print("\r" + line + padding);
    out.flush();
    drawnLength = line.length();
  }
}
