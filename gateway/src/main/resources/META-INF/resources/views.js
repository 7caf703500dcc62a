// Builds the page's pieces from the API's JSON: prediction rows, layer cards, histograms, tables.

/** Pictures up to this size (CSS pixels) are shown larger than they are, so without smoothing. */
const SMALL_PX = 300;

/** Creates an element: el('p', {class: 'x', dataset: {a: 1}}, 'text', child). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** A number as a person reads it: four significant digits, exponents for the very small or big. */
export function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

export const formatShape = (shape) => shape.join(' × ');
export const formatCount = (count) => Number(count).toLocaleString('en-US');

/**
 * Fills a select with the colormaps the API offers ([{name, swatch}], from /api/v1/options) and
 * keeps its swatch showing the chosen one as a gradient of the colormap's own colours.
 */
export function colormapSelect(select, swatch, colormaps, chosen) {
  const swatches = new Map(colormaps.map((colormap) => [colormap.name, colormap.swatch]));
  select.replaceChildren(...colormaps.map(({ name }) => el('option', { value: name, text: name })));
  select.value = chosen;
  const paint = () => {
    swatch.dataset.colormap = select.value;
    swatch.style.background = `linear-gradient(to right, ${swatches.get(select.value).join(', ')})`;
  };
  select.addEventListener('change', paint);
  paint();
}

/**
 * One prediction: its label, a bar as long as its probability, the percentage, and after them the
 * row's action when there is one (the "why?" button).
 */
export function predictionRow(prediction, rank, action = null) {
  const percent = prediction.probability * 100;
  return el('li', {
    class: rank === 0 ? 'prediction top' : 'prediction',
    dataset: { testid: 'prediction', label: prediction.label, classIndex: prediction.class_index },
  },
  el('span', { class: 'prediction-label', title: `class ${prediction.class_index}`, text: prediction.label }),
  el('span', { class: 'bar-track' },
    el('span', { class: 'bar', style: `width: ${Math.max(percent, 0.4).toFixed(2)}%` })),
  el('span', { class: 'prediction-value', text: formatPercent(prediction.probability) }),
  action);
}

/** A probability as a percentage with one decimal; the smallest as "< 0.1 %". */
export function formatPercent(probability) {
  const percent = probability * 100;
  return percent < 0.05 ? '< 0.1 %' : `${percent.toFixed(1)} %`;
}

/**
 * The scale a picture is shown at to fit largestPx: a whole number when it grows, so each pixel
 * stays one crisp square; any fraction when it shrinks.
 */
export function wholeScale(width, height, largestPx) {
  const fit = largestPx / Math.max(width, height);
  return fit >= 1 ? Math.floor(fit) : fit;
}

/** The picture a card shows: the line plot of a vector, the heat map of dense weights, else tiles. */
export function mainPicture(layer) {
  const byKind = (kind) => layer.pictures.find((picture) => picture.kind === kind);
  return byKind('line_plot') || byKind('heatmap') || byKind('tiles') || layer.pictures[0];
}

/** A picture at its stated size; small maps are scaled up without smoothing, large ones shrink smoothly. */
export function pictureImg(picture, testid, alt) {
  const drawn = picture.kind === 'tiles' || picture.kind === 'heatmap';
  const small = Math.max(picture.width, picture.height) <= SMALL_PX;
  return el('img', {
    src: picture.url,
    width: picture.width,
    height: picture.height,
    alt,
    class: drawn && small ? 'picture pixelated' : 'picture',
    dataset: { testid, pictureKind: picture.kind, width: picture.width, height: picture.height },
  });
}

/** A layer as a card: name, kind, type and shape, its picture, statistics and histogram. */
export function layerCard(layer) {
  const picture = mainPicture(layer);
  const what = layer.kind === 'weights' ? 'weights' : 'activations';
  return el('article', {
    class: `layer-card ${layer.kind}`,
    tabindex: 0,
    role: 'button',
    'aria-label': `${layer.name} ${what}: open the channels`,
    dataset: { testid: 'layer-card', layer: layer.name, kind: layer.kind },
  },
  el('header', { class: 'card-head' },
    el('h3', { text: layer.name }),
    el('span', { class: `badge ${layer.kind}`, text: layer.kind }),
    layer.kind === 'activation' ? healthBadge(layer.statistics) : null),
  el('p', { class: 'meta' },
    el('span', { class: 'layer-type', text: layer.layer_type }),
    el('span', { class: 'shape', text: formatShape(layer.shape) })),
  el('figure', { class: 'frame' },
    picture ? pictureImg(picture, 'layer-picture', `${layer.name} ${what}`) : null),
  statsList(layer.statistics),
  nonFinite(layer.statistics),
  histogram(layer.statistics));
}

