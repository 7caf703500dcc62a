// Convscope's data-set jobs: follow them as they run, then read what each channel is for.

import {
  cancelJob, createJob, jobSummary, listDatasets, listJobs, listModels, runOptions, uploadDatasetFile,
} from './api.js';
import { showProblem } from './problems.js';
import { channelTile } from './tiles.js';
import { el, formatCount, formatNumber } from './views.js';

/** How often the list is read again while a job runs, and while none does. */
const POLL_RUNNING_MS = 1000;
const POLL_IDLE_MS = 10000;
/** Channels shown at first, and how many more each press of "more" adds. */
const CHANNELS_PAGE = 24;
/** The side of a top image's thumbnail, in CSS pixels; a channel's map is at most this big. */
const THUMB_PX = 56;

const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

const ui = {
  form: byTestId('job-form'),
  model: byTestId('job-model-select'),
  dataset: byTestId('dataset-select'),
  datasetFacts: byTestId('dataset-facts'),
  imagesFile: byTestId('dataset-images-input'),
  labelsFile: byTestId('dataset-labels-input'),
  uploadButton: byTestId('dataset-upload-button'),
  uploadProgress: byTestId('dataset-upload-progress'),
  uploadStatus: byTestId('dataset-upload-status'),
  error: byTestId('error'),
  jobs: byTestId('jobs'),
  list: byTestId('jobs-list'),
  empty: byTestId('jobs-empty'),
  note: byTestId('jobs-note'),
  summary: byTestId('job-summary'),
  summaryId: byTestId('summary-job-id'),
  summaryFacts: byTestId('summary-facts'),
  accuracy: byTestId('summary-accuracy'),
  confusion: byTestId('confusion-matrix'),
  health: byTestId('health-table'),
  layer: byTestId('layer-select'),
  channels: byTestId('channel-rows'),
  more: byTestId('channels-more'),
  means: byTestId('class-means'),
};

const state = {
  jobs: [],
  datasets: [], // the uploaded IDX image files
  uploads: null, // the gateway's upload limits, from /api/v1/options
  timer: null,
  summary: null, // the open job's summary
  summaryController: null,
  shown: CHANNELS_PAGE, // how many channels of the chosen layer are listed
  channel: 0, // the channel whose class means are drawn
};

/** Lead sentences for a job's refusals, where the status alone would say less. */
const UPLOAD_SENTENCES = {
  400: 'The data set was not uploaded: the gateway could not use these files.',
  404: 'The labels were not stored: their images are not in the bucket any more.',
};
const JOB_SENTENCES = {
  400: 'The job was not started: the gateway could not use this data set or these settings.',
  404: 'The job was not started: the data set is not in the bucket.',
};

function showError(problem, sentences = {}) {
  showProblem(ui.error, problem, sentences);
}

function hideError() {
  ui.error.hidden = true;
}

/** An accuracy as the page shows it: a percentage with one decimal. */
export function formatAccuracy(accuracy) {
  return accuracy === null || accuracy === undefined ? 'unlabelled' : `${(accuracy * 100).toFixed(1)} %`;
}

