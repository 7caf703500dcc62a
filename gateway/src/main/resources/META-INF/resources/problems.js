// What went wrong, in words a person reads first, with the API's own problem beneath.

/** The lead sentence for a problem by its HTTP status, when the caller gives none of its own. */
const BY_STATUS = new Map([
  [0, 'The gateway cannot be reached: check that it is running and try again.'],
  [400, 'The gateway could not use what was sent.'],
  [401, 'This gateway needs an API key, and it refused the one given.'],
  [404, 'What was asked for is not there.'],
  [413, 'This file is larger than the gateway takes.'],
  [415, 'This file is not a PNG or JPEG image.'],
  [429, 'The gateway is busy: try again in a moment.'],
  [500, 'Something went wrong inside the gateway.'],
  [503, 'A service the gateway needs is not available right now: try again shortly.'],
  [504, 'The gateway gave up waiting for an answer: try again.'],
]);

/** The sentence a person reads first: the caller's for this status, else the status's own. */
export function leadSentence(problem, sentences = {}) {
  const status = Number(problem.status) || 0;
  return sentences[status] || BY_STATUS.get(status)
    || (status >= 500 ? BY_STATUS.get(500) : BY_STATUS.get(400));
}

/**
 * Fills a message box: the lead sentence, then, folded beneath it, the API's problem as it came
 * (title with status, and detail). A problem the page found itself has no API words: a sentence
 * and a detail only.
 *
 * @param box the .message element, with .message-title, .message-problem and .message-detail
 * @param problem {title, status, detail} as the API answers, or {sentence, detail} from the page
 * @param sentences lead sentences by status for this action, e.g. {400: 'The model was not added.'}
 */
export function showProblem(box, problem, sentences = {}) {
  const fromApi = !problem.sentence;
  box.querySelector('.message-title').textContent = fromApi ? leadSentence(problem, sentences) : problem.sentence;
  const heading = fromApi && problem.title
    ? `${problem.title}${problem.status ? ` (${problem.status})` : ''}` : '';
  box.querySelector('.message-problem').textContent = heading;
  box.querySelector('.message-detail').textContent = problem.detail || (fromApi ? problem.message || '' : '');
  const more = box.querySelector('.message-more');
  more.hidden = !heading && !box.querySelector('.message-detail').textContent;
  more.open = false;
  box.dataset.status = problem.status || '';
  box.hidden = false;
}
