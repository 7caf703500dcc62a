// Where one channel's map is in a layer's tile picture, as the visualization service draws it
// (TileRenderer, after DIGITS' vis_square): maps of H×W, each padded 1 px right and bottom when
// wider than 1 px; as many as fit maxWidth / (W + padding) per row, squared, are kept; the grid
// has n = ⌈√kept⌉ rows and n − 1 columns when those hold them all, else n; row by row. The width
// budget drops maps, it never rescales the picture. A map wider than the budget is drawn alone,
// cropped to its top-left maxWidth square.

/** vis_square's grid for a number of tiles: { rows, columns }. */
export function tileGrid(tiles) {
  let n = Math.ceil(Math.sqrt(tiles));
  while (n * n < tiles) n += 1;
  while (n > 1 && (n - 1) * (n - 1) >= tiles) n -= 1;
  return { rows: n, columns: n * (n - 1) >= tiles ? n - 1 : n };
}

/**
 * The rectangle of a channel's map in its layer's tile picture, with the picture's size:
 * { x, y, width, height, pictureWidth, pictureHeight }; or null when the picture holds no map of
 * the channel alone (a colour image of three planes, or a map dropped by the width budget).
 *
 * @param shape the layer's activation shape: [C, H, W], or [N] (or [A, B]) for 1×1 maps
 * @param maxWidth the width budget the pictures were drawn with
 */
export function channelTile(shape, maxWidth, channel) {
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 3) return null;
  const dims = shape.map(Number);
  let count; let height; let width;
  if (dims.length === 3) {
    if (dims[0] === 3) return null; // drawn as one colour image: its channels are mixed
    [count, height, width] = dims;
  } else {
    count = dims.reduce((a, b) => a * b, 1);
    height = 1;
    width = 1;
  }
  if (channel < 0 || channel >= count) return null;
  if (width > maxWidth || (width === maxWidth && width > 1)) {
    if (channel !== 0) return null;
    const side = { width: Math.min(width, maxWidth), height: Math.min(height, maxWidth) };
    return { x: 0, y: 0, ...side, pictureWidth: side.width, pictureHeight: side.height };
  }
  const padding = width > 1 ? 1 : 0;
  const perRow = Math.floor(maxWidth / (width + padding));
  const kept = Math.min(count, perRow * perRow);
  if (channel >= kept) return null;
  const grid = tileGrid(kept);
  const cellWidth = width + padding;
  const cellHeight = height + padding;
  return {
    x: (channel % grid.columns) * cellWidth,
    y: Math.floor(channel / grid.columns) * cellHeight,
    width,
    height,
    pictureWidth: grid.columns * cellWidth,
    pictureHeight: grid.rows * cellHeight,
  };
}
