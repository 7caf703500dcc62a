// The layer dialog: one channel at a time, scaled up, re-requested for each channel and colormap.

import { Problem, runOnce } from './api.js';
import {
  channelCount, colormapSelect, el, formatShape, histogram, mainPicture, pictureImg, statsList,
} from './views.js';

/** The largest the stage shows a picture, in CSS pixels. */
const STAGE_PX = 480;
/** How long the channel controls wait for the next change before asking the gateway. */
const SETTLE_MS = 120;

/**
 * How many of a layer's maps a channel request can draw. The API draws a layer's activations
 * with its weights and applies the channel to both, so weights have as many as the activations.
 */
function drawableAlone(layer, maps, activation) {
  if (layer.kind !== 'weights' || !activation) return maps;
  const activationMaps = channelCount(activation);
  return activationMaps > 0 ? Math.min(maps, activationMaps) : maps;
}

export class LayerDetail {
  constructor(dialog) {
    this.dialog = dialog;
    this.frame = dialog.querySelector('.stage-frame');
    this.picture = dialog.querySelector('[data-testid="detail-picture"]');
    this.caption = dialog.querySelector('[data-testid="detail-caption"]');
    this.error = dialog.querySelector('[data-testid="detail-error"]');
    this.channelInput = dialog.querySelector('[data-testid="channel-input"]');
    this.slider = dialog.querySelector('[data-testid="channel-slider"]');
    this.colormap = dialog.querySelector('[data-testid="colormap-select"]');

    this.channelInput.addEventListener('input', () => this.choose(this.channelInput.valueAsNumber, 0));
    this.channelInput.addEventListener('change', () => this.choose(this.channelInput.valueAsNumber, 0));
    this.slider.addEventListener('input', () => this.choose(this.slider.valueAsNumber, SETTLE_MS));
    for (const step of dialog.querySelectorAll('.step')) {
      step.addEventListener('click', () => this.choose(this.channel + Number(step.dataset.step), 0));
    }
    this.colormap.addEventListener('change', () => this.request(0));
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
    const maps = channelCount(layer);
    this.maps = maps;
    this.count = drawableAlone(layer, maps, context.layers.get(`${layer.name}/activation`));
    this.channel = 0;
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
    this.dialog.querySelector('.channel-count').textContent = hasChannels ? `of ${maps}` : '';
    const note = this.dialog.querySelector('[data-testid="channel-note"]');
    note.hidden = this.count === maps;
    note.textContent = `The first ${this.count} of these ${maps} maps can be drawn alone: a request `
      + `for ${layer.name}'s weights draws its ${this.count} activation maps with the same channel.`;
    this.colormap.value = context.colormap;
    this.colormap.dispatchEvent(new Event('change'));

    this.dialog.querySelector('.detail-overview').replaceChildren(
      ...layer.pictures.map((picture) => el('figure', {},
        pictureImg(picture, 'detail-overview-picture', `${layer.name} ${picture.kind}`),
        el('figcaption', { text: `${picture.kind.replace('_', ' ')} · ${picture.width} × ${picture.height}` }))));
    this.dialog.querySelector('.detail-stats').replaceChildren(
      statsList(layer.statistics), histogram(layer.statistics, 90));

    this.picture.removeAttribute('src');
    this.frame.dataset.state = 'idle';
    if (!this.dialog.open) this.dialog.showModal();
    this.request(0);
  }

  /** Moves to a channel (clamped to the layer's) and asks for it once the controls settle. */
  choose(channel, settleMs) {
    if (!Number.isFinite(channel)) return;
    this.channel = Math.min(Math.max(Math.round(channel), 0), Math.max(this.count - 1, 0));
    if (this.channelInput.valueAsNumber !== this.channel) this.channelInput.value = this.channel;
    this.slider.value = this.channel;
    this.request(settleMs);
  }

  request(settleMs) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fetchPicture(), settleMs);
  }

  async fetchPicture() {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { layer, context } = this;
    const params = new URLSearchParams({
      model: context.model,
      layers: layer.name,
      colormap: this.colormap.value,
      max_width: context.maxWidth,
      top_k: 1,
      skip_weights: layer.kind === 'activation',
    });
    if (this.count > 0) params.set('channels', this.channel);
    this.frame.dataset.state = 'loading';
    this.error.hidden = true;
    try {
      const run = await runOnce(params, context.image, controller.signal);
      if (controller.signal.aborted) return;
      const drawn = run.layers.find((each) => each.name === layer.name && each.kind === layer.kind);
      if (!drawn) throw new Problem({ title: 'Layer missing', detail: `the run did not draw ${layer.name}` });
      this.show(mainPicture(drawn));
    } catch (error) {
      if (error.name === 'AbortError') return;
      this.frame.dataset.state = 'failed';
      this.error.querySelector('.message-title').textContent = error.title || 'Error';
      this.error.querySelector('.message-detail').textContent = error.detail || error.message;
      this.error.hidden = false;
    }
  }

  show(picture) {
    const fit = Math.min(STAGE_PX / picture.width, STAGE_PX / picture.height);
    // Whole-number scaling keeps every value one crisp square; large pictures only shrink.
    const scale = fit >= 1 ? Math.floor(fit) : fit;
    this.shown = { picture, scale };
    this.picture.style.width = `${Math.round(picture.width * scale)}px`;
    this.picture.style.height = `${Math.round(picture.height * scale)}px`;
    this.picture.className = picture.kind === 'line_plot' || picture.kind === 'histogram' ? '' : 'pixelated';
    this.picture.alt = `${this.layer.name} ${this.count > 0 ? `channel ${this.channel}` : picture.kind}`;
    this.picture.dataset.width = picture.width;
    this.picture.dataset.height = picture.height;
    this.picture.dataset.channel = this.count > 0 ? this.channel : '';
    this.picture.dataset.colormap = this.colormap.value;
    if (this.picture.src === picture.url && this.picture.complete) this.loaded();
    else this.picture.src = picture.url;
  }

  loaded() {
    if (!this.shown) return;
    this.frame.dataset.state = 'loaded';
    const { picture, scale } = this.shown;
    const where = this.count > 0 ? `channel ${this.channel} of ${this.maps}` : picture.kind.replace('_', ' ');
    const zoom = scale === 1 ? 'actual size' : scale > 1 ? `shown ×${scale}` : `shown at ${Math.round(scale * 100)} %`;
    this.caption.textContent = `${where} · ${picture.width} × ${picture.height} px, ${zoom} · ${this.colormap.value}`;
  }
}
