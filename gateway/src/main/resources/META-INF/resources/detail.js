// The layer dialog: one map at a time, cut out of the layer's picture on the page and scaled up;
// the gateway is asked again only for another colormap, or for a map the width budget left out.

import { Problem, runOnce } from './api.js';
import { showProblem } from './problems.js';
import { mapLayout, mapTile } from './tiles.js';
import {
  colormapSelect, el, formatShape, histogram, mainPicture, pictureImg, statsList, wholeScale,
} from './views.js';

/** The largest the stage shows a picture, in CSS pixels. */
const STAGE_PX = 480;

/** How a layer's pictures are coloured: its own colours, grey (the input), or the colormap. */
function colouring(layer, layout) {
  if (layout?.colour) return 'own';
  return layer.kind === 'activation' && layer.layer_type === 'Input' ? 'grey' : 'colormap';
}

export class LayerDetail {
  constructor(dialog) {
    this.dialog = dialog;
    this.frame = dialog.querySelector('.stage-frame');
    this.picture = dialog.querySelector('[data-testid="detail-picture"]');
    this.canvas = dialog.querySelector('[data-testid="detail-channel"]');
    this.caption = dialog.querySelector('[data-testid="detail-caption"]');
    this.error = dialog.querySelector('[data-testid="detail-error"]');
    this.channelInput = dialog.querySelector('[data-testid="channel-input"]');
    this.slider = dialog.querySelector('[data-testid="channel-slider"]');
    this.colormap = dialog.querySelector('[data-testid="colormap-select"]');
    this.colormapNote = dialog.querySelector('[data-testid="colormap-note"]');

    this.channelInput.addEventListener('input', () => this.choose(this.channelInput.valueAsNumber));
    this.channelInput.addEventListener('change', () => this.choose(this.channelInput.valueAsNumber));
    this.slider.addEventListener('input', () => this.choose(this.slider.valueAsNumber));
    for (const step of dialog.querySelectorAll('.step')) {
      step.addEventListener('click', () => this.choose(this.channel + Number(step.dataset.step)));
    }
    this.colormap.addEventListener('change', () => this.draw());
    dialog.querySelector('[data-testid="detail-close"]').addEventListener('click', () => dialog.close());
    // A click on the backdrop (outside the dialog's box) closes it too.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener('close', () => this.controller?.abort());
    this.picture.addEventListener('load', () => this.loaded());
    this.picture.addEventListener('error', () => {
      this.frame.dataset.state = 'failed';
    });
  }

  /** Offers the API's colormaps (from /api/v1/options), the default one chosen. */
  offerColormaps(colormaps, chosen) {
    colormapSelect(this.colormap, this.dialog.querySelector('.detail-side .swatch'), colormaps, chosen);
  }