function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined || seconds < 0 || !Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function formatWhen(created) {
  const date = new Date(created);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

// ---- the list ----

async function refresh() {
  clearTimeout(state.timer);
  try {
    state.jobs = await listJobs();
    renderJobs();
    ui.jobs.dataset.state = 'loaded';
  } catch (problem) {
    ui.jobs.dataset.state = 'failed';
    showError(problem);
  }
  const running = state.jobs.some((job) => job.state === 'running');
  ui.note.textContent = running ? 'updated every second while a job runs' : '';
  state.timer = setTimeout(refresh, running ? POLL_RUNNING_MS : POLL_IDLE_MS);
}

function renderJobs() {
  const jobs = [...state.jobs].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
  ui.empty.hidden = jobs.length > 0;
  ui.list.replaceChildren(...jobs.map(jobRow));
}

function jobRow(job) {
  const fraction = job.items ? Math.min(1, job.done / job.items) : 0;
  const open = state.summary?.job_id === job.job_id;
  const finished = job.state === 'finished';
  const row = el('tr', {
    class: `job-row${open ? ' open' : ''}${finished ? ' openable' : ''}`,
    tabindex: finished ? 0 : null,
    title: finished ? 'open what the job found' : job.reason || null,
    dataset: {
      testid: 'job-row', jobId: job.job_id, state: job.state, done: job.done, items: job.items,
    },
  },
  el('td', {},
    el('span', { class: 'mono job-id', text: job.job_id, dataset: { testid: 'job-id' } }),
    el('span', { class: 'job-when', text: formatWhen(job.created_at) })),
  el('td', { class: 'mono', text: job.model }),
  el('td', { class: 'job-dataset', text: job.dataset || '–', dataset: { testid: 'job-dataset' } }),
  el('td', {}, el('span', { class: `badge job-state ${job.state}`, text: job.state, dataset: { testid: 'job-state' } }),
    job.reason ? el('span', { class: 'job-reason', text: job.reason }) : null),
  el('td', { class: 'progress-col' },
    el('div', { class: 'progress', dataset: { state: job.state } },
      el('div', { class: 'progress-track' },
        el('div', { class: 'progress-fill', style: `width: ${(fraction * 100).toFixed(1)}%` })),
      el('span', { class: 'progress-text', dataset: { testid: 'job-progress' },
        text: `${formatCount(job.done)} / ${formatCount(job.items)}` }))),
  el('td', { class: job.failed ? 'num failed' : 'num', text: formatCount(job.failed) }),
  el('td', { class: 'num', text: job.images_per_second ? job.images_per_second.toFixed(1) : '–',
    dataset: { testid: 'job-rate' } }),
  el('td', { class: 'num', text: job.state === 'running' ? formatSeconds(job.seconds_left) : '–' }),
  el('td', { class: 'actions' },
    job.state === 'running'
      ? el('button', { type: 'button', class: 'small danger', dataset: { testid: 'job-cancel', action: 'cancel' }, text: 'Cancel' })
      : null,
    finished
      ? el('button', { type: 'button', class: 'small', dataset: { testid: 'job-open', action: 'open' }, text: open ? 'Shown' : 'Open' })
      : null));
  return row;
}

async function cancel(jobId) {
  hideError();
  try {
    await cancelJob(jobId);
  } catch (problem) {
    showError(problem);
  }
  refresh();
}

// ---- a job's summary ----

async function openSummary(jobId) {
  hideError();
  state.summaryController?.abort();
  const controller = new AbortController();
  state.summaryController = controller;
  ui.summary.hidden = false;
  ui.summary.dataset.state = 'loading';
  ui.summaryId.textContent = jobId;
  history.replaceState(null, '', `#job=${encodeURIComponent(jobId)}`);
  try {
    const summary = await jobSummary(jobId, controller.signal);
    state.summary = summary;
    showSummary(summary);
    renderJobs();
    ui.summary.dataset.state = 'loaded';
    ui.summary.dataset.jobId = summary.job_id;
  } catch (problem) {
    if (problem.name === 'AbortError') return;
    ui.summary.dataset.state = 'failed';
    showError(problem);
  }
}

function showSummary(summary) {
  ui.summaryFacts.textContent = `${formatCount(summary.items)} images · ${formatCount(summary.failed)} failed`
    + ` · ${summary.layers.length} layers`;
  ui.accuracy.textContent = formatAccuracy(summary.accuracy);
  ui.accuracy.dataset.accuracy = summary.accuracy ?? '';
  fillConfusion(summary);
  fillHealth(summary);
  ui.layer.replaceChildren(...summary.layers.map((layer) =>
    el('option', { value: layer.name, text: `${layer.name} · ${layer.channels.length} channels` })));
  ui.layer.value = summary.layers[0]?.name || '';
  chooseLayer();
}

/**
 * One row per layer: the channels that never fired on any image of the job, and those whose
 * maximum stayed all but constant, each listed (the first twelve, then how many more).
 */
function fillHealth(summary) {
  const listed = (channels) => {
    if (!channels?.length) return '—';
    const shown = channels.slice(0, 12).join(', ');
    return channels.length > 12 ? `${channels.length}: ${shown}, …` : `${channels.length}: ${shown}`;
  };
  ui.health.tBodies[0].replaceChildren(...summary.layers.map((layer) => el('tr', {
    class: layer.never_fired?.length || layer.constant?.length ? 'warn' : '',
    dataset: { testid: 'health-row', layer: layer.name,
      neverFired: layer.never_fired?.length || 0, constant: layer.constant?.length || 0 },
  },
  el('th', { scope: 'row', class: 'mono', text: layer.name }),
  el('td', { text: formatCount(layer.channels.length) }),
  el('td', { text: listed(layer.never_fired) }),
  el('td', { text: listed(layer.constant) }))));
}

/** Rows are the true labels, columns the predictions; each cell is shaded by its share of the row. */
function fillConfusion(summary) {
  const labels = summary.labels;
  const matrix = summary.confusion || [];
  const wrap = ui.confusion.closest('.confusion-wrap');
  wrap.hidden = matrix.length === 0;
  const short = (label) => (label.length > 8 ? `${label.slice(0, 7)}…` : label);
  const head = el('thead', {}, el('tr', {}, el('th', { class: 'corner', text: 'true \\ predicted' }),
    ...labels.map((label, j) => el('th', { class: 'col-label', title: `predicted ${label}`, text: short(label), dataset: { index: j } }))));
  const body = el('tbody', {}, ...matrix.map((row, i) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return el('tr', {}, el('th', { class: 'row-label', text: labels[i] ?? i }),
      ...row.map((count, j) => {
        const share = total ? count / total : 0;
        const hue = i === j ? '45 99 227' : '180 35 24';
        const style = count ? `background: rgb(${hue} / ${(0.1 + share * 0.9).toFixed(3)});` : '';
        return el('td', {
          class: `cell${i === j ? ' diagonal' : ''}${share > 0.5 ? ' dark' : ''}${count ? '' : ' zero'}`,
          style,
          title: `${labels[i]} taken for ${labels[j]}: ${count} of ${total}`,
          dataset: { testid: 'confusion-cell', row: i, col: j, count },
          text: count,
        });
      }));
  }));
  ui.confusion.replaceChildren(head, body);
}

