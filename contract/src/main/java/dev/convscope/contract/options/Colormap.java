package dev.convscope.contract.options;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A colormap as DIGITS defined it: per channel, a table of stops in [0, 1] spread evenly over the
 * values 0..255 and interpolated linearly. DIGITS' six tables are copied from the conformance
 * reference; gray and viridis are additions.
 */
public final class Colormap {

  public static final String DEFAULT = "jet";

  // The stop tables stay as the reference lays them out, not one number per line.
  // spotless:off
  private static final Map<String, Colormap> BY_NAME = new TreeMap<>(Map.ofEntries(
      // DIGITS' default.
      Map.entry("jet", new Colormap("jet",
        new double[] {
          0, 0, 0, 0, 0.5, 1, 1, 1, 0.5},
        new double[] {
          0, 0, 0.5, 1, 1, 1, 0.5, 0, 0},
        new double[] {
          0.5, 1, 1, 1, 0.5, 0, 0, 0, 0})),
      // Black, red, yellow, white.
      Map.entry("hot", new Colormap("hot",
        new double[] {
          0, 0.03968253968253968, 0.07936507936507936, 0.119047619047619, 0.1587301587301587,
          0.1984126984126984, 0.2380952380952381, 0.2777777777777778, 0.3174603174603174,
          0.3571428571428571, 0.3968253968253968, 0.4365079365079365, 0.4761904761904762,
          0.5158730158730158, 0.5555555555555556, 0.5952380952380952, 0.6349206349206349,
          0.6746031746031745, 0.7142857142857142, 0.753968253968254, 0.7936507936507936,
          0.8333333333333333, 0.873015873015873, 0.9126984126984127, 0.9523809523809523,
          0.992063492063492, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
          1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        new double[] {
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          0.03174603174603163, 0.0714285714285714, 0.1111111111111112, 0.1507936507936507,
          0.1904761904761905, 0.23015873015873, 0.2698412698412698, 0.3095238095238093,
          0.3492063492063491, 0.3888888888888888, 0.4285714285714284, 0.4682539682539679,
          0.5079365079365079, 0.5476190476190477, 0.5873015873015872, 0.6269841269841268,
          0.6666666666666665, 0.7063492063492065, 0.746031746031746, 0.7857142857142856,
          0.8253968253968254, 0.8650793650793651, 0.9047619047619047, 0.9444444444444442,
          0.984126984126984, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        new double[] {
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.04761904761904745,
          0.1269841269841265, 0.2063492063492056, 0.2857142857142856, 0.3650793650793656,
          0.4444444444444446, 0.5238095238095237, 0.6031746031746028, 0.6825396825396828,
          0.7619047619047619, 0.841269841269841, 0.92063492063492, 1})),
      // Red through green to violet.
      Map.entry("rainbow", new Colormap("rainbow",
        new double[] {
          1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
          0.9365079365079367, 0.8571428571428572, 0.7777777777777777, 0.6984126984126986,
          0.6190476190476191, 0.53968253968254, 0.4603174603174605, 0.3809523809523814,
          0.3015873015873018, 0.2222222222222223, 0.1428571428571432, 0.06349206349206415, 0, 0, 0,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.03174603174603208, 0.08465608465608465,
          0.1375661375661377, 0.1904761904761907, 0.2433862433862437, 0.2962962962962963,
          0.3492063492063493, 0.4021164021164023, 0.4550264550264553, 0.5079365079365079,
          0.5608465608465609, 0.613756613756614, 0.666666666666667},
        new double[] {
          0, 0.03968253968253968, 0.07936507936507936, 0.119047619047619, 0.1587301587301587,
          0.1984126984126984, 0.2380952380952381, 0.2777777777777778, 0.3174603174603174,
          0.3571428571428571, 0.3968253968253968, 0.4365079365079365, 0.4761904761904762,
          0.5158730158730158, 0.5555555555555556, 0.5952380952380952, 0.6349206349206349,
          0.6746031746031745, 0.7142857142857142, 0.753968253968254, 0.7936507936507936,
          0.8333333333333333, 0.873015873015873, 0.9126984126984127, 0.9523809523809523,
          0.992063492063492, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.9841269841269842,
          0.9047619047619047, 0.8253968253968256, 0.7460317460317465, 0.666666666666667,
          0.587301587301587, 0.5079365079365079, 0.4285714285714288, 0.3492063492063493,
          0.2698412698412698, 0.1904761904761907, 0.1111111111111116, 0.03174603174603208, 0, 0, 0,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        new double[] {
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          0, 0, 0, 0, 0, 0, 0, 0, 0.01587301587301582, 0.09523809523809534, 0.1746031746031744,
          0.2539682539682535, 0.333333333333333, 0.412698412698413, 0.4920634920634921,
          0.5714285714285712, 0.6507936507936507, 0.7301587301587302, 0.8095238095238093,
          0.8888888888888884, 0.9682539682539679, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})),
      // Blue to green; red has a single stop, so it is always 0.
      Map.entry("winter", new Colormap("winter",
        new double[] {
          0},
        new double[] {
          0, 1},
        new double[] {
          1, 0.5})),
      // Black, red, yellow, white in three steps.
      Map.entry("simple", new Colormap("simple",
        new double[] {
          0, 1, 1, 1},
        new double[] {
          0, 0, 1, 1},
        new double[] {
          0, 0, 0, 1})),
      // Black to white, as DIGITS named it.
      Map.entry("white", new Colormap("white",
        new double[] {
          0, 1},
        new double[] {
          0, 1},
        new double[] {
          0, 1})),
      // Black to white under its usual name (the same ramp as white).
      Map.entry("gray", new Colormap("gray",
        new double[] {
          0, 1},
        new double[] {
          0, 1},
        new double[] {
          0, 1})),
      // matplotlib's perceptually uniform map, sampled at 11 evenly spaced stops.
      Map.entry("viridis", new Colormap("viridis",
        new double[] {
          0.267004, 0.282623, 0.253935, 0.206756, 0.163625, 0.127568, 0.134692, 0.266941, 0.477504,
          0.741388, 0.993248},
        new double[] {
          0.004874, 0.140926, 0.265254, 0.371758, 0.471133, 0.566949, 0.658636, 0.748751, 0.821444,
          0.873449, 0.906157},
        new double[] {
          0.329415, 0.457517, 0.529983, 0.553117, 0.558148, 0.550556, 0.517649, 0.440573, 0.318195,
          0.149561, 0.143936}))));
  // spotless:on

  private final String name;
  private final double[][] stops; // [channel][stop], on the 0..255 scale

  private Colormap(String name, double[] red, double[] green, double[] blue) {
    this.name = name;
    this.stops = new double[][] {scaled(red), scaled(green), scaled(blue)};
  }

  /** The colormap of that name; IllegalArgumentException naming the known ones otherwise. */
  public static Colormap named(String name) {
    Colormap colormap = BY_NAME.get(name);
    if (colormap == null) {
      throw new IllegalArgumentException(
          "unknown colormap '" + name + "'; expected one of " + String.join(", ", names()));
    }
    return colormap;
  }

  /** Every colormap name, sorted. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  public String name() {
    return name;
  }

  /**
   * The colormap as {@code count} colours ({@code #rrggbb}) from 0 to 255, evenly spaced: a swatch
   * a page can draw as a gradient, computed from the same stops as every picture.
   */
  public List<String> swatch(int count) {
    if (count < 2) {
      throw new IllegalArgumentException("a swatch needs at least 2 colours, not " + count);
    }
    byte[] rgb = new byte[3];
    java.util.ArrayList<String> colours = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      paint(255.0f * i / (count - 1), rgb, 0);
      colours.add(String.format("#%02x%02x%02x", rgb[0] & 0xFF, rgb[1] & 0xFF, rgb[2] & 0xFF));
    }
    return List.copyOf(colours);
  }

  /**
   * Writes the colour of {@code value} (on the 0..255 scale) as three bytes at {@code offset},
   * exactly as the reference computes it: the position value·(n−1)/255 in float32, interpolation in
   * double, held at the end stops, clipped to 0..255 and truncated toward zero.
   */
  public void paint(float value, byte[] rgb, int offset) {
    for (int channel = 0; channel < 3; channel++) {
      double[] table = stops[channel];
      int last = table.length - 1;
      float position = (value * last) / 255.0f;
      double level;
      if (!(position > 0)) { // also NaN: the first stop
        level = table[0];
      } else if (position >= last) {
        level = table[last];
      } else {
        int stop = (int) position;
        double slope = table[stop + 1] - table[stop];
        level = slope * ((double) position - stop) + table[stop];
      }
      rgb[offset + channel] = (byte) (int) Math.min(255.0, Math.max(0.0, level));
    }
  }

  private static double[] scaled(double[] table) {
    double[] scaled = new double[table.length];
    for (int i = 0; i < table.length; i++) {
      scaled[i] = 255.0 * table[i];
    }
    return scaled;
  }

  @Override
  public String toString() {
    return name;
  }
}
