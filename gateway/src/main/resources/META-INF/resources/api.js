// The gateway's REST API as the page uses it: models, runs (streamed or whole), explanations,
// data-set jobs and problems.

/** An RFC 9457 problem (or a failure described as one), thrown by every call here. */
export class Problem extends Error {
  constructor({ type = 'about:blank', title = 'Error', status = 0, detail = '' } = {}) {
    super(detail || title);
    this.type = type;
    this.title = title;
    this.status = status;
    this.detail = detail;
  }
}

const NDJSON = 'application/x-ndjson';

/** The options a run accepts: colormaps with their swatches, views, defaults and limits. */
export function runOptions(signal) {
  return getJson('/api/v1/options', signal);
}

/** The models the gateway can run: [{name, source, pretrained?, digest?}]. */
export function listModels(signal) {
  return getJson('/api/v1/models', signal);
}

/** A model's summary: input, parameter_count, labels and layers with their parameters. */
export function describeModel(name, signal) {
  return getJson(`/api/v1/models/${encodeURIComponent(name)}`, signal);
}

/** Which form field a model file goes in, by its name's ending (as the gateway reads a form). */
const MODEL_FIELDS = [
  ['.prototxt', 'network'], ['.caffemodel', 'weights'], ['.binaryproto', 'mean'],
  ['.onnx', 'model'], ['.zip', 'model'], ['.h5', 'model'], ['.hdf5', 'model'],
];

/** The form field of a model file, or null for a file that is none of these. */
export function modelField(file) {
  const name = file.name.toLowerCase();
  const found = MODEL_FIELDS.find(([ending]) => name.endsWith(ending));
  return found ? found[1] : null;
}

/**
 * Adds a model: its files, labels, name and preset sent as one form; resolves to the stored
 * model ({run, already_stored, model}). onProgress hears the fraction sent.
 */
export function uploadModel({ files, labels, name, preset }, onProgress) {
  const form = new FormData();
  for (const file of files) form.append(modelField(file), file, file.name);
  if (labels) form.append('labels', labels, labels.name);
  if (name) form.append('name', name);
  if (preset) form.append('preset', preset);
  return sendWithProgress('/api/v1/models', form, {}, onProgress);
}

/**
 * Uploads a data-set file under a name the gateway takes (letters, digits, '.', '_', '-'): an IDX
 * image file, or a label file for the image file it labels (labelsFor, its key). Resolves to what the gateway found
 * ({key, kind, items, ...}); onProgress hears the fraction sent.
 */
export function uploadDatasetFile(file, labelsFor, onProgress) {
  const name = file.name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'dataset';
  const params = new URLSearchParams({ name });
  if (labelsFor) params.set('labels_for', labelsFor);
  else params.set('kind', 'images');
  return sendWithProgress(`/api/v1/datasets?${params}`, file,
    { 'Content-Type': 'application/octet-stream' }, onProgress);
}

/** The uploaded IDX image files: [{key, name, items, rows, cols, labels}]. */
export function listDatasets(signal) {
  return getJson('/api/v1/datasets', signal);
}

/**
 * POSTs a body and resolves to the JSON answer. XMLHttpRequest, as fetch reports no upload
 * progress: onProgress hears the fraction sent.
 */