function currentLayer() {
  return state.summary?.layers.find((layer) => layer.name === ui.layer.value);
}

function chooseLayer() {
  state.shown = CHANNELS_PAGE;
  state.channel = currentLayer()?.channels[0]?.channel ?? 0;
  renderChannels();
}

function renderChannels() {
  const layer = currentLayer();
  if (!layer) {
    ui.channels.replaceChildren();
    ui.more.hidden = true;
    return;
  }
  const shown = layer.channels.slice(0, state.shown);
  ui.channels.dataset.layer = layer.name;
  ui.channels.replaceChildren(...shown.map((channel) => channelRow(layer, channel)));
  const left = layer.channels.length - shown.length;
  ui.more.hidden = left <= 0;
  ui.more.textContent = `${Math.min(left, CHANNELS_PAGE)} more of ${left} channels`;
  drawClassMeans();
}

function channelRow(layer, channel) {
  const selected = channel.channel === state.channel;
  return el('div', {
    class: `channel-row-item${selected ? ' selected' : ''}`,
    tabindex: 0,
    role: 'button',
    'aria-pressed': String(selected),
    dataset: { testid: 'channel-row', layer: layer.name, channel: channel.channel },
  },
  el('span', { class: 'channel-name' }, el('small', { text: 'ch' }), ` ${channel.channel}`),
  el('div', { class: 'top-images' }, ...channel.top.map((top) => el('figure', { class: 'top-image' },
    el('img', {
      src: top.image_url,
      width: THUMB_PX,
      height: THUMB_PX,
      alt: `data-set item ${top.item}, which drives ${layer.name} channel ${channel.channel} to ${formatNumber(top.value)}`,
      loading: 'eager',
      class: 'pixelated',
      title: `item ${top.item}: ${formatNumber(top.value)} · run ${top.run_id.slice(0, 12)}`,
      dataset: { testid: 'top-image', item: top.item, value: top.value },
    }),
    channelMap(layer, channel.channel, top),
    el('figcaption', { text: formatNumber(top.value) })))),
  meansSparkline(channel.class_means));
}

