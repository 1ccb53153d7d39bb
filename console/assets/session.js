// @ts-check
// flowmock console: the session's test case (GET and PUT /_mock/sessions/{id}/test-case), the
// mock file's test cases (GET /_mock/test-cases) for the start form's picker, the clock
// (POST /_mock/sessions/{id}/clock: advance it, change its scale) and the schedules with their
// next fire times on the session's clock (GET /_mock/sessions/{id}/schedules).
// Exposes window.fmSession = { pickFor, refresh }.
'use strict';

(() => {
  const { control, ok, inSession, say, fail, h } = window.fm;
  /** @type {(id: string) => any} */
  const $ = (id) => document.getElementById(id);

  /** @typedef {import('../types/control').components['schemas']} Schemas */

  /** @param {Schemas['ClockInfo']} c */
  function showClock(c) {
    $('clock-now').textContent = `${c.now} (scale ${c.scale})`;
  }

  // ---- test cases ----------------------------------------------------------------------------

  /** @type {Schemas['MockTestCase'][]} the mock file's, as GET /_mock/test-cases lists them */
  let cases = [];

  // loadTestCases reads the mock file's test cases: the first page, up to 1000.
  async function loadTestCases() {
    try {
      cases = await ok(control.GET('/_mock/test-cases'));
    } catch (e) {
      fail(e);
    }
    const names = [...new Set(cases.map((c) => c.name))].sort();
    $('test-case-names').replaceChildren(...names.map((n) => h('option', { value: n })));
    pickFor($('start-flow').value.trim());
  }

  // about says what a test case mocks: "Charge: throws FC.Flaky ×2, then returns".
  /** @param {Schemas['MockTestCase']} c */
  function about(c) {
    if (!c.states.length) return `${c.name} mocks no state.`;
    return c.states.map((s) => {
      const steps = s.answers.map((a) => {
        const n = a.to - a.from + 1;
        const what = a.answer.Throw ? `throws ${a.answer.Throw.Error}` : 'returns';
        return `${what}${n > 1 ? ` ×${n}` : ''}${a.answer.Delay ? ` after ${a.answer.Delay}` : ''}`;
      });
      if (s.moreAnswers) steps.push(`${s.moreAnswers} more answers`);
      return `${s.state}: ${steps.join(', then ')}`;
    }).join('; ');
  }

  // pickFor fills the start form's picker with flow's test cases (every flow's when the file
  // does not mock flow), keeping the choice when it is still offered.
  /** @param {string} flow */
  function pickFor(flow) {
    const sel = $('start-test-case');
    const was = sel.value;
    const mine = cases.filter((c) => c.flow === flow);
    const shown = mine.length ? mine : cases;
    const groups = [...new Set(shown.map((c) => c.flow))].map((f) => h('optgroup', { label: f },
      ...shown.filter((c) => c.flow === f).map((c) => h('option', { value: c.name, dataset: { flow: f }, title: about(c) }, c.name))));
    sel.replaceChildren(h('option', { value: '' }, "none (the session's)"), ...groups);
    sel.value = [...sel.options].some((o) => o.value === was) ? was : '';
    describePick();
  }

  function describePick() {
    const opt = $('start-test-case').selectedOptions[0];
    $('start-test-case-about').textContent = opt && opt.value ? opt.title : (cases.length ? '' : 'No mock file is loaded (--mocks).');
  }

  async function showTestCase() {
    try {
      const out = await ok(control.GET('/_mock/sessions/{id}/test-case', { params: inSession() }));
      $('current-test-case').textContent = out.testCase || 'none';
    } catch (e) {
      fail(e);
    }
  }

  $('start-test-case').addEventListener('change', describePick);
  $('start-flow').addEventListener('change', () => pickFor($('start-flow').value.trim()));

  $('set-test-case').addEventListener('click', async () => {
    try {
      const out = await ok(control.PUT('/_mock/sessions/{id}/test-case', { params: inSession(), body: { testCase: $('test-case').value.trim() } }));
      say('clock-status', out.testCase ? `Session ${out.session}: test case ${out.testCase}.` : `Session ${out.session}: no test case.`);
      $('current-test-case').textContent = out.testCase || 'none';
    } catch (e) {
      fail(e);
    }
  });

  // ---- schedules -----------------------------------------------------------------------------

  // after says how long from now t is: "in 1h 5m".
  /** @param {string} t @param {string} now */
  function after(t, now) {
    let s = Math.round((Date.parse(t) - Date.parse(now)) / 1000);
    const parts = [];
    for (const [unit, n] of /** @type {[string, number][]} */ ([['d', 86400], ['h', 3600], ['m', 60], ['s', 1]])) {
      if (s >= n) {
        parts.push(`${Math.floor(s / n)}${unit}`);
        s %= n;
      }
    }
    return parts.length ? `in ${parts.slice(0, 2).join(' ')}` : 'now';
  }

  async function loadSchedules() {
    try {
      const out = await ok(control.GET('/_mock/sessions/{id}/schedules', { params: inSession() }));
      const rows = out.schedules.map((s) => h('tr', { dataset: { flow: s.flow, schedule: s.name, next: s.next[0] || '' } },
        h('td', {}, h('code', {}, s.flow)), h('th', { scope: 'row' }, h('code', {}, s.name)), h('td', {}, h('code', {}, s.cron)),
        h('td', {}, s.enabled ? 'yes' : 'no'),
        h('td', {}, s.next.length ? h('ol', { className: 'fires' }, ...s.next.map((t) => h('li', {}, h('time', { dateTime: t }, t), ` (${after(t, out.now)})`)))
          : h('span', { className: 'muted' }, s.enabled ? 'never again' : 'disabled'))));
      $('schedule-list').replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colSpan: 5, className: 'muted' }, 'No schedules in this session.'))]));
      say('schedules-status', `${out.schedules.length} schedules; session clock ${out.now}.`);
    } catch (e) {
      say('schedules-status', e instanceof Error ? e.message : String(e));
    }
  }

  $('schedules-refresh').addEventListener('click', loadSchedules);

  // ---- the clock -----------------------------------------------------------------------------

  $('clock-form').addEventListener('submit', async (/** @type {SubmitEvent} */ ev) => {
    ev.preventDefault();
    /** @type {Schemas['ClockChange']} */
    const body = {};
    const adv = $('clock-advance').value.trim();
    const scale = $('clock-scale').value.trim();
    if (adv) body.advance = adv;
    if (scale) {
      body.scale = Number(scale);
      if (!Number.isFinite(body.scale)) {
        say('clock-status', `Time scale ${scale} is not a number. Nothing was sent.`);
        return;
      }
    }
    try {
      const c = await ok(control.POST('/_mock/sessions/{id}/clock', { params: inSession(), body }));
      showClock(c);
      say('clock-status', `Clock ${adv ? `advanced by ${adv}` : 'changed'}.`);
      if (window.fmExec) window.fmExec.refresh();
      loadSchedules();
    } catch (e) {
      fail(e);
    }
  });

  // refresh shows the chosen session's clock (an empty change answers it as it is), test case
  // and schedules.
  function refresh() {
    ok(control.POST('/_mock/sessions/{id}/clock', { params: inSession(), body: {} })).then(showClock).catch(() => {});
    showTestCase();
    loadSchedules();
  }

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let sessionTimer;
  $('session').addEventListener('input', () => {
    clearTimeout(sessionTimer);
    sessionTimer = setTimeout(refresh, 250);
  });
  // A reset (or a scenario change) shows in the session's status line: follow it.
  new MutationObserver(refresh).observe($('session-status'), { childList: true, characterData: true, subtree: true });

  window.fmSession = { pickFor, refresh };
  loadTestCases();
  refresh();
})();
