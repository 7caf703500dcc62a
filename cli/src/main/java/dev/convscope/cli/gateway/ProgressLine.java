package dev.convscope.cli.gateway;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on one terminal line, redrawn in place with a carriage return: "[=====> ] 5/12
 * conv2". {@link #done} leaves the finished line standing.
 */
final class ProgressLine {

  private static final int BAR_WIDTH = 30;

  private final PrintWriter out;
  private int drawnLength;

  ProgressLine(PrintWriter out) {
    this.out = out;
  }

  /** Shows {@code done} of {@code total} steps, with a word on the current one. */
  void show(int done, int total, String label) {
    int clamped = Math.max(0, Math.min(done, total));
    int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * clamped / total);
    String bar =
        "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
    int percent = total == 0 ? 100 : (int) (100L * clamped / total);
    redraw(String.format(Locale.ROOT, "[%s] %3d%%  %d/%d  %s", bar, percent, done, total, label));
  }

  /** Ends the line, so what follows starts on a new one. */
  void done() {
    if (drawnLength > 0) {
      out.println();
      out.flush();
      drawnLength = 0;
    }
  }

  private void redraw(String line) {
    // Blank out what is left of a longer previous line.
    String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
    out.print("\r" + line + padding);
    out.flush();
    drawnLength = line.length();
  }
}
