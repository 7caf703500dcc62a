package dev.convscope.render;

/**
 * The grid vis_square lays tiles out in (conformance rule 6): n = ⌈√N⌉ rows and n − 1 columns when
 * n·(n − 1) ≥ N, else n; filled row by row.
 */
public record TileGrid(int rows, int columns) {

  public static TileGrid forTiles(int tiles) {
    if (tiles < 1) {
      throw new IllegalArgumentException("a grid needs at least one tile, got " + tiles);
    }
    int n = (int) Math.ceil(Math.sqrt(tiles));
    while ((long) n * n < tiles) { // guard against rounding in sqrt
      n++;
    }
    while (n > 1 && (long) (n - 1) * (n - 1) >= tiles) {
      n--;
    }
    int columns = (long) n * (n - 1) >= tiles ? n - 1 : n;
    return new TileGrid(n, columns);
  }
}
