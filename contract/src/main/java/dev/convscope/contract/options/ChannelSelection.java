package dev.convscope.contract.options;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.convscope.contract.digest.Sha256;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which maps of a tensor to draw, in order: all of them, the first N (as the Caffe lab's {@code
 * data[0, :36]}), or a list of indices.
 */
public sealed interface ChannelSelection {

  ChannelSelection ALL = new All();

  /** The option's name on the wire. */
  String OPTION = "options.channels";

  /** The indices of the maps to draw, out of {@code count}. */
  int[] select(int count);

  /** A short, key-safe name of the selection ("" for all maps). */
  String keyPart();

  /** The selection written out in full ("all", "first:36", "indices:0,5,7"), for naming runs. */
  String canonical();

  static ChannelSelection first(int n) {
    if (n < 1) {
      throw new InvalidOptionException(
          OPTION, "channel selection: first " + n + " maps; expected at least 1");
    }
    return new First(n);
  }

  static ChannelSelection indices(int... indices) {
    if (indices.length == 0) {
      throw new InvalidOptionException(OPTION, "channel selection: the list of indices is empty");
    }
    for (int index : indices) {
      if (index < 0) {
        throw new InvalidOptionException(
            OPTION, "channel selection: index " + index + " is negative");
      }
    }
    return new Indices(indices.clone());
  }

  /**
   * Parses the command-line form: "all", "N" or ":N" for the first N maps, or a comma-separated
   * list of indices and ranges ("0,5,7-9").
   */
  static ChannelSelection parse(String spec) {
    String text = spec.strip();
    try {
      if (text.isEmpty() || text.equals("all")) {
        return ALL;
      }
      if (text.startsWith(":")) {
        return first(Integer.parseInt(text.substring(1)));
      }
      if (!text.contains(",") && !text.contains("-")) {
        return first(Integer.parseInt(text));
      }
      return indices(
          Arrays.stream(text.split(","))
              .map(String::strip)
              .flatMapToInt(
                  part -> {
                    int dash = part.indexOf('-', 1);
                    if (dash < 0) {
                      return java.util.stream.IntStream.of(Integer.parseInt(part));
                    }
                    int from = Integer.parseInt(part.substring(0, dash));
                    int to = Integer.parseInt(part.substring(dash + 1));
                    if (to < from) {
                      throw new IllegalArgumentException(
                          "channel range " + part + " runs backwards");
                    }
                    return java.util.stream.IntStream.rangeClosed(from, to);
                  })
              .toArray());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "channel selection '" + spec + "': expected all, N, :N or a list like 0,5,7-9");
    }
  }

  /** Every map. */
  record All() implements ChannelSelection {
    @Override
    public int[] select(int count) {
      int[] all = new int[count];
      Arrays.setAll(all, i -> i);
      return all;
    }

    @Override
    public String keyPart() {
      return "";
    }

    @Override
    public String canonical() {
      return "all";
    }
  }

  /** The first n maps, or all of them when there are fewer. */
  record First(int n) implements ChannelSelection {
    @Override
    public int[] select(int count) {
      return ALL.select(Math.min(n, count));
    }

    @Override
    public String keyPart() {
      return "first" + n;
    }

    @Override
    public String canonical() {
      return "first:" + n;
    }
  }

  /** Explicit map indices; each must be below the number of maps. */
  record Indices(int[] values) implements ChannelSelection {
    @Override
    public int[] select(int count) {
      for (int index : values) {
        if (index >= count) {
          throw new IllegalArgumentException(
              "channel selection: index "
                  + index
                  + " is out of range; the tensor has "
                  + count
                  + " maps");
        }
      }
      return values.clone();
    }

    @Override
    public String canonical() {
      return "indices:"
          + Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Override
    public String keyPart() {
      String listed =
          Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining("."));
      if (values.length <= 8) {
        return "ch" + listed;
      }
      // Long lists would make long keys: name them by a digest of the list instead.
      return "ch" + values.length + "x" + Sha256.hex(listed.getBytes(US_ASCII)).substring(0, 16);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Indices that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }
  }
}
