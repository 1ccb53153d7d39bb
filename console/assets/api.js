// @ts-check
// flowmock console: the two clients the views use, like any other client: the CloudFlow API
// (POST / with a form body, unsigned) and the control plane (/_mock/…) through openapi-fetch
// typed by the contract (openapi/control.yaml → console/types/control.d.ts), so `make test`'s
// tsc refuses a route, parameter or field the contract does not have.
// A module (it imports the vendored openapi-fetch); the classic scripts after it find
// window.fm = { call, control, ok, inSession, session, say, fail, clearError, run, h }.

import createClient from './vendor/openapi-fetch.js';

const VERSION = '2019-03-15';

// APIError is an API answer with a Code, or a failure to reach the mock.
class APIError extends Error {
  /** @param {string} action @param {number} status @param {string} code @param {string} message */
  constructor(action, status, code, message) {
    super(`${action}: ${status} ${code}: ${message}`);
    this.code = code;
    this.detail = message;
  }
}

// ControlError is a control-plane answer other than 2xx (its ControlError body's error), or a
// failure to reach the control plane.
class ControlError extends Error {}

/** @type {() => HTMLInputElement} */
const sessionInput = () => /** @type {HTMLInputElement} */ (document.getElementById('session'));

/** session is the X-Mock-Session the page controls: the Session field, empty meaning default. */
const session = () => sessionInput().value.trim() || 'default';

// call sends one API action in the session; opts.testCase sets X-Mock-Test-Case.
/**
 * @param {string} action
 * @param {Record<string, unknown>} [params]
 * @param {{ testCase?: string }} [opts]
 * @returns {Promise<any>}
 */
async function call(action, params = {}, opts = {}) {
  const body = new URLSearchParams({ Action: action, Version: VERSION });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') body.set(k, String(v));
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', 'X-Mock-Session': session() };
  if (opts.testCase) headers['X-Mock-Test-Case'] = opts.testCase;
  let res;
  try {
    res = await fetch('/', { method: 'POST', headers, body, cache: 'no-store' });
  } catch (e) {
    throw new APIError(action, 0, 'Unreachable', e.message);
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    throw new APIError(action, res.status, (data && data.Code) || res.statusText, (data && data.Message) || '');
  }
  return data;
}

// The control-plane token (--control-token), when the server has one: given once as
// /_mock/ui/#token=TOKEN, kept for this tab only, and never sent anywhere but the mock.
const controlToken = (() => {
  const m = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem('flowmock-token', decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('flowmock-token') || '';
})();

/** @typedef {import('../types/control').paths} ControlPaths */
/** @typedef {import('../types/control').components['schemas']['ControlError']} ControlErrorBody */

/** control is the control plane's client, typed by the contract. */
const control = /** @type {import('openapi-fetch').Client<ControlPaths>} */ (createClient({
  cache: 'no-store',
  headers: controlToken ? { Accept: 'application/json', Authorization: `Bearer ${controlToken}` } : { Accept: 'application/json' },
}));

/** @type {WeakMap<Response, string>} "METHOD /path" of each answer, for ok's messages */
const asked = new WeakMap();

/** @param {Request} r */
const what = (r) => {
  const u = new URL(r.url);
  return `${r.method} ${u.pathname}${u.search}`;
};

control.use({
  // A 2xx that is not JSON (something between the page and the mock answered) becomes a 502
  // in the ControlError shape, so ok reports it like any other refusal.
  onResponse({ request, response }) {
    const type = (response.headers.get('Content-Type') || '').split(';')[0].trim();
    const out = !response.ok || response.status === 204 || /json/i.test(type) ? response
      : new Response(JSON.stringify({ error: `the answer is ${type || 'of no Content-Type'}, not JSON` }),
        { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'application/json' } });
    asked.set(out, what(request));
    return out;
  },
  onError({ request, error }) {
    return new ControlError(`${what(request)}: cannot reach the mock (${error instanceof Error ? error.message : error})`);
  },
});

// ok waits for a control-plane call and answers its data, or throws a ControlError saying
// "METHOD /path: STATUS why", why being the ControlError body's error (or the start of the
// body as text when an intermediary answered something else).
/**
 * @template T
 * @param {Promise<{ data?: T, error?: unknown, response: Response }>} pending
 * @returns {Promise<T>}
 */
async function ok(pending) {
  const { data, error, response } = await pending;
  if (response.ok) return /** @type {T} */ (data);
  const body = /** @type {Partial<ControlErrorBody> | string | undefined} */ (error);
  const why = typeof body === 'object' && body && typeof body.error === 'string' ? body.error
    : (typeof body === 'string' && body.trim().slice(0, 300)) || response.statusText;
  throw new ControlError(`${asked.get(response) || response.url}: ${response.status} ${why}`);
}

// inSession is the path parameter of a /_mock/sessions/{id}/… route: the given session, or
// the page's.
/** @param {string} [id] */
function inSession(id = session()) {
  // A URL path cannot carry "." or ".." as a segment: the browser would resolve them away.
  if (id === '.' || id === '..') throw new ControlError(`session "${id}" cannot be addressed in a URL path; choose another name`);
  return { path: { id } };
}

// say shows a result in a status line; fail shows an error in the page's error banner.
/** @param {string} id @param {string} msg */
function say(id, msg) {
  /** @type {HTMLElement} */ (document.getElementById(id)).textContent = msg;
}

/** @param {Error | string} e */
function fail(e) {
  /** @type {HTMLElement} */ (document.getElementById('error-message')).textContent = typeof e === 'string' ? e : e.message;
  /** @type {HTMLElement} */ (document.getElementById('error-banner')).hidden = false;
}

function clearError() {
  /** @type {HTMLElement} */ (document.getElementById('error-banner')).hidden = true;
  /** @type {HTMLElement} */ (document.getElementById('error-message')).textContent = '';
}

// run performs a control-plane action from a button: shows its error, or clears the last one.
/**
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T | undefined>}
 */
async function run(fn) {
  try {
    const out = await fn();
    clearError();
    return out;
  } catch (e) {
    fail(e);
    return undefined;
  }
}

// h builds an element: h('td', {className: 'x', dataset: {a: 1}}, 'text', child…).
/**
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node | string | number | null | undefined)} kids
 * @returns {any}
 */
function h(tag, props = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('aria') || k === 'role' || k === 'for') el.setAttribute(k === 'for' ? 'for' : k.replace(/^aria/, 'aria-').toLowerCase(), v);
    else /** @type {any} */ (el)[k] = v;
  }
  el.append(.../** @type {(Node | string)[]} */ (kids.filter((k) => k !== null && k !== undefined).map((k) => (typeof k === 'number' ? String(k) : k))));
  return el;
}

export const fm = Object.freeze({ call, control, ok, inSession, session, say, fail, clearError, run, h, ControlError });
window.fm = fm;
