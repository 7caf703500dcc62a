package dev.convscope.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One line of {@code visualize} output per activation: the share of exact zeros, the dead channels
 * (named, up to {@link #NAMED}), saturated units, NaN and infinite values, as the run reported
 * them.
 */
final class LayerHealthLine {

  /** Dead channels named on the line; more are counted only. */
  static final int NAMED = 8;

  private LayerHealthLine() {}

  static String of(JsonNode layer) {
    JsonNode statistics = layer.path("statistics");
    long values = Math.max(1, statistics.path("value_count").asLong());
    List<String> parts = new ArrayList<>();
    parts.add(
        String.format(
            Locale.ROOT,
            "zeros %5.1f %%",
            100.0 * statistics.path("zero_count").asLong() / values));
    JsonNode dead = statistics.path("dead_channels");
    if (!dead.isEmpty()) {
      List<String> named = new ArrayList<>();
      dead.forEach(channel -> named.add(channel.asText()));
      String listed =
          named.stream().limit(NAMED).collect(Collectors.joining(", "))
              + (named.size() > NAMED ? ", ..." : "");
      parts.add(
          "dead "
              + named.size()
              + "/"
              + statistics.path("channel_maxima").size()
              + " ("
              + listed
              + ")");
    }
    addCount(parts, "saturated", statistics.path("saturated_count").asLong());
    addCount(parts, "NaN", statistics.path("nan_count").asLong());
    addCount(parts, "infinite", statistics.path("infinite_count").asLong());
    return String.format(
        Locale.ROOT, "  %-16s %s", layer.path("name").asText(), String.join("  ", parts));
  }

  private static void addCount(List<String> parts, String name, long count) {
    if (count > 0) {
      parts.add(name + " " + count);
    }
  }
}
