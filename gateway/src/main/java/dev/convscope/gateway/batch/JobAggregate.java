package dev.convscope.gateway.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a shard (or a whole job) has seen so far, in a form that adds up: counts, a confusion
 * matrix, per class the sum of each channel's mean activation, and per channel the images that
 * excited it most. Shards are merged into the job's summary; the order they finish in changes
 * nothing (ties rank the lower item first).
 */
public final class JobAggregate {

  /** Items run, failed ones included. */
  public int items;

  /** Items that could not be run. */
  public int failed;

  /** Items whose top prediction was their label. */
  public int correct;

  /** [label][predicted] counts; empty for an unlabelled data set. */
  public long[][] confusion = new long[0][];

  /** Per activation layer, in network order. */
  public Map<String, LayerTally> layers = new LinkedHashMap<>();

  /** The first failures, with the reason, so a person can look at those images. */
  public List<Failure> failures = new ArrayList<>();

  static final int FAILURES_KEPT = 100;

  /** One layer's tallies. */
  public static final class LayerTally {

    /** Sum of each channel's mean activation, per class: [class][channel]. */
    public double[][] classMeanSums;

    /** Items per class that went into {@link #classMeanSums}. */
    public long[] classCounts;

    /** Per channel, the items that excited it most (by the channel's maximum), highest first. */
    public List<List<TopEntry>> top;

    /** Per channel, the highest of its maxima over every item; null in tallies from before. */
    public float[] highestMaxima;

    /** Per channel, the lowest of its maxima over every item; null in tallies from before. */
    public float[] lowestMaxima;

    /** How far a channel's maximum may vary, as a share of the layer's range, to be constant. */
    static final double CONSTANT_SHARE = 1e-6;

    /** The channels whose maximum was never above zero on any item: they never fired. */
    public int[] neverFired() {
      if (highestMaxima == null) {
        return new int[0];
      }
      return java.util.stream.IntStream.range(0, highestMaxima.length)
          .filter(c -> highestMaxima[c] <= 0)
          .toArray();
    }

    /**
     * The channels whose maximum varied by less than {@link #CONSTANT_SHARE} of the layer's range
     * (from its lowest channel maximum to its highest) over every item: they tell the items apart
     * no more than a constant would. A layer whose maxima never vary at all has every channel so.
     */
    public int[] constant() {
      if (highestMaxima == null || highestMaxima.length == 0) {
        return new int[0];
      }
      double highest = Double.NEGATIVE_INFINITY;
      double lowest = Double.POSITIVE_INFINITY;
      for (int c = 0; c < highestMaxima.length; c++) {
        highest = Math.max(highest, highestMaxima[c]);
        lowest = Math.min(lowest, lowestMaxima[c]);
      }
      double range = highest - lowest;
      return java.util.stream.IntStream.range(0, highestMaxima.length)
          .filter(c -> highestMaxima[c] - lowestMaxima[c] <= CONSTANT_SHARE * range)
          .toArray();
    }

    /** Takes one item's channel maxima (or another tally's extremes) into the extremes. */
    void extend(float[] highest, float[] lowest) {
      if (highestMaxima == null) {
        highestMaxima = highest.clone();
        lowestMaxima = lowest.clone();
        return;
      }
      for (int c = 0; c < highest.length; c++) {
        highestMaxima[c] = Math.max(highestMaxima[c], highest[c]);
        lowestMaxima[c] = Math.min(lowestMaxima[c], lowest[c]);
      }
    }
  }

  /** An item and the value it reached in one channel. */
  public record TopEntry(int item, float value, String runId) {}

  /** An item that could not be run, and why. */
  public record Failure(int item, String name, String detail) {}

  /** What one run of one item contributes. */
  public record ItemOutcome(
      int item,
      int label,
      int predicted,
      String runId,
      Map<String, float[]> channelMaxima,
      Map<String, float[]> channelMeans) {}

  void add(ItemOutcome outcome, int classes, int topN) {
    items++;
    if (outcome.label() >= 0 && outcome.label() < classes) {
      ensureConfusion(classes);
      confusion[outcome.label()][outcome.predicted()]++;
      if (outcome.label() == outcome.predicted()) {
        correct++;
      }
    }
    // Per class means follow the label, or the prediction when there is none.
    int group =
        outcome.label() >= 0 && outcome.label() < classes ? outcome.label() : outcome.predicted();
    outcome
        .channelMeans()
        .forEach(
            (layer, means) -> {
              LayerTally tally = tally(layer, classes, means.length, topN);
              for (int c = 0; c < means.length; c++) {
                tally.classMeanSums[group][c] += means[c];
              }
              tally.classCounts[group]++;
              float[] maxima = outcome.channelMaxima().get(layer);
              tally.extend(maxima, maxima);
              for (int c = 0; c < maxima.length; c++) {
                offer(
                    tally.top.get(c),
                    new TopEntry(outcome.item(), maxima[c], outcome.runId()),
                    topN);
              }
            });
  }

  void fail(int item, String name, String detail) {
    items++;
    failed++;
    if (failures.size() < FAILURES_KEPT) {
      failures.add(new Failure(item, name, detail));
    }
  }

  /** Adds another shard's tallies to these. */
  void merge(JobAggregate other, int classes, int topN) {
    items += other.items;
    failed += other.failed;
    correct += other.correct;
    if (other.confusion.length > 0) {
      ensureConfusion(classes);
      for (int i = 0; i < other.confusion.length; i++) {
        for (int j = 0; j < other.confusion[i].length; j++) {
          confusion[i][j] += other.confusion[i][j];
        }
      }
    }
    other.layers.forEach(
        (layer, theirs) -> {
          int channels = theirs.top.size();
          LayerTally ours = tally(layer, classes, channels, topN);
          for (int k = 0; k < classes; k++) {
            ours.classCounts[k] += theirs.classCounts[k];
            for (int c = 0; c < channels; c++) {
              ours.classMeanSums[k][c] += theirs.classMeanSums[k][c];
            }
          }
          for (int c = 0; c < channels; c++) {
            for (TopEntry entry : theirs.top.get(c)) {
              offer(ours.top.get(c), entry, topN);
            }
          }
          if (theirs.highestMaxima != null) {
            ours.extend(theirs.highestMaxima, theirs.lowestMaxima);
          }
        });
    for (Failure failure : other.failures) {
      if (failures.size() < FAILURES_KEPT) {
        failures.add(failure);
      }
    }
  }

  private void ensureConfusion(int classes) {
    if (confusion.length == 0) {
      confusion = new long[classes][classes];
    }
  }

  private LayerTally tally(String layer, int classes, int channels, int topN) {
    return layers.computeIfAbsent(
        layer,
        name -> {
          LayerTally tally = new LayerTally();
          tally.classMeanSums = new double[classes][channels];
          tally.classCounts = new long[classes];
          tally.top = new ArrayList<>(channels);
          for (int c = 0; c < channels; c++) {
            tally.top.add(new ArrayList<>(topN + 1));
          }
          return tally;
        });
  }

  /** Keeps {@code list} the {@code topN} highest entries, highest first, lower item on ties. */
  static void offer(List<TopEntry> list, TopEntry entry, int topN) {
    int at = list.size();
    while (at > 0 && ranksBefore(entry, list.get(at - 1))) {
      at--;
    }
    if (at < topN) {
      list.add(at, entry);
      if (list.size() > topN) {
        list.remove(list.size() - 1);
      }
    }
  }

  private static boolean ranksBefore(TopEntry a, TopEntry b) {
    return a.value() > b.value() || (a.value() == b.value() && a.item() < b.item());
  }
}