function sendWithProgress(url, body, headers, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    const key = storedApiKey();
    if (key) request.setRequestHeader('Authorization', `Bearer ${key}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let answer = null;
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        // not JSON: described below from the status alone
      }
      if (request.status >= 200 && request.status < 300) resolve(answer);
      else reject(new Problem(answer && answer.detail ? answer
        : { title: `HTTP ${request.status}`, status: request.status, detail: request.statusText }));
    };
    request.onerror = () => reject(new Problem({ title: 'The gateway cannot be reached',
      detail: 'the upload could not be sent' }));
    request.send(body);
  });
}

/**
 * Runs an image and yields the run's events as they arrive: started, predictions, one layer
 * event per drawn layer, finished. A gateway that answers the whole run as one JSON document
 * (no streaming) is read as the same events, so callers see one shape either way.
 */
export async function* runEvents(params, image, signal) {
  const response = await send(`/api/v1/runs?${params}`, {
    method: 'POST',
    body: image,
    headers: {
      'Content-Type': image.type || 'application/octet-stream',
      Accept: `${NDJSON}, application/json;q=0.9`,
    },
    signal,
  });
  const type = response.headers.get('Content-Type') || '';
  if (type.startsWith(NDJSON)) {
    yield* ndjsonEvents(response);
  } else {
    yield* wholeRunEvents(await response.json());
  }
}

/** Runs an image and answers the whole RunResult in one JSON document. */
export function runOnce(params, image, signal) {
  return postImage(`/api/v1/runs?${params}`, image, signal);
}

/**
 * Why the model gave the image a class: for each method asked (params: model, class, method,
 * colormap, ...), the map's figures and the URLs of the map alone and over the image.
 */
export function explain(params, image, signal) {
  return postImage(`/api/v1/explanations?${params}`, image, signal);
}

/** The data-set jobs, each with its state and progress. */
export function listJobs(signal) {
  return getJson('/api/v1/jobs', signal);
}

/** What a finished job found: accuracy, confusion matrix, and per layer and channel its top images. */
export function jobSummary(jobId, signal) {
  return getJson(`/api/v1/jobs/${encodeURIComponent(jobId)}/summary`, signal);
}

/** Cancels a running job and answers its status. */
export async function cancelJob(jobId) {
  const response = await send(`/api/v1/jobs/${encodeURIComponent(jobId)}`, {
    method: 'DELETE', headers: { Accept: 'application/json' },
  });
  return response.json();
}

/** Starts a job from a JSON spec (idx_images, idx_labels, limit, shard_size, top_n, model). */
export async function createJob(spec) {
  const response = await send('/api/v1/jobs', {
    method: 'POST',
    body: JSON.stringify(spec),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  });
  return response.json();
}

/** Sends an image as the body and answers the JSON document the gateway answers. */
async function postImage(url, image, signal) {
  const response = await send(url, {
    method: 'POST',
    body: image,
    headers: { 'Content-Type': image.type || 'application/octet-stream', Accept: 'application/json' },
    signal,
  });
  return response.json();
}

async function getJson(url, signal) {
  const response = await send(url, { headers: { Accept: 'application/json' }, signal });
  return response.json();
}

/**
 * fetch, with every failure (network, HTTP status) turned into a Problem. A gateway that requires
 * an API key answers 401: the page then asks for the key once, keeps it for this tab only
 * (sessionStorage) and sends it with every call as a Bearer token.
 */
async function send(url, init, keyJustGiven = false) {
  const key = storedApiKey();
  const headers = key ? { ...init.headers, Authorization: `Bearer ${key}` } : init.headers;
  let response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new Problem({ title: 'The gateway cannot be reached', detail: error.message });
  }
  if (response.status === 401) {
    forgetApiKey();
    if (!keyJustGiven && (await askForApiKey())) return send(url, init, true);
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

const API_KEY = 'convscope.api-key';
let asking = null; // one question at a time, however many calls were refused together

function storedApiKey() {
  try {
    return sessionStorage.getItem(API_KEY);
  } catch {
    return null; // storage switched off: every call goes without a key
  }
}

function forgetApiKey() {
  try {
    sessionStorage.removeItem(API_KEY);
  } catch {
    // nothing was kept
  }
}

/** Asks for the key; true when one was given (and kept). */
function askForApiKey() {
  asking ??= Promise.resolve()
    .then(() => {
      const given = (window.prompt('This gateway requires an API key. Enter it to go on '
        + '(it is kept for this tab only):') || '').trim();
      if (given) sessionStorage.setItem(API_KEY, given);
      return Boolean(given);
    })
    .finally(() => {
      asking = null;
    });
  return asking;
}

async function problemOf(response) {
  const text = await response.text().catch(() => '');
  const fallback = { title: `${response.status} ${response.statusText}`.trim(), status: response.status };
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') return new Problem({ ...fallback, ...body });
  } catch {
    // Not JSON: the text itself is the best description there is.
  }
  return new Problem({ ...fallback, detail: text.slice(0, 500) });
}

/** One JSON object per line, read as the bytes arrive; an error event ends the run. */
async function* ndjsonEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let ended = false;
  for (;;) {
    const { value, done } = await reader.read();
    buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
    const lines = buffered.split('\n');
    buffered = done ? '' : lines.pop();
    for (const line of lines) {
      if (!line.trim()) continue;
      const event = JSON.parse(line);
      if (event.type === 'error') throw new Problem(event.problem);
      if (event.type === 'finished') ended = true;
      yield event;
    }
    if (done) break;
  }
  if (!ended) {
    throw new Problem({
      title: 'The run ended early',
      detail: 'the gateway closed the stream before the last layer; try again',
    });
  }
}

function* wholeRunEvents(run) {
  yield {
    type: 'started',
    model: run.model,
    model_digest: run.model_digest,
    image_digest: run.image_digest,
    pretrained: run.pretrained,
    layer_count: run.layers.length,
    from_manifest: Boolean(run.from_manifest),
  };
  yield {
    type: 'predictions', predictions: run.predictions, weights: run.weights, weights_notice: run.weights_notice,
  };
  for (const layer of run.layers) yield { type: 'layer', layer };
  yield { type: 'finished', from_manifest: Boolean(run.from_manifest) };
}
