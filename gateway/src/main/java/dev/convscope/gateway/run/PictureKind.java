package dev.convscope.gateway.run;

/** How a tensor was drawn. */
public enum PictureKind {
  /** A service that did not say. */
  UNSPECIFIED,
  /** Maps tiled in a grid. */
  TILES,
  /** A fully-connected weight matrix as a heat map. */
  HEATMAP,
  /** A vector as a line plot. */
  LINE_PLOT,
  /** The histogram of the values, as bars. */
  HISTOGRAM
}