  /** Opens the dialog on a layer of a run; context holds the run's image, model and options. */
  open(layer, context) {
    this.layer = layer;
    this.context = context;
    this.layout = mapLayout(layer.shape);
    this.colouring = colouring(layer, this.layout);
    // Maps of one value each (vectors, dense weights) and a single colour image are shown whole.
    const stepped = this.layout && layer.pictures.some((picture) => picture.kind === 'tiles')
      && (this.layout.width > 1 || this.layout.height > 1) && !(this.layout.colour && this.layout.count === 1);
    this.count = stepped ? this.layout.count : 0;
    this.channel = 0;
    this.sources = new Map([[context.colormap, tilesOf(layer)]]); // the whole layer, per colormap
    const what = layer.kind === 'weights' ? 'weights' : 'activations';
    this.dialog.dataset.layer = layer.name;
    this.dialog.dataset.kind = layer.kind;
    this.dialog.querySelector('.detail-name').textContent = layer.name;
    const badge = this.dialog.querySelector('.detail-kind');
    badge.textContent = layer.kind;
    badge.className = `badge detail-kind ${layer.kind}`;
    this.dialog.querySelector('.detail-meta').textContent =
      `${layer.layer_type} · ${formatShape(layer.shape)} · ${what} of ${context.model}`;

    const hasChannels = this.count > 0;
    this.dialog.querySelector('.channel-controls').hidden = !hasChannels;
    this.dialog.querySelector('.no-channels').hidden = hasChannels;
    for (const input of [this.channelInput, this.slider]) {
      input.max = Math.max(this.count - 1, 0);
      input.value = 0;
    }
    this.dialog.querySelector('.channel-count').textContent = hasChannels ? `of ${this.count}` : '';
    this.colormap.value = context.colormap;
    this.colormap.dispatchEvent(new Event('change'));
    this.colormap.disabled = this.colouring !== 'colormap';
    this.colormapNote.hidden = this.colouring === 'colormap';
    this.colormapNote.textContent = this.colouring === 'own'
      ? 'Drawn in its own colours: a colormap does not apply.'
      : 'The input is drawn in grey, as the network saw it: a colormap does not apply.';

    this.dialog.querySelector('.detail-overview').replaceChildren(
      ...layer.pictures.map((picture) => el('figure', {},
        pictureImg(picture, 'detail-overview-picture', `${layer.name} ${what}: ${picture.kind.replace('_', ' ')}`),
        el('figcaption', { text: `${picture.kind.replace('_', ' ')} · ${picture.width} × ${picture.height}` }))));
    this.dialog.querySelector('.detail-stats').replaceChildren(
      statsList(layer.statistics), histogram(layer.statistics, 90));

    this.picture.removeAttribute('src');
    this.shown = null;
    this.frame.dataset.state = 'idle';
    if (!this.dialog.open) this.dialog.showModal();
    this.draw();
  }

  /** Moves to a channel (clamped to the layer's) and shows it. */
  choose(channel) {
    if (!Number.isFinite(channel)) return;
    this.channel = Math.min(Math.max(Math.round(channel), 0), Math.max(this.count - 1, 0));
    if (this.channelInput.valueAsNumber !== this.channel) this.channelInput.value = this.channel;
    this.slider.value = this.channel;
    this.draw();
  }

  /** Shows the chosen map (or the whole layer), asking the gateway only for what is not here. */
  async draw() {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.error.hidden = true;
    const colormap = this.colouring === 'colormap' ? this.colormap.value : this.context.colormap;
    try {
      let source = this.sources.get(colormap);
      if (!source) {
        this.frame.dataset.state = 'loading';
        source = await this.fetchLayer({ colormap }, controller.signal);
        this.sources.set(colormap, source);
      }
      if (controller.signal.aborted) return;
      if (this.count === 0) {
        this.showWhole(mainPicture(source.layer));
        return;
      }
      const tile = mapTile(this.layout, this.context.maxWidth, this.channel);
      if (tile && tile.pictureWidth === source.width && tile.pictureHeight === source.height) {
        await this.showTile(source, tile, colormap, controller.signal);
        return;
      }
      // Left out of the layer's picture by the width budget: drawn alone, then cut the same way.
      this.frame.dataset.state = 'loading';
      const alone = await this.fetchLayer({ colormap, channels: this.channel }, controller.signal);
      const only = mapTile({ ...this.layout, count: 1 }, this.context.maxWidth, 0);
      await this.showTile(alone, only, colormap, controller.signal);
    } catch (error) {
      if (error.name === 'AbortError') return;
      this.frame.dataset.state = 'failed';
      showProblem(this.error, error);
    }
  }

  /** The layer drawn again with other options; answers its tiles picture (or its main one). */
  async fetchLayer({ colormap, channels }, signal) {
    const { layer, context } = this;
    const params = new URLSearchParams({
      model: context.model,
      layers: layer.name,
      colormap,
      max_width: context.maxWidth,
      top_k: 1,
      skip_weights: layer.kind === 'activation',
    });
    if (channels !== undefined) params.set('channels', channels);
    const run = await runOnce(params, context.image, signal);
    const drawn = run.layers.find((each) => each.name === layer.name && each.kind === layer.kind);
    if (!drawn) throw new Problem({ title: 'Layer missing', detail: `the run did not draw ${layer.name}` });
    return tilesOf(drawn);
  }

