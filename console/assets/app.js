// flowmock console: the control-plane JSON API (same origin, /_mock/…) as a page.
// No framework, no build step. Every control-plane error ({"error": "…"}) is shown in
// #error-banner; the journal is polled every second, the health and the session's active
// scenario every two.
'use strict';

(() => {
  const JOURNAL_LIMIT = 200;
  const JOURNAL_EVERY_MS = 1000;
  const HEALTH_EVERY_MS = 2000;
  // Parameters shown first in the journal, in this order; the others follow by name.
  const KEY_PARAMS = ['FlowName', 'Limit', 'Status', 'NextToken', 'ExecutionNamePrefix',
    'StartedTimeBegin', 'StartedTimeEnd', 'MetadataOnly', 'Qualifier', 'MapRunName'];

  const $ = (id) => document.getElementById(id);
  const el = {
    health: $('health'),
    reloadBanner: $('reload-banner'), reloadError: $('reload-error'), reloadAt: $('reload-at'),
    errorBanner: $('error-banner'), errorMessage: $('error-message'), errorDismiss: $('error-dismiss'),
    sessionForm: $('session-form'), session: $('session'), active: $('active-scenario'),
    select: $('scenario-select'), apply: $('apply-scenario'), clear: $('clear-scenario'),
    reset: $('reset-session'), sessionStatus: $('session-status'),
    scenarioList: $('scenario-list'),
    journalSession: $('journal-session'), journalPause: $('journal-pause'),
    journalClear: $('journal-clear'), journalStatus: $('journal-status'), journalBody: $('journal-body'),
  };

  let scenarios = []; // [{name, description, rules, default}]
  let journalKey = null; // what the table shows, to re-render only on change
  let journalTimer = 0;
  let shownActive; // the active scenario last shown
  let lastTopSeq = null; // newest seq shown; null before the first answer for this filter

  // ---- the control plane ----------------------------------------------------------------

  // ControlError is a control-plane answer other than 2xx, or a failure to reach it.
  class ControlError extends Error {}

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

  async function api(method, path, body) {
    const init = { method, headers: { Accept: 'application/json' }, cache: 'no-store' };
    if (controlToken) init.headers.Authorization = `Bearer ${controlToken}`;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ControlError(`${method} ${path}: cannot reach the mock (${e.message})`);
    }
    const text = await res.text();
    let data;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok) {
      const msg = data && typeof data.error === 'string' ? data.error : (text.trim() || res.statusText);
      throw new ControlError(`${method} ${path}: ${res.status} ${msg}`);
    }
    return data;
  }

  function sessionPath(id) {
    // A URL path cannot carry "." or ".." as a segment: the browser would resolve them away.
    if (id === '.' || id === '..') throw new ControlError(`session "${id}" cannot be addressed in a URL path; choose another name`);
    return `/_mock/sessions/${encodeURIComponent(id)}`;
  }

  function showError(msg) {
    el.errorMessage.textContent = msg;
    el.errorBanner.hidden = false;
  }

  function clearError() {
    el.errorBanner.hidden = true;
    el.errorMessage.textContent = '';
  }

  // run performs a control-plane action from a button: shows its error, or clears the last one.
  async function run(fn) {
    try {
      const out = await fn();
      clearError();
      return out;
    } catch (e) {
      showError(e.message);
      return undefined;
    }
  }

  // ---- health and the reload banner -----------------------------------------------------

  async function pollHealth() {
    try {
      const h = await api('GET', '/_mock/health');
      el.health.textContent = `Mock ${h.status || 'up'} · uptime ${h.uptime || '?'} · journal ${h.journal ?? '?'} records`;
      el.health.classList.remove('down');
      const r = h.reload;
      if (r && r.ok === false && r.error) {
        el.reloadError.textContent = (r.kind ? `${r.kind}: ` : '') + r.error;
        el.reloadAt.textContent = r.at ? `at ${new Date(r.at).toLocaleTimeString()}` : '';
        el.reloadBanner.hidden = false;
      } else {
        el.reloadBanner.hidden = true;
      }
      // Tests may switch the session's scenario through the control plane too.
      if (scenarios.length) await loadSession().catch(() => {});
    } catch (e) {
      el.health.textContent = `Mock unreachable: ${e.message}`;
      el.health.classList.add('down');
    }
    setTimeout(pollHealth, HEALTH_EVERY_MS);
  }

  // ---- scenarios and the session --------------------------------------------------------

  function currentSession() {
    return el.session.value.trim() || 'default';
  }

  async function loadScenarios() {
    const list = await api('GET', '/_mock/scenarios');
    scenarios = Array.isArray(list) ? list : [];
    renderScenarios();
  }

  function renderScenarios() {
    const keep = el.select.value;
    el.select.replaceChildren(...scenarios.map((s) => {
      const o = document.createElement('option');
      o.value = s.name;
      o.textContent = s.default ? `${s.name} (server default)` : s.name;
      return o;
    }));
    if (keep && scenarios.some((s) => s.name === keep)) el.select.value = keep;

    if (scenarios.length === 0) {
      el.scenarioList.replaceChildren(row([cell('No scenarios loaded.', { colSpan: 4, className: 'muted' })]));
      return;
    }
    el.scenarioList.replaceChildren(...scenarios.map((s) => {
      const name = document.createElement('th');
      name.scope = 'row';
      const code = document.createElement('code');
      code.textContent = s.name;
      name.append(code);
      if (s.default) name.append(' ', badge('server default'));
      const use = document.createElement('button');
      use.type = 'button';
      use.className = 'small';
      use.textContent = 'Use';
      use.setAttribute('aria-label', `Use ${s.name} for the session`);
      use.dataset.scenario = s.name;
      use.addEventListener('click', () => setScenario(s.name));
      const tr = row([name, cell(s.description || ''), cell((s.rules || []).join(', '), { className: 'muted' }), cell(use)]);
      tr.dataset.scenario = s.name;
      return tr;
    }));
  }

  function showActive(view) {
    const name = view && view.scenario;
    const def = scenarios.find((s) => s.default);
    el.active.textContent = name ? name + (def && def.name === name ? ' (server default)' : '') : 'none';
    el.active.dataset.scenario = name || '';
    el.active.classList.toggle('muted', !name);
    // Follow the active scenario in the selector only when it changes, not to undo a choice
    // the user is about to apply.
    if (name !== shownActive) {
      shownActive = name;
      if (name && scenarios.some((s) => s.name === name)) el.select.value = name;
    }
    for (const tr of el.scenarioList.querySelectorAll('tr[data-scenario]')) {
      if (tr.dataset.scenario === name) tr.setAttribute('aria-current', 'true');
      else tr.removeAttribute('aria-current');
    }
  }

  async function loadSession() {
    const id = currentSession();
    const view = await api('GET', sessionPath(id));
    if (id === currentSession()) showActive(view);
  }

  function say(msg) {
    el.sessionStatus.textContent = msg;
  }

  async function setScenario(name) {
    const id = currentSession();
    const view = await run(() => api('PUT', `${sessionPath(id)}/scenario`, { scenario: name }));
    if (view) {
      showActive(view);
      say(`Session ${id}: scenario ${view.scenario} active.`);
    }
  }

  el.sessionForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!el.select.value) {
      showError('Choose a scenario first.');
      return;
    }
    setScenario(el.select.value);
  });

  el.clear.addEventListener('click', async () => {
    const id = currentSession();
    const view = await run(() => api('DELETE', `${sessionPath(id)}/scenario`));
    if (view) {
      showActive(view);
      say(`Session ${id}: scenario cleared${view.scenario ? `; the server default ${view.scenario} applies` : ''}.`);
    }
  });

  el.reset.addEventListener('click', async () => {
    const id = currentSession();
    const out = await run(() => api('POST', `${sessionPath(id)}/reset`));
    if (out) {
      say(`Session ${id} reset; ${out.journalDropped ?? 0} journal records dropped.`);
      pollJournal();
    }
  });

  let sessionInputTimer = 0;
  el.session.addEventListener('input', () => {
    clearTimeout(sessionInputTimer);
    sessionInputTimer = setTimeout(() => run(loadSession), 250);
  });

  // ---- the journal ----------------------------------------------------------------------

  function journalQuery() {
    const q = new URLSearchParams({ limit: String(JOURNAL_LIMIT) });
    const s = el.journalSession.value.trim();
    if (s) q.set('session', s);
    for (const [k, id] of [['action', 'journal-action'], ['status', 'journal-status-code']]) {
      const v = $(id).value.trim();
      if (v) q.set(k, v);
    }
    return q;
  }

  let polling = false; // a journal request is in flight
  let pollAgain = false; // something asked for a poll meanwhile

  // pollJournal fetches the journal and schedules the next poll; calls while one is in flight
  // make the next one come at once, so there is only ever one polling loop.
  async function pollJournal() {
    clearTimeout(journalTimer);
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = true;
    try {
      if (!el.journalPause.checked && !document.hidden) {
        const q = journalQuery();
        const records = await api('GET', `/_mock/requests?${q}`);
        if (q.toString() === journalQuery().toString()) renderJournal(Array.isArray(records) ? records : [], q.get('session'));
        else pollAgain = true;
      }
    } catch (e) {
      el.journalStatus.textContent = `Journal unavailable: ${e.message}`;
      el.journalStatus.classList.add('down');
      journalKey = null;
    } finally {
      polling = false;
    }
    journalTimer = setTimeout(pollJournal, pollAgain ? 0 : JOURNAL_EVERY_MS);
    pollAgain = false;
  }

  function renderJournal(records, session) {
    el.journalStatus.classList.remove('down');
    const key = `${session || ''}|${records.map((r) => r.seq).join(',')}`;
    if (key === journalKey) return;
    journalKey = key;

    const scope = session ? `session ${session}` : 'all sessions';
    const top = records.length ? records[0].seq : 0;
    const fresh = lastTopSeq === null ? [] : records.filter((r) => r.seq > lastTopSeq);
    lastTopSeq = top;
    let msg = `${records.length} ${records.length === 1 ? 'request' : 'requests'} (${scope}), newest first.`;
    if (fresh.length) {
      const r = records[0];
      msg += ` ${fresh.length} new; latest ${r.action || r.path} ${r.status}${r.code ? ' ' + r.code : ''}.`;
    }
    el.journalStatus.textContent = msg;

    if (records.length === 0) {
      el.journalBody.replaceChildren(row([cell(`No requests yet (${scope}).`, { colSpan: 11, className: 'muted' })]));
      return;
    }
    window.fmJournal = new Map(records.map((r) => [String(r.seq), r])); // for journal.js's details
    el.journalBody.replaceChildren(...records.map(journalRow));
  }

  function journalRow(r) {
    const t = new Date(r.time);
    const time = document.createElement('time');
    time.dateTime = r.time;
    time.textContent = isNaN(t) ? r.time : `${t.toLocaleTimeString([], { hour12: false })}.${String(t.getMilliseconds()).padStart(3, '0')}`;
    time.title = r.time;

    const params = paramsText(r.params);
    // Rule is "scenario/rule" (or "scenario/rule#N" for a step); a scenario alone means no rule fired.
    let source = r.rule && r.scenario && !r.rule.startsWith(`${r.scenario}/`) ? `${r.scenario} / ${r.rule}` : (r.rule || r.scenario || '');
    if (r.injected) source += `${source ? '; ' : ''}${r.injected}`;
    const cls = r.status >= 500 || r.status === 0 ? 's5' : r.status >= 400 ? 's4' : 's2';

    const tr = row([
      cell(time, { col: 'time' }),
      cell(r.session, { col: 'session' }),
      cell(r.method, { col: 'method' }),
      cell(r.action || (r.path !== '/' ? r.path : ''), { col: 'action' }),
      cell(params.short, { col: 'params', title: params.full, className: 'params' }),
      cell(String(r.status), { col: 'status', className: `st ${cls}` }),
      cell(r.code || '', { col: 'code' }),
      cell(source, { col: 'scenario', title: r.injected ? `answer chosen by ${r.injected}` : '' }),
      cell(r.fault || '', { col: 'fault' }),
      cell(typeof r.durationMs === 'number' ? r.durationMs.toFixed(1) : '', { col: 'ms', className: 'num' }),
      cell(detailButton(r), { col: 'detail' }),
    ]);
    tr.dataset.seq = r.seq;
    tr.dataset.requestId = r.requestId || '';
    tr.dataset.status = r.status;
    tr.title = `Request ${r.requestId || '?'} (#${r.seq})`;
    return tr;
  }

  function detailButton(r) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'small';
    b.textContent = 'Details';
    b.setAttribute('aria-label', `Details of request ${r.seq}`);
    b.dataset.seq = r.seq;
    return b;
  }

  function paramsText(params) {
    if (!params) return { short: '', full: '' };
    const names = Object.keys(params);
    names.sort((a, b) => {
      const ia = KEY_PARAMS.indexOf(a), ib = KEY_PARAMS.indexOf(b);
      if (ia !== ib) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    const full = names.map((n) => `${n}=${params[n]}`).join(' ');
    const short = names.map((n) => {
      const v = String(params[n]);
      return `${n}=${v.length > 24 ? v.slice(0, 12) + '…' : v}`;
    }).join(' ');
    return { short, full };
  }

  for (const f of [el.journalSession, $('journal-action'), $('journal-status-code')]) f.addEventListener('input', () => {
    journalKey = null;
    lastTopSeq = null;
    updateClearLabel();
    clearTimeout(journalTimer);
    journalTimer = setTimeout(pollJournal, 200);
  });

  el.journalPause.addEventListener('change', () => {
    if (!el.journalPause.checked) pollJournal();
    else el.journalStatus.textContent = 'Updates paused.';
  });

  function updateClearLabel() {
    const s = el.journalSession.value.trim();
    el.journalClear.textContent = s ? `Clear journal of ${s}` : 'Clear journal (all sessions)';
  }

  el.journalClear.addEventListener('click', async () => {
    const s = el.journalSession.value.trim();
    const out = await run(() => api('DELETE', `/_mock/requests${s ? `?session=${encodeURIComponent(s)}` : ''}`));
    if (out) {
      el.journalStatus.textContent = `Cleared ${out.dropped ?? 0} records.`;
      journalKey = null;
      pollJournal();
    }
  });

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) pollJournal();
  });

  // ---- DOM helpers ----------------------------------------------------------------------

  function cell(content, opts = {}) {
    const td = document.createElement('td');
    if (content instanceof Node) td.append(content);
    else td.textContent = content ?? '';
    if (opts.col) td.dataset.col = opts.col;
    if (opts.className) td.className = opts.className;
    if (opts.colSpan) td.colSpan = opts.colSpan;
    if (opts.title) td.title = opts.title;
    return td;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    tr.append(...cells);
    return tr;
  }

  function badge(text) {
    const b = document.createElement('span');
    b.className = 'badge';
    b.textContent = text;
    return b;
  }

  el.errorDismiss.addEventListener('click', clearError);

  // ---- start ----------------------------------------------------------------------------

  updateClearLabel();
  pollHealth();
  pollJournal();
  run(async () => {
    await loadScenarios();
    await loadSession();
  }).then(() => document.body.setAttribute('data-ready', 'true'));
})();
