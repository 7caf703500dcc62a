package dev.convscope.gateway.page;

import java.util.List;

/**
 * Where a channel's map is in a layer's tile picture, worked out here from the visualization
 * service's layout (TileRenderer and TileGrid: vis_square's grid, tiles padded 1 px right and
 * bottom when wider than 1 px, maps beyond the width budget dropped, never rescaled), to check the
 * page's own working against.
 *
 * @param x the tile's left column in the picture
 * @param y the tile's top row
 */
record TileGeometry(int x, int y, int width, int height, int pictureWidth, int pictureHeight) {

  /** The tile of one channel of a (C, H, W) activation drawn with a width budget. */
  static TileGeometry of(List<Integer> shape, int maxWidth, int channel) {
    if (shape.size() != 3 || shape.get(0) == 3) {
      throw new IllegalArgumentException("not a stack of one-value maps: " + shape);
    }
    int count = shape.get(0);
    int height = shape.get(1);
    int width = shape.get(2);
    if (width >= maxWidth) {
      throw new IllegalArgumentException("maps as wide as the budget are drawn alone");
    }
    int padding = width > 1 ? 1 : 0;
    int perRow = maxWidth / (width + padding);
    int kept = Math.min(count, perRow * perRow);
    if (channel >= kept) {
      throw new IllegalArgumentException("channel " + channel + " is beyond the width budget");
    }
    // vis_square: n = ⌈√kept⌉ rows, and n − 1 columns when they hold every tile.
    int rows = 1;
    while (rows * rows < kept) {
      rows++;
    }
    int columns = rows * (rows - 1) >= kept ? rows - 1 : rows;
    int cellWidth = width + padding;
    int cellHeight = height + padding;
    return new TileGeometry(
        (channel % columns) * cellWidth,
        (channel / columns) * cellHeight,
        width,
        height,
        columns * cellWidth,
        rows * cellHeight);
  }
}
