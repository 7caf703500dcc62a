// Convscope's page: choose a model and an image, run it, and watch every layer arrive.

import {
  describeModel, listModels, modelField, runEvents, runOptions, uploadModel,
} from './api.js';
import { LayerDetail } from './detail.js';
import { showProblem } from './problems.js';
import {
  colormapSelect, el, fillSummary, formatCount, formatNumber, layerCard, predictionRow, wholeScale,
} from './views.js';
import { WhyPanel, whyButton } from './why.js';

const DEFAULT_MODEL = 'fashion-mnist';
/** The largest side of the image preview, in CSS pixels. */
const PREVIEW_PX = 168;

const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

const ui = {
  form: document.getElementById('run-form'),
  model: byTestId('model-select'),
  modelFacts: byTestId('model-facts'),
  image: byTestId('image-input'),
  dropzone: byTestId('dropzone'),
  preview: byTestId('image-preview'),
  caption: byTestId('image-caption'),
  colormap: byTestId('run-colormap-select'),
  maxWidth: byTestId('max-width-input'),
  topK: byTestId('top-k-input'),
  maxWidthHint: byTestId('max-width-hint'),
  topKHint: byTestId('top-k-hint'),
  runButton: byTestId('run-button'),
  modelFiles: byTestId('model-files-input'),
  modelLabels: byTestId('model-labels-input'),
  modelName: byTestId('model-name-input'),
  modelPreset: byTestId('model-preset-select'),
  addModel: byTestId('add-model-button'),
  uploadProgress: byTestId('upload-progress'),
  uploadStatus: byTestId('upload-status'),
  error: byTestId('error'),
  intro: byTestId('intro'),
  run: byTestId('run'),
  runTitle: byTestId('run-title'),
  badges: byTestId('run-badges'),
  progress: byTestId('progress'),
  weightsNotice: byTestId('weights-notice'),
  predictions: byTestId('predictions'),
  layers: byTestId('layers'),
  grid: byTestId('layer-grid'),
  summary: byTestId('summary'),
  summaryTotal: byTestId('summary-total'),
  summaryTables: {
    blobs: document.querySelector('[data-table="blobs"] tbody'),
    params: document.querySelector('[data-table="params"] tbody'),
    total: byTestId('summary-param-total'),
  },
};

const state = {
  image: null, // the chosen File
  imageReadable: false, // true once the browser has decoded the chosen file
  options: null, // what a run accepts, from /api/v1/options
  summary: null, // the chosen model's summary
  run: null, // the last run: the image bytes it sent, model, options, predictions, layers by name and kind
  runController: null,
  summaryController: null,
};

const detail = new LayerDetail(byTestId('layer-detail'));
const why = new WhyPanel(byTestId('why'));

/** Lead sentences for a run's refusals, where the status alone would say less. */
const RUN_SENTENCES = {
  400: 'The gateway could not run this image.',
  404: 'The chosen model is not on the gateway any more: choose another.',
  413: 'This image is too large for the gateway: it has too many bytes or pixels.',
};
const UPLOAD_SENTENCES = {
  400: 'The model was not added: the gateway could not read its files.',
  415: 'The model was not added: the gateway does not take files of this kind.',
};

function showError(problem, sentences = {}) {
  showProblem(ui.error, problem, sentences);
}

function hideError() {
  ui.error.hidden = true;
}

// ---- models ----

/**
 * The colormaps, defaults and limits come from the API, so the form offers what the gateway takes.
 * Answers whether they came: without them (a refused key, say) the page goes no further.
 */
async function loadOptions() {
  try {
    const options = await runOptions();
    state.options = options;
    const { defaults, limits } = options;
    colormapSelect(ui.colormap, ui.form.querySelector('.swatch'), options.colormaps, defaults.colormap);
    detail.offerColormaps(options.colormaps, defaults.colormap);
    Object.assign(ui.maxWidth, {
      min: limits.max_width.min, max: limits.max_width.max, defaultValue: defaults.max_width, value: defaults.max_width,
    });
    Object.assign(ui.topK, { min: limits.top_k.min, defaultValue: defaults.top_k, value: defaults.top_k });
    ui.image.accept = options.uploads.image_types.join(',');
    return true;
  } catch (problem) {
    showError(problem);
    return false;
  }
}

