package dev.convscope.cli.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convscope.render.TensorStatistics;

/**
 * Statistics as the conformance suite's {@code expected_stats.json} holds them (mean, stddev,
 * counts written as floats, centers, ticks), plus min, max and the counts of all, NaN and infinite
 * values.
 */
public final class StatisticsJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatisticsJson() {}

  public static String write(TensorStatistics statistics) {
    ObjectNode root = JSON.createObjectNode();
    root.put("mean", statistics.mean());
    root.put("stddev", statistics.stddev());
    ArrayNode counts = root.putArray("counts");
    for (long count : statistics.counts()) {
      counts.add((double) count);
    }
    ArrayNode centers = root.putArray("centers");
    for (double center : statistics.centers()) {
      centers.add(center);
    }
    ArrayNode ticks = root.putArray("ticks");
    for (double tick : statistics.ticks()) {
      ticks.add(tick);
    }
    root.put("min", statistics.min());
    root.put("max", statistics.max());
    root.put("value_count", statistics.valueCount());
    root.put("nan_count", statistics.nanCount());
    root.put("infinite_count", statistics.infiniteCount());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("statistics are plain numbers and always serialise", e);
    }
  }
}
