package dev.convscope.console;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on one terminal line, redrawn in place with a carriage return, with words before
 * and after it: {@code "epoch 1/2 [=====> ] 25%"} or {@code "[=====> ] 5/12 conv2"}. A shorter line
 * blanks out what is left of the longer one before it. {@link #end} leaves the line standing, so
 * what follows starts on a new one. For one thread.
 */
public final class ProgressBar {

  /** Characters between the brackets. */
  public static final int WIDTH = 30;

  private final PrintWriter out;
  private int drawnLength;

  public ProgressBar(PrintWriter out) {
    this.out = out;
  }

  /**
   * The bar for {@code done} of {@code total} steps with its percentage, {@code "[====> ] 50%"};
   * {@code done} is taken within 0..total, and nothing to do counts as done.
   */
  public static String bar(long done, long total) {
    long clamped = Math.max(0, Math.min(done, total));
    int filled = total <= 0 ? WIDTH : (int) (WIDTH * clamped / total);
    String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
    long percent = total <= 0 ? 100 : 100 * clamped / total;
    return String.format(Locale.ROOT, "[%s] %3d%%", bar, percent);
  }

  /** Redraws the line: {@code before}, the bar for {@code done} of {@code total}, {@code after}. */
  public void show(String before, long done, long total, String after) {
    redraw(before + bar(done, total) + after);
  }

  /** Redraws the line with the bar first, then {@code " done/total label"}. */
  public void show(long done, long total, String label) {
    show("", done, total, String.format(Locale.ROOT, "  %d/%d  %s", done, total, label));
  }

  /** Redraws the line with {@code text} alone (a summary in place of the bar, say). */
  public void redraw(String text) {
    String padding = " ".repeat(Math.max(0, drawnLength - text.length()));
    out.print("\r" + text + padding);
    out.flush();
    drawnLength = text.length();
  }

  /** Ends the line, when one is drawn, so what follows starts on a new one. */
  public void end() {
    if (drawnLength > 0) {
      out.println();
      out.flush();
      drawnLength = 0;
    }
  }
}
