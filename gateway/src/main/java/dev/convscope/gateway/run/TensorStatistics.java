package dev.convscope.gateway.run;

import java.util.List;

/**
 * Summary numbers of a tensor's values, with the histogram drawn beside each picture.
 *
 * @param counts the histogram's bar heights
 * @param centers each bar's centre value
 * @param ticks where the histogram's axis is labelled
 * @param channelMeans each channel's mean (activations), for data-set jobs' tallies
 * @param channelMaxima each channel's largest value
 */
public record TensorStatistics(
    double mean,
    double stddev,
    double min,
    double max,
    List<Long> counts,
    List<Double> centers,
    List<Double> ticks,
    long nanCount,
    long infiniteCount,
    long valueCount,
    List<Float> channelMeans,
    List<Float> channelMaxima) {

  public TensorStatistics {
    counts = List.copyOf(counts);
    centers = List.copyOf(centers);
    ticks = List.copyOf(ticks);
    channelMeans = List.copyOf(channelMeans);
    channelMaxima = List.copyOf(channelMaxima);
  }
}
