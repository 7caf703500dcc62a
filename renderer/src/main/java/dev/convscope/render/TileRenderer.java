package dev.convscope.render;

import dev.convscope.contract.options.Colormap;
import java.util.Arrays;

/**
 * Draws a tensor as DIGITS' tiled picture: read the maps, keep those that fit in the width budget,
 * normalise them together, colour them, and tile them with white padding (conformance rules 1–6).
 *
 * <p>Where the reference leaves the behaviour open, this renderer decides:
 *
 * <ul>
 *   <li>A map exactly {@code maxWidth} wide (and wider than 1) is drawn like a wider one: only the
 *       first map, without padding. DIGITS 2.0 kept no map at all and failed.
 *   <li>NaN and infinite values take no part in finding the minimum and maximum. After
 *       normalisation +∞ is drawn at the top of the scale, −∞ and NaN at the bottom.
 *   <li>Colour data outside 0..255 (possible only without normalisation) is clamped to 0..255.
 * </ul>
 */
public final class TileRenderer {

  private TileRenderer() {}

  public static RgbImage render(Tensor tensor, DrawingOptions options) {
    MapArray maps = MapArray.of(tensor, options.channelOrder());
    int[] selected = options.channels().select(maps.count());
    int width = maps.width();
    int maxWidth = options.maxWidth();

    int padding;
    int[] kept;
    int tileWidth;
    int tileHeight;
    if (width > maxWidth || (width == maxWidth && width > 1)) {
      // Only the first map, cropped to its top-left maxWidth square, unpadded.
      padding = 0;
      kept = new int[] {selected[0]};
      tileWidth = Math.min(width, maxWidth);
      tileHeight = Math.min(maps.height(), maxWidth);
    } else {
      padding = width > 1 ? 1 : 0;
      int perRow = maxWidth / (width + padding);
      kept = Arrays.copyOf(selected, (int) Math.min(selected.length, (long) perRow * perRow));
      tileWidth = width;
      tileHeight = maps.height();
    }

    float[] values = gather(maps, kept, tileHeight, tileWidth);
    if (options.normalize()) {
      normalize(values);
    }
    return tile(
        values, kept.length, tileHeight, tileWidth, maps.channels(), padding, options.colormap());
  }

  /** Copies the kept maps, cropped, into one array: tile by tile, row by row, channel fastest. */
  private static float[] gather(MapArray maps, int[] kept, int height, int width) {
    int channels = maps.channels();
    float[] values = new float[Math.multiplyExact(kept.length, height * width * channels)];
    int next = 0;
    for (int map : kept) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          for (int c = 0; c < channels; c++) {
            values[next++] = maps.value(map, y, x, c);
          }
        }
      }
    }
    return values;
  }

  /**
   * Shifts the values to start at 0 and, unless they are all equal, scales them to end at 255, in
   * float32 and in the same steps as the reference (subtract, divide, multiply), so that pixels
   * match it exactly. Only finite values decide the minimum and maximum.
   */
  static void normalize(float[] values) {
    float min = Float.POSITIVE_INFINITY;
    for (float v : values) {
      if (v < min && v != Float.NEGATIVE_INFINITY) {
        min = v;
      }
    }
    if (min == Float.POSITIVE_INFINITY) {
      min = 0; // nothing finite to anchor the scale
    }
    float top = 0;
    for (int i = 0; i < values.length; i++) {
      float shifted = values[i] - min;
      values[i] = shifted;
      if (shifted > top && shifted != Float.POSITIVE_INFINITY) {
        top = shifted;
      }
    }
    if (top > 0) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (values[i] / top) * 255f;
      }
    }
  }

  private static RgbImage tile(
      float[] values,
      int tiles,
      int height,
      int width,
      int channels,
      int padding,
      Colormap colormap) {
    TileGrid grid = TileGrid.forTiles(tiles);
    int cellWidth = width + padding;
    int cellHeight = height + padding;
    RgbImage image = RgbImage.white(grid.columns() * cellWidth, grid.rows() * cellHeight);
    byte[] pixels = image.pixels();
    int rowBytes = image.width() * 3;
    int next = 0;
    for (int t = 0; t < tiles; t++) {
      int top = (t / grid.columns()) * cellHeight;
      int left = (t % grid.columns()) * cellWidth;
      for (int y = 0; y < height; y++) {
        int offset = (top + y) * rowBytes + left * 3;
        if (channels == 1) {
          for (int x = 0; x < width; x++, offset += 3) {
            colormap.paint(values[next++], pixels, offset);
          }
        } else {
          for (int x = 0; x < width * 3; x++) {
            pixels[offset + x] = toByte(values[next++]);
          }
        }
      }
    }
    return image;
  }

  /** Truncation toward zero, clamped to 0..255; NaN becomes 0. */
  private static byte toByte(float value) {
    if (!(value > 0)) {
      return 0;
    }
    return (byte) (int) Math.min(value, 255f);
  }
}
