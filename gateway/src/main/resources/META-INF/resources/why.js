// "Why?" beside each prediction: asks the gateway which pixels made the model choose that class,
// for the run's own image, and shows each method's map over the image and alone, with its figures.

import { explain } from './api.js';
import { showProblem } from './problems.js';
import { el, figureList, formatNumber, formatPercent, wholeScale } from './views.js';

/** What the input's pixels did (saliency), and where a late layer looked (Grad-CAM). */
const METHODS = ['saliency', 'gradcam'];

/** Each method as docs/attribution.md names it. */
const METHOD_NAMES = {
  saliency: 'Saliency',
  'gradient-x-input': 'Gradient × input',
  gradcam: 'Grad-CAM',
  smoothgrad: 'SmoothGrad',
  'integrated-gradients': 'Integrated gradients',
};

/** The largest side a map is shown at, in CSS pixels: a 28 × 28 map is drawn 6 times larger. */
const MAP_PX = 168;

/** Lead sentences for an explanation's refusals, where the status alone would say less. */
const SENTENCES = {
  404: 'The run’s model is not on the gateway any more, so this class cannot be explained.',
  422: 'This model cannot be explained: one of its layers passes no gradient back.',
};

/**
 * The "why?" button of a prediction. It stays off, saying why, for a run whose image the page does
 * not hold: the gateway computes the maps from the image itself.
 */
export function whyButton(prediction, run) {
  const button = el('button', {
    type: 'button',
    class: 'small why-button',
    'aria-label': `Why ${prediction.label}?`,
    'aria-controls': 'why',
    'aria-expanded': 'false',
    dataset: { testid: 'why-button', classIndex: prediction.class_index },
    text: 'why?',
  });
  if (!run.image) {
    button.disabled = true;
    button.title = 'The page does not hold this run’s image, so it cannot ask why.';
  }
  return button;
}

/** The panel under the predictions that answers one "why?" at a time. */
export class WhyPanel {
  constructor(panel) {
    this.panel = panel;
    this.title = panel.querySelector('[data-testid="why-title"]');
    this.meta = panel.querySelector('[data-testid="why-meta"]');
    this.status = panel.querySelector('[data-testid="why-status"]');
    this.error = panel.querySelector('[data-testid="why-error"]');
    this.methods = panel.querySelector('[data-testid="why-methods"]');
    panel.querySelector('[data-testid="why-close"]').addEventListener('click', () => this.close());
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  }

  /**
   * Explains one prediction of a run (its image, model and colormap), replacing whatever the panel
   * showed; button is the "why?" pressed, marked expanded while its answer is shown.
   */
  async open(prediction, run, button) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.markOpener(button);
    const { label, class_index: classIndex } = prediction;
    Object.assign(this.panel.dataset, { classIndex, label, state: 'loading' });
    delete this.panel.dataset.imageDigest;
    this.panel.setAttribute('aria-busy', 'true');
    this.panel.hidden = false;
    this.title.textContent = `Why ${label}?`;
    this.meta.textContent = facts(prediction, run.model);
    this.error.hidden = true;
    this.methods.replaceChildren();
    const names = METHODS.map((method) => METHOD_NAMES[method]).join(' and ');
    this.status.textContent = `Computing ${names} for ${label}…`;
    const params = new URLSearchParams({
      model: run.model, class: classIndex, method: METHODS.join(','), colormap: run.colormap,
    });
    try {
      const explanation = await explain(params, run.image, controller.signal);
      if (this.controller !== controller) return;
      this.show(explanation, prediction);
    } catch (problem) {
      if (problem.name === 'AbortError' || this.controller !== controller) return;
      this.panel.dataset.state = 'failed';
      this.status.textContent = '';
      showProblem(this.error, problem, SENTENCES);
    } finally {
      if (this.controller === controller) this.panel.removeAttribute('aria-busy');
    }
  }

  show(explanation, prediction) {
    const maps = explanation.attributions.filter((each) => each.class_index === prediction.class_index);
    this.panel.dataset.imageDigest = explanation.image_digest;
    this.panel.dataset.state = 'loaded';
    this.methods.replaceChildren(...maps.map(methodView));
    this.meta.textContent = facts(prediction, explanation.model, maps[0]?.score);
    this.status.textContent = `${maps.map(methodTitle).join(' and ')} for ${prediction.label}: `
      + 'strong colours mark the pixels that counted most.';
  }

  /** Closes the panel and gives the keyboard back to the "why?" that opened it. */
  close() {
    const opener = this.opener;
    this.reset();
    if (opener?.isConnected) opener.focus();
  }

  /** Empties and hides the panel, such as when another run starts. */
  reset() {
    this.controller?.abort();
    this.controller = null;
    this.markOpener(null);
    this.panel.hidden = true;
    this.panel.removeAttribute('aria-busy');
    this.methods.replaceChildren();
  }

  markOpener(button) {
    this.opener?.setAttribute('aria-expanded', 'false');
    this.opener = button;
    button?.setAttribute('aria-expanded', 'true');
  }
}

/** The class, its probability, its score (the logit the maps are gradients of) once known, and the model. */
function facts(prediction, model, score) {
  return [`class ${prediction.class_index}`, formatPercent(prediction.probability),
    score === undefined ? null : `score ${formatNumber(score)}`, model].filter(Boolean).join(' · ');
}

/** A method's name, with the layer Grad-CAM looked at. */
function methodTitle(attribution) {
  const name = METHOD_NAMES[attribution.method] || attribution.method;
  return attribution.layer ? `${name} at ${attribution.layer}` : name;
}

/** One method: the map over the image, the map alone, and the map's smallest, largest and mean value. */
function methodView(attribution) {
  const title = methodTitle(attribution);
  const about = `${title} for ${attribution.label}`;
  return el('section', {
    class: 'why-method',
    dataset: { testid: 'why-method', method: attribution.method, layer: attribution.layer || '' },
  },
  el('h4', { text: title }),
  el('div', { class: 'why-pictures' },
    mapFigure(attribution, attribution.overlay_url, 'why-overlay',
      `${about}, over the image as the network saw it`, 'over the image'),
    mapFigure(attribution, attribution.picture_url, 'why-map', `${about}, the map alone`, 'the map alone')),
  figureList([
    ['min', attribution.statistics.min], ['max', attribution.statistics.max], ['mean', attribution.statistics.mean],
  ], 'why-figures'));
}

/** A map's picture at a readable size: small maps grow by whole numbers, without smoothing. */
function mapFigure(attribution, url, testid, alt, caption) {
  const { width, height } = attribution;
  const scale = wholeScale(width, height, MAP_PX);
  return el('figure', {},
    el('img', {
      src: url,
      alt,
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      class: scale > 1 ? 'pixelated' : null,
      dataset: { testid, width, height },
    }),
    el('figcaption', { text: caption }));
}
