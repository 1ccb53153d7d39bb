// @ts-check
// flowmock console: the request journal (GET /_mock/requests, polled every second, filtered
// by session, action and status; DELETE /_mock/requests clears it), and a record in full
// (its parameters and its answer's body as the journal keeps them) with, for a
// StartExecution that named its execution, a way to that execution's view.
'use strict';

(() => {
  const { control, ok, run, h } = window.fm;
  /** @type {(id: string) => any} */
  const $ = (id) => document.getElementById(id);
  const LIMIT = 200;
  const EVERY_MS = 1000;
  // Parameters shown first, in this order; the others follow by name.
  const KEY_PARAMS = ['FlowName', 'Limit', 'Status', 'NextToken', 'ExecutionNamePrefix',
    'StartedTimeBegin', 'StartedTimeEnd', 'MetadataOnly', 'Qualifier', 'MapRunName'];

  /** @typedef {import('../types/control').components['schemas']['Record']} JournalRecord */
  /** @typedef {NonNullable<import('../types/control').operations['listRequests']['parameters']['query']>} Filter */

  /** @type {string | null} what the table shows, to re-render only on change */
  let shownKey = null;
  /** @type {number | null} newest seq shown; null before the first answer for this filter */
  let lastTopSeq = null;
  let timer = 0;
  /** @type {Map<string, JournalRecord>} the records shown, by seq, for their details */
  let shownRecords = new Map();
  /** @type {JournalRecord | null} the record in the details */
  let detailed = null;

  /** @returns {Filter} */
  function filter() {
    /** @type {Filter} */
    const q = { limit: LIMIT };
    const s = $('journal-session').value.trim();
    const action = $('journal-action').value.trim();
    const status = $('journal-status-code').value.trim();
    if (s) q.session = s;
    if (action) q.action = action;
    if (status && !/^\d{1,9}$/.test(status)) throw new Error(`the status filter "${status}" is not a status code`);
    if (status) q.status = Number(status);
    return q;
  }

  const filterKey = (/** @type {Filter} */ q) => JSON.stringify(q);

  let polling = false; // a journal request is in flight
  let pollAgain = false; // something asked for a poll meanwhile

  // poll fetches the journal and schedules the next poll; calls while one is in flight make
  // the next one come at once, so there is only ever one polling loop.
  async function poll() {
    clearTimeout(timer);
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = true;
    try {
      if (!$('journal-pause').checked && !document.hidden) {
        const q = filter();
        const records = await ok(control.GET('/_mock/requests', { params: { query: q } }));
        if (filterKey(q) === filterKey(filter())) render(Array.isArray(records) ? records : [], q.session);
        else pollAgain = true;
      }
    } catch (e) {
      $('journal-status').textContent = `Journal unavailable: ${e.message}`;
      $('journal-status').classList.add('down');
      shownKey = null;
    } finally {
      polling = false;
    }
    timer = setTimeout(poll, pollAgain ? 0 : EVERY_MS);
    pollAgain = false;
  }

  /** @param {JournalRecord[]} records @param {string | undefined} session */
  function render(records, session) {
    $('journal-status').classList.remove('down');
    const key = `${session || ''}|${records.map((r) => r.seq).join(',')}`;
    if (key === shownKey) return;
    shownKey = key;

    const scope = session ? `session ${session}` : 'all sessions';
    const top = records.length ? records[0].seq : 0;
    const fresh = lastTopSeq === null ? [] : records.filter((r) => r.seq > /** @type {number} */ (lastTopSeq));
    lastTopSeq = top;
    let msg = `${records.length} ${records.length === 1 ? 'request' : 'requests'} (${scope}), newest first.`;
    if (fresh.length) {
      const r = records[0];
      msg += ` ${fresh.length} new; latest ${r.action || r.path} ${r.status}${r.code ? ' ' + r.code : ''}.`;
    }
    $('journal-status').textContent = msg;

    if (records.length === 0) {
      $('journal-body').replaceChildren(h('tr', {}, h('td', { colSpan: 11, className: 'muted' }, `No requests yet (${scope}).`)));
      return;
    }
    shownRecords = new Map(records.map((r) => [String(r.seq), r]));
    $('journal-body').replaceChildren(...records.map(row));
  }

  /** @param {string} col @param {Node | string} content @param {Record<string, any>} [props] */
  const cell = (col, content, props = {}) => h('td', { ...props, dataset: { col } }, content);

  /** @param {JournalRecord} r */
  function row(r) {
    const t = new Date(r.time);
    const time = h('time', { dateTime: r.time, title: r.time },
      isNaN(t.getTime()) ? r.time : `${t.toLocaleTimeString([], { hour12: false })}.${String(t.getMilliseconds()).padStart(3, '0')}`);
    const params = paramsText(r.params);
    // Rule is "scenario/rule" (or "scenario/rule#N" for a step); a scenario alone means no rule fired.
    let source = r.rule && r.scenario && !r.rule.startsWith(`${r.scenario}/`) ? `${r.scenario} / ${r.rule}` : (r.rule || r.scenario || '');
    if (r.injected) source += `${source ? '; ' : ''}${r.injected}`;
    const cls = r.status >= 500 || r.status === 0 ? 's5' : r.status >= 400 ? 's4' : 's2';
    const details = h('button', { type: 'button', className: 'small', textContent: 'Details', ariaLabel: `Details of request ${r.seq}`, dataset: { seq: r.seq } });
    return h('tr', { dataset: { seq: r.seq, requestId: r.requestId || '', status: r.status }, title: `Request ${r.requestId || '?'} (#${r.seq})` },
      cell('time', time),
      cell('session', r.session),
      cell('method', r.method),
      cell('action', r.action || (r.path !== '/' ? r.path : '')),
      cell('params', params.short, { title: params.full, className: 'params' }),
      cell('status', String(r.status), { className: `st ${cls}` }),
      cell('code', r.code || ''),
      cell('scenario', source, { title: r.injected ? `answer chosen by ${r.injected}` : '' }),
      cell('fault', r.fault || ''),
      cell('ms', typeof r.durationMs === 'number' ? r.durationMs.toFixed(1) : '', { className: 'num' }),
      cell('detail', details));
  }

  /** @param {Record<string, string> | undefined} params */
  function paramsText(params) {
    if (!params) return { short: '', full: '' };
    const rank = (/** @type {string} */ n) => (KEY_PARAMS.includes(n) ? KEY_PARAMS.indexOf(n) : 99);
    const names = Object.keys(params).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const full = names.map((n) => `${n}=${params[n]}`).join(' ');
    const short = names.map((n) => {
      const v = String(params[n]);
      return `${n}=${v.length > 24 ? v.slice(0, 12) + '…' : v}`;
    }).join(' ');
    return { short, full };
  }

  function updateClearLabel() {
    const s = $('journal-session').value.trim();
    $('journal-clear').textContent = s ? `Clear journal of ${s}` : 'Clear journal (all sessions)';
  }

  for (const id of ['journal-session', 'journal-action', 'journal-status-code']) $(id).addEventListener('input', () => {
    shownKey = null;
    lastTopSeq = null;
    updateClearLabel();
    clearTimeout(timer);
    timer = setTimeout(poll, 200);
  });

  $('journal-pause').addEventListener('change', () => {
    if (!$('journal-pause').checked) poll();
    else $('journal-status').textContent = 'Updates paused.';
  });

  $('journal-clear').addEventListener('click', async () => {
    const session = $('journal-session').value.trim() || undefined;
    const out = await run(() => ok(control.DELETE('/_mock/requests', { params: { query: { session } } })));
    if (out) {
      $('journal-status').textContent = `Cleared ${out.dropped ?? 0} records.`;
      shownKey = null;
      poll();
    }
  });

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poll();
  });

  // ---- a record in full --------------------------------------------------------------------

  // pretty indents a JSON answer; a cut one (not JSON any more) shows as kept.
  /** @param {string} body */
  const pretty = (body) => {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  };

  $('journal-body').addEventListener('click', (/** @type {MouseEvent} */ ev) => {
    const b = /** @type {Element} */ (ev.target).closest('button[data-seq]');
    const r = b && shownRecords.get(/** @type {HTMLElement} */ (b).dataset.seq || '');
    if (!r) return;
    detailed = r;
    $('journal-detail').hidden = false;
    $('journal-detail-id').textContent = `#${r.seq} ${r.action || r.path} ${r.status}${r.code ? ' ' + r.code : ''}`;
    const { response, ...rest } = r;
    $('journal-detail-body').textContent = JSON.stringify(rest, null, 2) +
      (response === undefined ? '' : '\n\nResponse:\n' + pretty(response));
    const p = r.params || {};
    $('journal-open-execution').hidden = !(r.action === 'StartExecution' && r.status === 200 && p.FlowName && p.ExecutionName);
    $('journal-detail-heading').focus();
  });

  $('journal-open-execution').addEventListener('click', () => {
    if (!detailed || !detailed.params) return;
    const session = $('session');
    if (session.value.trim() !== detailed.session) {
      session.value = detailed.session;
      session.dispatchEvent(new Event('input'));
    }
    window.fmExec.open(detailed.params.FlowName, detailed.params.ExecutionName);
  });

  window.fmJournal = { poll };
  updateClearLabel();
  poll();
})();