/**
 * The channel's own activation map on a top image: its tile, cut out of the layer's tile picture
 * (every channel's map) with CSS, scaled by a whole number so each pixel stays a sharp square.
 * data-crop says what is shown: "channel" once cut out; "none" when the picture holds no map of
 * this channel alone; "whole" when the picture is not laid out as the layer's shape says.
 */
function channelMap(layer, channel, top) {
  const tile = top.map_url ? channelTile(layer.shape, state.summary.max_width, channel) : null;
  const box = el('div', {
    class: 'channel-map pixelated',
    role: 'img',
    'aria-label': `${layer.name} channel ${channel} on item ${top.item}`,
    dataset: { testid: 'channel-map', crop: 'pending', channel },
  });
  if (!tile) {
    box.dataset.crop = 'none';
    box.title = 'the layer picture holds no map of this channel alone';
    return box;
  }
  const scale = Math.max(1, Math.floor(THUMB_PX / Math.max(tile.width, tile.height)));
  Object.assign(box.dataset, {
    x: tile.x, y: tile.y, width: tile.width, height: tile.height, scale,
  });
  box.style.width = `${tile.width * scale}px`;
  box.style.height = `${tile.height * scale}px`;
  const picture = new Image();
  picture.onload = () => {
    box.style.backgroundImage = `url("${top.map_url}")`;
    if (picture.naturalWidth !== tile.pictureWidth || picture.naturalHeight !== tile.pictureHeight) {
      box.dataset.crop = 'whole';
      box.style.backgroundSize = 'contain';
      return;
    }
    box.style.backgroundSize = `${tile.pictureWidth * scale}px ${tile.pictureHeight * scale}px`;
    box.style.backgroundPosition = `${-tile.x * scale}px ${-tile.y * scale}px`;
    box.dataset.crop = 'channel';
  };
  picture.onerror = () => { box.dataset.crop = 'error'; };
  picture.src = top.map_url;
  return box;
}

/** A small bar chart of a channel's mean per class, for its row. */
function meansSparkline(means) {
  return barChart(means, state.summary.labels, { width: 120, height: 36, labelled: false });
}

