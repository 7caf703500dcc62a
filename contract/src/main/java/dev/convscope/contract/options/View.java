package dev.convscope.contract.options;

/** A way of drawing a tensor; each becomes one stored picture. */
public enum View {
  /** Maps tiled in a grid, as DIGITS and vis_square drew them: every tensor. */
  TILES("tiles"),
  /** A fully-connected weight matrix as a heat map: 2-D weights. */
  HEATMAP("heatmap"),
  /** Index against value, as the Caffe lab plots fc6 and prob: 1-D tensors. */
  LINE_PLOT("line"),
  /** The statistics' 20 bins as bars: 1-D tensors. */
  HISTOGRAM("histogram");

  private final String keyName;

  View(String keyName) {
    this.keyName = keyName;
  }

  /** The view's name in object keys and on the command line. */
  public String keyName() {
    return keyName;
  }

  /** The views drawn for a tensor of this shape and kind, tiles first. */
  public static java.util.List<View> forTensor(int axes, boolean weights) {
    if (axes == 1) {
      return java.util.List.of(TILES, LINE_PLOT, HISTOGRAM);
    }
    if (axes == 2 && weights) {
      return java.util.List.of(TILES, HEATMAP);
    }
    return java.util.List.of(TILES);
  }

  public static View named(String name) {
    for (View view : values()) {
      if (view.keyName.equals(name)) {
        return view;
      }
    }
    throw new IllegalArgumentException(
        "unknown view '" + name + "'; expected tiles, heatmap, line or histogram");
  }
}