/**
 * How the layer's units fared on this image: its share of exact zeros, or, when some channels of a
 * rectified output never fired, how many; saturated sigmoid or tanh units are named in the title.
 */
function healthBadge(statistics) {
  const values = statistics.value_count || 1;
  const zeros = (statistics.zero_count || 0) / values;
  const dead = statistics.dead_channels || [];
  const channels = (statistics.channel_maxima || []).length;
  const saturated = statistics.saturated_count || 0;
  const zeroShare = `${(zeros * 100).toFixed(zeros > 0 && zeros < 0.001 ? 2 : 0)} % zeros`;
  const title = [
    zeroShare,
    dead.length ? `dead channels (never above zero on this image): ${dead.join(', ')}` : null,
    saturated ? `${formatCount(saturated)} saturated units` : null,
  ].filter(Boolean).join('; ');
  const warn = dead.length > 0 || saturated > 0;
  return el('span', {
    class: `badge health ${warn ? 'warn' : 'ok'}`,
    title,
    dataset: { testid: 'health', dead: dead.length, zeros: statistics.zero_count || 0, saturated },
    text: dead.length ? `${dead.length}/${channels} dead` : saturated ? `${formatCount(saturated)} saturated` : zeroShare,
  });
}

/** A line naming the NaN and infinite values the statistics leave out, or null when none. */
function nonFinite(statistics) {
  const nan = statistics.nan_count || 0;
  const infinite = statistics.infinite_count || 0;
  if (!nan && !infinite) return null;
  const parts = [nan ? `${formatCount(nan)} NaN` : null, infinite ? `${formatCount(infinite)} ±∞` : null];
  return el('p', { class: 'nonfinite', dataset: { testid: 'nonfinite' },
    text: `${parts.filter(Boolean).join(', ')} left out of the statistics` });
}

/** Mean, standard deviation, minimum and maximum as a compact list. */
export function statsList(statistics) {
  return figureList([
    ['mean', statistics.mean], ['std', statistics.stddev], ['min', statistics.min], ['max', statistics.max],
  ], 'layer-stats');
}

/** Named numbers as a compact list, each shown rounded and kept whole in its data-value. */
export function figureList(figures, testid) {
  return el('dl', { class: 'stats', dataset: { testid } },
    ...figures.map(([name, value]) => el('div', { dataset: { figure: name, value: value ?? '' } },
      el('dt', { text: name }), el('dd', { text: formatNumber(value) }))));
}

/** The value histogram as bars (one per bin, scaled to the fullest) with the ticks below. */
export function histogram(statistics, height = 56) {
  const counts = statistics.counts || [];
  const centers = statistics.centers || [];
  const width = Math.max(counts.length, 1) * 10;
  const fullest = Math.max(1, ...counts);
  const bars = counts.map((count, i) => {
    // Any bin that holds values keeps a visible sliver, however tall the fullest one is.
    const barHeight = count === 0 ? 0 : Math.max(1.5, (count / fullest) * (height - 2));
    return svg('rect', { x: i * 10 + 1, y: height - barHeight, width: 8, height: barHeight },
      svg('title', {}, `≈ ${formatNumber(centers[i])}: ${formatCount(count)} values`));
  });
  const chart = svg('svg', {
    class: 'histogram-bars',
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': 'histogram of the values',
  }, ...bars, svg('line', { x1: 0, x2: width, y1: height - 0.5, y2: height - 0.5, class: 'axis' }));
  const ticks = el('div', { class: 'ticks' },
    ...(statistics.ticks || []).map((tick) => el('span', { text: formatNumber(tick) })));
  return el('div', { class: 'histogram', dataset: { testid: 'histogram' } }, chart, ticks);
}

/** Fills the summary's blob and parameter tables, as the Caffe notebook prints them. */
export function fillSummary(tables, details) {
  tables.blobs.replaceChildren(...details.layers.map((layer) => el('tr', { dataset: { layer: layer.name } },
    el('td', { class: 'mono', text: layer.name }),
    el('td', { text: layer.type }),
    el('td', { class: 'mono', text: formatShape(layer.output_shape) }))));
  const parameterRows = details.layers.flatMap((layer) => layer.parameters.map((parameter, i) =>
    el('tr', { dataset: { layer: layer.name, parameter: parameter.name } },
      el('td', { class: i === 0 ? 'mono' : 'mono repeat', text: layer.name }),
      el('td', { text: parameter.name }),
      el('td', { class: 'mono', text: formatShape(parameter.shape) }),
      el('td', { class: 'num', text: formatCount(parameter.count) }))));
  tables.params.replaceChildren(...parameterRows);
  tables.total.textContent = formatCount(details.parameter_count);
}