async function loadModels(chosen = DEFAULT_MODEL) {
  try {
    const models = await listModels();
    ui.model.replaceChildren(...models.map((model) =>
      el('option', { value: model.name,
        text: `${model.display_name || model.name}  ·  ${model.source}` })));
    const names = models.map((model) => model.name);
    ui.model.value = names.includes(chosen) ? chosen : names[0];
    updateRunButton();
    await loadSummary(ui.model.value);
  } catch (problem) {
    ui.modelFacts.textContent = 'The models could not be listed.';
    showError(problem);
  }
}

async function loadSummary(name) {
  state.summaryController?.abort();
  const controller = new AbortController();
  state.summaryController = controller;
  state.summary = null;
  ui.modelFacts.replaceChildren('Loading the model’s summary…');
  ui.summary.dataset.state = 'loading';
  try {
    const details = await describeModel(name, controller.signal);
    state.summary = details;
    showModelFacts(details);
    fillSummary(ui.summaryTables, details);
    ui.summaryTotal.textContent = `${details.name} · ${formatCount(details.parameter_count)} parameters`;
    ui.summary.dataset.model = details.name;
    ui.summary.dataset.state = 'loaded';
    ui.topK.max = details.labels.length || '';
    ui.maxWidth.min = smallestWholeWidth(details);
    clampNumber(ui.maxWidth, ui.maxWidthHint);
    clampNumber(ui.topK, ui.topKHint);
  } catch (problem) {
    if (problem.name === 'AbortError') return;
    ui.modelFacts.textContent = 'The model’s summary is not available.';
    ui.summary.dataset.state = 'failed';
    showError(problem);
  }
}

/**
 * The smallest width budget that draws every map of the model whole: its widest map with the
 * 1 px padding between tiles. Below it the tiles are cut to squares of a few pixels.
 */
function smallestWholeWidth(details) {
  const widths = details.layers
    .map((layer) => layer.output_shape)
    .filter((shape) => shape.length === 3 && shape[0] !== 3)
    .map((shape) => (shape[2] > 1 ? shape[2] + 1 : 1));
  const { min, max } = state.options.limits.max_width;
  return Math.min(max, Math.max(min, ...widths));
}

/**
 * Brings a number field within its min and max (an empty one back to its default), saying beside
 * it what changed; answers the value to send.
 */
function clampNumber(input, hint) {
  const min = input.min === '' ? -Infinity : Number(input.min);
  const max = input.max === '' ? Infinity : Number(input.max);
  const given = input.value.trim() === '' ? NaN : Number(input.value);
  let value = Number.isFinite(given) ? Math.round(given) : Number(input.defaultValue || input.min);
  let note = '';
  if (value < min) {
    value = min;
    note = input === ui.topK ? `at least ${min}` : `at least ${min} px, so every map is drawn whole`;
  } else if (value > max) {
    value = max;
    note = input === ui.topK ? `the model has ${max} classes` : `at most ${max} px`;
  }
  if (String(value) !== input.value) input.value = value;
  hint.textContent = note;
  hint.hidden = !note;
  return value;
}

function showModelFacts(details) {
  const input = details.input;
  const std = input.std || [];
  ui.modelFacts.replaceChildren(...[
    el('span', { class: details.pretrained ? 'badge ok' : 'badge warn',
      text: details.pretrained ? 'pretrained' : 'random weights' }),
    ` ${input.channels}×${input.height}×${input.width} input · ${input.preprocessing} · `,
    // Each channel's divisor after the mean (torchvision-style models), on the 0..255 scale.
    std.length ? el('span', { dataset: { testid: 'model-std' },
      text: `std ${std.map(formatNumber).join(' / ')} · ` }) : null,
    `${details.labels.length} classes · ${formatCount(details.parameter_count)} parameters`,
  ].filter(Boolean));
}

// ---- adding a model ----

/** The chosen model files, or a sentence saying why they cannot be sent. */
function modelFilesProblem(files) {
  if (!files.length) return 'Choose the model’s files.';
  const unknown = files.filter((file) => !modelField(file));
  if (unknown.length) {
    return `${unknown.map((file) => file.name).join(', ')}: not a model file this page knows `
      + '(.prototxt, .caffemodel, .binaryproto, .onnx, .zip, .h5).';
  }
  return null;
}