function drawClassMeans() {
  const layer = currentLayer();
  const channel = layer?.channels.find((each) => each.channel === state.channel);
  ui.means.hidden = !channel;
  if (!channel) return;
  ui.means.querySelector('.class-means-channel').textContent = `${layer.name} ch ${channel.channel}`;
  ui.means.querySelector('.class-means-chart').replaceChildren(
    barChart(channel.class_means, state.summary.labels, { width: 280, height: 22 * channel.class_means.length, labelled: true }));
  ui.means.dataset.channel = channel.channel;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/**
 * Bars for values per class: a column chart when small, or labelled horizontal bars with the
 * values beside them. Negative means (activations before a ReLU) grow left of the zero line.
 */
function barChart(values, labels, { width, height, labelled }) {
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const span = high - low || 1;
  if (!labelled) {
    const step = width / Math.max(values.length, 1);
    const zero = height - ((0 - low) / span) * height;
    const bars = values.map((value, i) => {
      const top = height - ((value - low) / span) * height;
      return svg('rect', {
        x: (i * step + 1).toFixed(2), y: Math.min(top, zero).toFixed(2),
        width: Math.max(step - 2, 1).toFixed(2), height: Math.max(Math.abs(zero - top), value ? 1 : 0).toFixed(2),
      }, svg('title', {}, `${labels[i] ?? i}: ${formatNumber(value)}`));
    });
    return svg('svg', {
      class: 'means-spark', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
      'aria-label': 'mean activation per class',
    }, ...bars);
  }
  const labelWidth = 92;
  const valueWidth = 52;
  const plot = width - labelWidth - valueWidth;
  const row = height / Math.max(values.length, 1);
  const zero = labelWidth + ((0 - low) / span) * plot;
  const best = values.indexOf(Math.max(...values));
  const parts = values.flatMap((value, i) => {
    const x = labelWidth + ((Math.min(value, 0) - low) / span) * plot;
    const length = (Math.abs(value) / span) * plot;
    const y = i * row;
    return [
      svg('text', { x: labelWidth - 6, y: y + row / 2, class: 'bar-label', 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        labels[i] ?? String(i)),
      svg('rect', { x: x.toFixed(2), y: (y + 3).toFixed(2), width: Math.max(length, value ? 1 : 0).toFixed(2),
        height: (row - 6).toFixed(2), class: i === best ? 'bar best' : 'bar', rx: 2 },
      svg('title', {}, `${labels[i] ?? i}: ${formatNumber(value)}`)),
      svg('text', { x: width - 2, y: y + row / 2, class: 'bar-value', 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        formatNumber(value)),
    ];
  });
  return svg('svg', {
    class: 'means-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': 'mean activation per class', 'data-testid': 'class-means-chart',
  }, svg('line', { x1: zero, x2: zero, y1: 0, y2: height, class: 'axis' }), ...parts);
}

function selectChannel(item) {
  state.channel = Number(item.dataset.channel);
  for (const each of ui.channels.children) {
    const selected = each === item;
    each.classList.toggle('selected', selected);
    each.setAttribute('aria-pressed', String(selected));
  }
  drawClassMeans();
}

// ---- data sets ----

let datasetListings = 0; // the latest listing asked for; an earlier one answering late is dropped

async function loadDatasets(chosen = ui.dataset.value) {
  const listing = ++datasetListings;
  let datasets;
  try {
    datasets = await listDatasets();
  } catch (problem) {
    showError(problem);
    return;
  }
  if (listing !== datasetListings) return;
  state.datasets = datasets;
  ui.dataset.replaceChildren(...(state.datasets.length
    ? state.datasets.map((file) => el('option', { value: file.key, text: datasetName(file) }))
    : [el('option', { value: '', text: 'none uploaded yet: upload one below' })]));
  if (state.datasets.some((file) => file.key === chosen)) ui.dataset.value = chosen;
  showDatasetFacts();
}

function datasetName(file) {
  return `${file.name} · ${formatCount(file.items)} images${file.labels ? ' · labelled' : ''}`;
}

function chosenDataset() {
  return state.datasets.find((file) => file.key === ui.dataset.value);
}

function showDatasetFacts() {
  const file = chosenDataset();
  ui.datasetFacts.textContent = file
    ? `${formatCount(file.items)} images of ${file.rows} × ${file.cols}, `
      + `${file.labels ? 'with labels: the job measures accuracy' : 'no labels: no accuracy'}`
    : '';
  ui.datasetFacts.title = file ? file.key : '';
}

/** Why the chosen files cannot be uploaded, or null. */
function uploadProblem() {
  const files = [ui.imagesFile.files[0], ui.labelsFile.files[0]].filter(Boolean);
  if (!ui.imagesFile.files[0]) return 'Choose the IDX images file.';
  const limit = state.uploads?.dataset_bytes;
  const large = files.find((file) => limit && file.size > limit);
  if (large) {
    return `${large.name} is too large to send: the gateway takes data-set files up to `
      + `${formatCount(limit)} bytes.`;
  }
  return null;
}

function updateUploadButton() {
  const problem = uploadProblem();
  ui.uploadButton.disabled = problem !== null;
  ui.uploadStatus.textContent = ui.imagesFile.files.length || ui.labelsFile.files.length ? problem || '' : '';
}

/** Uploads the images, then the labels for them, with progress; the list then chooses them. */
async function uploadDataset() {
  hideError();
  const images = ui.imagesFile.files[0];
  const labels = ui.labelsFile.files[0];
  const total = images.size + (labels ? labels.size : 0);
  ui.uploadButton.disabled = true;
  ui.uploadProgress.hidden = false;
  ui.uploadProgress.value = 0;
  ui.uploadStatus.textContent = 'Uploading…';
  const progress = (before) => (fraction) => {
    const sent = (before + fraction * (before === 0 ? images.size : labels.size)) / total;
    ui.uploadProgress.value = sent;
    ui.uploadStatus.textContent = `Uploading… ${Math.round(100 * sent)}%`;
  };
  try {
    const stored = await uploadDatasetFile(images, null, progress(0));
    if (labels) await uploadDatasetFile(labels, stored.key, progress(images.size));
    ui.uploadStatus.textContent = `Uploaded: ${stored.name}, ${formatCount(stored.items)} images`
      + `${labels ? ', labelled' : ''}.`;
    await loadDatasets(stored.key);
  } catch (problem) {
    ui.uploadStatus.textContent = 'The data set was not uploaded.';
    showError(problem, UPLOAD_SENTENCES);
  } finally {
    ui.uploadProgress.hidden = true;
    ui.uploadButton.disabled = uploadProblem() !== null;
  }
}

// ---- starting a job ----

async function loadLimits() {
  try {
    state.uploads = (await runOptions()).uploads;
  } catch (problem) {
    showError(problem);
  }
}

async function loadModels() {
  try {
    const models = await listModels();
    ui.model.replaceChildren(...models.map((model) => el('option', { value: model.name, text: model.name })));
    if (models.some((model) => model.name === 'fashion-mnist')) ui.model.value = 'fashion-mnist';
  } catch (problem) {
    showError(problem);
  }
}

async function start() {
  hideError();
  const form = new FormData(ui.form);
  const dataset = chosenDataset();
  if (!dataset) {
    showError({ sentence: 'Choose a data set first, or upload one.', detail: '' });
    return;
  }
  const spec = { model: form.get('model'), idx_images: dataset.key };
  if (dataset.labels) spec.idx_labels = dataset.labels;
  for (const name of ['limit', 'shard_size', 'top_n']) {
    if (form.get(name)) spec[name] = Number(form.get(name));
  }
  const button = byTestId('job-start');
  button.disabled = true;
  try {
    await createJob(spec);
    await refresh();
  } catch (problem) {
    showError(problem, JOB_SENTENCES);
  } finally {
    button.disabled = false;
  }
}

// ---- wiring ----

ui.list.addEventListener('click', (event) => {
  const row = event.target.closest('.job-row');
  if (!row) return;
  const action = event.target.closest('button')?.dataset.action;
  if (action === 'cancel') cancel(row.dataset.jobId);
  else if (row.dataset.state === 'finished') openSummary(row.dataset.jobId);
});
ui.list.addEventListener('keydown', (event) => {
  const row = event.target.closest('.job-row');
  if (row && event.target === row && (event.key === 'Enter' || event.key === ' ') && row.dataset.state === 'finished') {
    event.preventDefault();
    openSummary(row.dataset.jobId);
  }
});
ui.layer.addEventListener('change', chooseLayer);
ui.more.addEventListener('click', () => {
  state.shown += CHANNELS_PAGE;
  renderChannels();
});
ui.channels.addEventListener('click', (event) => {
  const item = event.target.closest('.channel-row-item');
  if (item) selectChannel(item);
});
ui.channels.addEventListener('keydown', (event) => {
  const item = event.target.closest('.channel-row-item');
  if (item && (event.key === 'Enter' || event.key === ' ')) {
    event.preventDefault();
    selectChannel(item);
  }
});
ui.dataset.addEventListener('change', showDatasetFacts);
ui.imagesFile.addEventListener('change', updateUploadButton);
ui.labelsFile.addEventListener('change', updateUploadButton);
ui.uploadButton.addEventListener('click', uploadDataset);
ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  start();
});

const linked = new URLSearchParams(location.hash.slice(1)).get('job');
if (linked) openSummary(linked);
loadModels();
loadLimits();
loadDatasets();
refresh();
