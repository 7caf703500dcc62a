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
 * How the visualization service reads a tensor as maps (MapArray): { count, height, width, colour }.
 * 1-D (N) and 2-D (A, B): N or A·B maps of 1×1; 3-D (3, H, W): one colour image, other 3-D
 * (N, H, W): N maps; 4-D (3, B, H, W): B colour images, else (O, 3, H, W): O colour images, else
 * O·I maps of kh×kw. Null for a shape it cannot draw.
 */
export function mapLayout(shape) {
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 4) return null;
  const d = shape.map(Number);
  if (d.length <= 2) return { count: d.reduce((a, b) => a * b, 1), height: 1, width: 1, colour: false };
  if (d.length === 3) {
    return d[0] === 3 ? { count: 1, height: d[1], width: d[2], colour: true }
      : { count: d[0], height: d[1], width: d[2], colour: false };
  }
  if (d[0] === 3) return { count: d[1], height: d[2], width: d[3], colour: true };
  if (d[1] === 3) return { count: d[0], height: d[2], width: d[3], colour: true };
  return { count: d[0] * d[1], height: d[2], width: d[3], colour: false };
}

/**
 * The rectangle of one map in a picture of maps laid out as {@link mapLayout} says, with the
 * picture's size: { x, y, width, height, pictureWidth, pictureHeight }; null when the width budget
 * dropped the map.
 */
export function mapTile(layout, maxWidth, map) {
  const { count, height, width } = layout;
  if (map < 0 || map >= count) return null;
  if (width > maxWidth || (width === maxWidth && width > 1)) {
    if (map !== 0) return null;
    const side = { width: Math.min(width, maxWidth), height: Math.min(height, maxWidth) };
    return { x: 0, y: 0, ...side, pictureWidth: side.width, pictureHeight: side.height };
  }
  const padding = width > 1 ? 1 : 0;
  const perRow = Math.floor(maxWidth / (width + padding));
  const kept = Math.min(count, perRow * perRow);
  if (map >= kept) return null;
  const grid = tileGrid(kept);
  const cellWidth = width + padding;
  const cellHeight = height + padding;
  return {
    x: (map % grid.columns) * cellWidth,
    y: Math.floor(map / grid.columns) * cellHeight,
    width,
    height,
    pictureWidth: grid.columns * cellWidth,
    pictureHeight: grid.rows * cellHeight,
  };
}

/**
 * The rectangle of a channel's map in its layer's activation picture, with the picture's size; or
 * null when the picture holds no map of the channel alone (a colour image of three planes, or a
 * map dropped by the width budget).
 *
 * @param shape the layer's activation shape: [C, H, W], or [N] (or [A, B]) for 1×1 maps
 * @param maxWidth the width budget the pictures were drawn with
 */
export function channelTile(shape, maxWidth, channel) {
  if (!Array.isArray(shape) || shape.length > 3) return null;
  const layout = mapLayout(shape);
  if (!layout || layout.colour) return null; // drawn as one colour image: its channels are mixed
  return mapTile(layout, maxWidth, channel);
}
