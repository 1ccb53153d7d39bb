// flowmock console: the two clients the flow and execution views use, like any other client:
// the CloudFlow API (POST / with a form body, unsigned) and the control plane (/_mock/…).
// Exposes window.fm = { call, control, session, say, fail, h }.
'use strict';

(() => {
  const VERSION = '2019-03-15';

  // APIError is an API answer with a Code, or a failure to reach the mock.
  class APIError extends Error {
    constructor(action, status, code, message) {
      super(`${action}: ${status} ${code}: ${message}`);
      this.code = code;
      this.detail = message;
    }
  }

  const session = () => (document.getElementById('session').value.trim() || 'default');

  // call sends one API action in the session; opts.testCase sets X-Mock-Test-Case.
  async function call(action, params = {}, opts = {}) {
    const body = new URLSearchParams({ Action: action, Version: VERSION });
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') body.set(k, String(v));
    const headers = { Accept: 'application/json', 'X-Mock-Session': session() };
    if (opts.testCase) headers['X-Mock-Test-Case'] = opts.testCase;
    let res;
    try {
      res = await fetch('/', { method: 'POST', headers, body, cache: 'no-store' });
    } catch (e) {
      throw new APIError(action, 0, 'Unreachable', e.message);
    }
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (!res.ok) {
      throw new APIError(action, res.status, (data && data.Code) || res.statusText, (data && data.Message) || '');
    }
    return data;
  }

  const controlToken = () => sessionStorage.getItem('flowmock-token') || '';

  // control calls the control plane; its errors are {"error": "…"}.
  async function control(method, path, body) {
    const init = { method, headers: { Accept: 'application/json' }, cache: 'no-store' };
    if (controlToken()) init.headers.Authorization = `Bearer ${controlToken()}`;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${(data && data.error) || res.statusText}`);
    return data;
  }

  const sessionPath = () => `/_mock/sessions/${encodeURIComponent(session())}`;

  // say shows a result in a status line; fail shows an error in the page's error banner.
  function say(id, msg) {
    document.getElementById(id).textContent = msg;
  }

  function fail(e) {
    document.getElementById('error-message').textContent = e.message;
    document.getElementById('error-banner').hidden = false;
  }

  // h builds an element: h('td', {className: 'x', dataset: {a: 1}}, 'text', child…).
  function h(tag, props = {}, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('aria') || k === 'role' || k === 'for') el.setAttribute(k === 'for' ? 'for' : k.replace(/^aria/, 'aria-').toLowerCase(), v);
      else el[k] = v;
    }
    el.append(...kids.filter((k) => k !== null && k !== undefined));
    return el;
  }

  window.fm = { call, control, session, sessionPath, say, fail, h };
})();