function updateAddButton() {
  const problem = modelFilesProblem([...ui.modelFiles.files]);
  ui.addModel.disabled = problem !== null;
  ui.uploadStatus.textContent = ui.modelFiles.files.length ? problem || '' : '';
}

async function addModel() {
  hideError();
  ui.addModel.disabled = true;
  ui.uploadProgress.hidden = false;
  ui.uploadProgress.value = 0;
  ui.uploadStatus.textContent = 'Uploading…';
  try {
    const stored = await uploadModel({
      files: [...ui.modelFiles.files],
      labels: ui.modelLabels.files[0],
      name: ui.modelName.value.trim(),
      preset: ui.modelPreset.value,
    }, (fraction) => {
      ui.uploadProgress.value = fraction;
      ui.uploadStatus.textContent = fraction < 1
        ? `Uploading… ${Math.round(100 * fraction)}%` : 'Checking and storing the model…';
    });
    const shown = stored.model.display_name || stored.run;
    ui.uploadStatus.textContent = `${stored.already_stored ? 'Already stored' : 'Added'}: ${shown}`;
    await loadModels(stored.run);
  } catch (problem) {
    ui.uploadStatus.textContent = 'The model was not added.';
    showError(problem, UPLOAD_SENTENCES);
  } finally {
    ui.uploadProgress.hidden = true;
    // The status stays: it says how this upload ended.
    ui.addModel.disabled = modelFilesProblem([...ui.modelFiles.files]) !== null;
  }
}

// ---- the image ----

/** Why the page will not send a file as an image, as a problem to show; null when it will. */
function imageRefusal(file) {
  const { uploads } = state.options;
  const type = file.type || typeFromName(file.name);
  if (!uploads.image_types.includes(type)) {
    return { sentence: `“${file.name}” is not a PNG or JPEG image, so it was not sent.`,
      detail: `The gateway reads ${uploads.image_types.join(' and ')}; this file is ${file.type || 'of an unknown type'}.` };
  }
  if (file.size > uploads.image_bytes) {
    return { sentence: `“${file.name}” is too large to send: the gateway takes images up to ${formatBytes(uploads.image_bytes)}.`,
      detail: `The file has ${formatCount(file.size)} bytes; the limit is ${formatCount(uploads.image_bytes)}.` };
  }
  return null;
}

/**
 * The chosen file's bytes as they are now, kept with the run: the layer dialog and "why?" then ask
 * about the image the run was made from, even once the file has changed on disk (the browser
 * refuses to read a chosen file that changed).
 */
async function bytesOf(file) {
  return new File([await file.arrayBuffer()], file.name, { type: file.type || typeFromName(file.name) });
}

function typeFromName(name) {
  const lower = name.toLowerCase();
  if (lower.endsWith('.png')) return 'image/png';
  if (lower.endsWith('.jpg') || lower.endsWith('.jpeg')) return 'image/jpeg';
  return '';
}

function setImage(file) {
  if (!file || !state.options) return;
  hideError();
  const refusal = imageRefusal(file);
  if (refusal) {
    forgetImage();
    ui.image.value = '';
    showError(refusal);
    return;
  }
  state.image = file;
  state.imageReadable = false;
  if (ui.preview.src) URL.revokeObjectURL(ui.preview.src);
  ui.preview.hidden = false;
  ui.preview.removeAttribute('style');
  ui.dropzone.classList.add('has-image');
  ui.caption.hidden = false;
  ui.caption.textContent = `${file.name} · ${formatBytes(file.size)}`;
  ui.preview.src = URL.createObjectURL(file);
  updateRunButton();
}

function forgetImage() {
  state.image = null;
  state.imageReadable = false;
  ui.preview.hidden = true;
  ui.caption.hidden = true;
  ui.dropzone.classList.remove('has-image');
  updateRunButton();
}

function previewLoaded() {
  state.imageReadable = true;
  updateRunButton();
  const { naturalWidth: width, naturalHeight: height } = ui.preview;
  const scale = wholeScale(width, height, PREVIEW_PX);
  ui.preview.style.width = `${Math.round(width * scale)}px`;
  ui.preview.classList.toggle('pixelated', scale > 1);
  ui.caption.textContent = `${state.image.name} · ${width} × ${height} · ${formatBytes(state.image.size)}`;
}