  /** Cuts one map out of a picture onto the stage canvas, scaled by a whole number. */
  async showTile(source, tile, colormap, signal) {
    const image = await loadImage(source.url);
    if (signal.aborted) return;
    const scale = Math.max(1, Math.floor(STAGE_PX / Math.max(tile.width, tile.height)));
    const { canvas } = this;
    canvas.width = tile.width;
    canvas.height = tile.height;
    const context = canvas.getContext('2d');
    context.imageSmoothingEnabled = false;
    context.clearRect(0, 0, tile.width, tile.height);
    context.drawImage(image, tile.x, tile.y, tile.width, tile.height, 0, 0, tile.width, tile.height);
    canvas.style.width = `${tile.width * scale}px`;
    canvas.style.height = `${tile.height * scale}px`;
    Object.assign(canvas.dataset, {
      channel: this.channel, x: tile.x, y: tile.y, width: tile.width, height: tile.height, scale, colormap, source: source.url,
    });
    canvas.setAttribute('aria-label', `${this.layer.name} ${this.layer.kind === 'weights' ? 'weights' : 'activations'}, map ${this.channel}`);
    canvas.hidden = false;
    this.picture.hidden = true;
    this.frame.dataset.state = 'loaded';
    this.caption.textContent = `map ${this.channel} of ${this.count} · ${tile.width} × ${tile.height} px, `
      + `${scale === 1 ? 'actual size' : `shown ×${scale}`} · ${this.colourWords(colormap)}`;
  }

  showWhole(picture) {
    // Whole-number scaling keeps every value one crisp square; large pictures only shrink.
    const scale = wholeScale(picture.width, picture.height, STAGE_PX);
    this.shown = { picture, scale };
    this.canvas.hidden = true;
    this.picture.hidden = false;
    this.picture.style.width = `${Math.round(picture.width * scale)}px`;
    this.picture.style.height = `${Math.round(picture.height * scale)}px`;
    this.picture.className = picture.kind === 'line_plot' || picture.kind === 'histogram' ? '' : 'pixelated';
    this.picture.alt = `${this.layer.name} ${this.layer.kind === 'weights' ? 'weights' : 'activations'}, ${picture.kind.replace('_', ' ')}`;
    this.picture.dataset.width = picture.width;
    this.picture.dataset.height = picture.height;
    this.picture.dataset.colormap = this.colormap.value;
    if (this.picture.src === picture.url && this.picture.complete) this.loaded();
    else this.picture.src = picture.url;
  }

  loaded() {
    if (!this.shown) return;
    this.frame.dataset.state = 'loaded';
    const { picture, scale } = this.shown;
    const zoom = scale === 1 ? 'actual size' : scale > 1 ? `shown ×${scale}` : `shown at ${Math.round(scale * 100)} %`;
    const colours = picture.kind === 'line_plot' || picture.kind === 'histogram' ? '' : ` · ${this.colourWords(this.colormap.value)}`;
    this.caption.textContent = `${picture.kind.replace('_', ' ')} · ${picture.width} × ${picture.height} px, ${zoom}${colours}`;
  }

  colourWords(colormap) {
    if (this.colouring === 'own') return 'its own colours';
    if (this.colouring === 'grey') return 'grey';
    return colormap;
  }
}

/** The layer's pictures as the dialog keeps them: the tiles picture's url and size, and all. */
function tilesOf(layer) {
  const tiles = layer.pictures.find((picture) => picture.kind === 'tiles') || mainPicture(layer);
  return { url: tiles.url, width: tiles.width, height: tiles.height, layer };
}

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Problem({ title: 'Picture missing', detail: `${url} could not be loaded` }));
    image.src = url;
  });
}
