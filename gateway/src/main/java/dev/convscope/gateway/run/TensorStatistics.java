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
 * @param zeroCount values exactly zero
 * @param deadChannels for a rectified activation, the channels never above zero on this input
 * @param saturatedCount for a sigmoid or tanh activation, values within 1e-3 of its bounds
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
    List<Float> channelMaxima,
    long zeroCount,
    List<Integer> deadChannels,
    long saturatedCount) {

  public TensorStatistics {
    deadChannels = List.copyOf(deadChannels);
    counts = List.copyOf(counts);
    centers = List.copyOf(centers);
    ticks = List.copyOf(ticks);
    channelMeans = List.copyOf(channelMeans);
    channelMaxima = List.copyOf(channelMaxima);
  }
}