function previewFailed() {
  if (!state.image) return;
  state.imageReadable = false;
  ui.preview.hidden = true;
  ui.caption.textContent = `${state.image.name} · ${formatBytes(state.image.size)} · `
    + 'not a picture the browser can read';
  showError({ sentence: `“${state.image.name}” cannot be read as an image, so it cannot be run.`,
    detail: 'The browser could not decode it as a PNG or JPEG: the file may be damaged or of another kind.' });
  updateRunButton();
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function updateRunButton() {
  ui.runButton.disabled = !state.options || !state.image || !state.imageReadable || !ui.model.value;
}

// ---- a run ----

async function run() {
  if (!state.image || !state.imageReadable || !ui.model.value) return;
  state.runController?.abort();
  const controller = new AbortController();
  state.runController = controller;
  const chosen = state.image;
  let image;
  try {
    image = await bytesOf(chosen);
  } catch {
    if (state.runController === controller) {
      showError({ sentence: `“${chosen.name}” cannot be read any more, so it was not sent: choose it again.`,
        detail: 'The file changed or was removed after it was chosen.' });
    }
    return;
  }
  if (state.runController !== controller) return;
  const options = {
    model: ui.model.value,
    colormap: ui.colormap.value,
    maxWidth: String(clampNumber(ui.maxWidth, ui.maxWidthHint)),
    topK: String(clampNumber(ui.topK, ui.topKHint)),
    image,
  };
  // The last run stays on the page until this one has started: a refusal leaves it there.
  const previous = state.run;
  const pending = { ...options, layers: new Map(), total: 0, done: 0, started: false };
  hideError();
  ui.runButton.classList.add('busy');
  ui.runButton.textContent = 'Running…';
  const params = new URLSearchParams({
    model: options.model, top_k: options.topK, colormap: options.colormap, max_width: options.maxWidth,
  });
  const startedAt = performance.now();
  try {
    for await (const event of runEvents(params, options.image, controller.signal)) {
      if (state.runController !== controller) return;
      if (!pending.started) {
        pending.started = true;
        state.run = pending;
        startRunView(options);
      }
      handleEvent(event, startedAt);
    }
  } catch (problem) {
    if (problem.name === 'AbortError' || state.runController !== controller) return;
    if (pending.started) {
      setProgress('failed', `stopped after ${pending.done} of ${pending.total || '?'} layers`);
    } else {
      state.run = previous;
      ui.progress.dataset.refused = 'true';
    }
    showError(problem, RUN_SENTENCES);
  } finally {
    if (state.runController === controller) {
      ui.runButton.classList.remove('busy');
      ui.runButton.textContent = 'Run';
      updateRunButton();
    }
  }
}

function startRunView(options) {
  ui.intro.hidden = true;
  ui.run.hidden = false;
  ui.layers.hidden = false;
  delete ui.progress.dataset.refused;
  ui.runTitle.replaceChildren(el('span', { class: 'mono', text: options.model }), ' on ',
    el('span', { class: 'mono', text: options.image.name }));
  ui.badges.replaceChildren();
  ui.weightsNotice.hidden = true;
  ui.predictions.replaceChildren();
  why.reset();
  ui.grid.replaceChildren();
  setProgress('running', 'sending the image…');
}

function handleEvent(event, startedAt) {
  const current = state.run;
  switch (event.type) {
    case 'started':
      current.total = event.layer_count;
      ui.badges.replaceChildren(...[
        el('span', { class: event.pretrained ? 'badge ok' : 'badge warn',
          text: event.pretrained ? 'pretrained' : 'random weights' }),
        event.from_manifest ? storedRunBadge() : null,
        el('span', { class: 'digest', title: `image SHA-256 ${event.image_digest}`,
          text: `image ${event.image_digest.slice(0, 12)}` }),
      ].filter(Boolean));
      setProgress('running', `layer 0 of ${current.total}`);
      break;
    case 'predictions':
      // The gateway words the notice; the page shows it as it is, beside the predictions.
      ui.weightsNotice.textContent = event.weights_notice || '';
      ui.weightsNotice.hidden = !event.weights_notice;
      current.predictions = event.predictions;
      ui.predictions.replaceChildren(...event.predictions.map((prediction, rank) =>
        predictionRow(prediction, rank, whyButton(prediction, current))));
      break;
    case 'layer':
      current.done += 1;
      addLayer(event.layer);
      setProgress('running', `layer ${current.done} of ${current.total} · ${event.layer.name}`);
      break;
    case 'finished': {
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
      if (event.from_manifest && !ui.badges.querySelector('.stored')) ui.badges.append(storedRunBadge());
      setProgress('finished', `all ${current.done} layers in ${seconds} s`);
      break;
    }
    default:
      break; // Newer event types are for newer pages.
  }
}

function storedRunBadge() {
  return el('span', { class: 'badge stored', dataset: { testid: 'from-manifest' },
    text: 'answered from a stored run' });
}

function setProgress(phase, text) {
  const { done, total } = state.run;
  ui.progress.dataset.state = phase;
  ui.progress.dataset.done = done;
  ui.progress.dataset.total = total;
  const fraction = phase === 'finished' ? 1 : total ? done / total : 0;
  ui.progress.querySelector('.progress-fill').style.width = `${(fraction * 100).toFixed(1)}%`;
  ui.progress.querySelector('.progress-text').textContent = text;
}

/** Puts a layer's card in network order: each layer's activations, then its weights. */
function addLayer(layer) {
  state.run.layers.set(`${layer.name}/${layer.kind}`, layer);
  const card = layerCard(layer);
  card.dataset.order = orderOf(layer);
  const after = [...ui.grid.children].find((other) => Number(other.dataset.order) > Number(card.dataset.order));
  ui.grid.insertBefore(card, after || null);
}

function orderOf(layer) {
  const names = state.summary && state.summary.name === state.run.model
    ? state.summary.layers.map((each) => each.name) : [];
  const index = names.indexOf(layer.name);
  const position = index >= 0 ? index : names.length + state.run.done;
  return position * 2 + (layer.kind === 'weights' ? 1 : 0);
}

function openLayer(card) {
  const layer = state.run?.layers.get(`${card.dataset.layer}/${card.dataset.kind}`);
  if (layer) detail.open(layer, state.run);
}

// ---- wiring ----

ui.maxWidth.addEventListener('change', () => clampNumber(ui.maxWidth, ui.maxWidthHint));
ui.topK.addEventListener('change', () => clampNumber(ui.topK, ui.topKHint));
ui.model.addEventListener('change', () => {
  hideError();
  updateRunButton();
  loadSummary(ui.model.value);
});
ui.image.addEventListener('change', () => setImage(ui.image.files[0]));
ui.modelFiles.addEventListener('change', updateAddButton);
ui.addModel.addEventListener('click', addModel);
ui.preview.addEventListener('load', previewLoaded);
ui.preview.addEventListener('error', previewFailed);
for (const type of ['dragenter', 'dragover']) {
  ui.dropzone.addEventListener(type, (event) => {
    event.preventDefault();
    ui.dropzone.classList.add('dragging');
  });
}
for (const type of ['dragleave', 'drop']) {
  ui.dropzone.addEventListener(type, () => ui.dropzone.classList.remove('dragging'));
}
ui.dropzone.addEventListener('drop', (event) => {
  event.preventDefault();
  setImage(event.dataTransfer.files[0]);
});
document.addEventListener('paste', (event) => {
  const file = [...(event.clipboardData?.files || [])].find((each) => each.type.startsWith('image/'));
  if (file) setImage(file);
});
ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  run();
});
ui.predictions.addEventListener('click', (event) => {
  const button = event.target.closest('.why-button');
  const prediction = button && state.run?.predictions
    ?.find((each) => String(each.class_index) === button.dataset.classIndex);
  if (prediction) why.open(prediction, state.run, button);
});
ui.grid.addEventListener('click', (event) => {
  const card = event.target.closest('.layer-card');
  if (card) openLayer(card);
});
ui.grid.addEventListener('keydown', (event) => {
  const card = event.target.closest('.layer-card');
  if (card && (event.key === 'Enter' || event.key === ' ')) {
    event.preventDefault();
    openLayer(card);
  }
});
for (const radio of ui.layers.querySelectorAll('input[name="show"]')) {
  radio.addEventListener('change', () => {
    ui.grid.dataset.show = radio.value;
  });
}

loadOptions().then((loaded) => loaded && loadModels());
