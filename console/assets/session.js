// @ts-check
// flowmock console: the session's test case (PUT /_mock/sessions/{id}/test-case) and clock
// (POST /_mock/sessions/{id}/clock: advance it, change its scale).
'use strict';

(() => {
  const { control, ok, inSession, say, fail } = window.fm;
  /** @type {(id: string) => any} */
  const $ = (id) => document.getElementById(id);

  function showClock(c) {
    $('clock-now').textContent = `${c.now} (scale ${c.scale})`;
  }

  $('set-test-case').addEventListener('click', async () => {
    try {
      const out = await ok(control.PUT('/_mock/sessions/{id}/test-case', { params: inSession(), body: { testCase: $('test-case').value.trim() } }));
      say('clock-status', out.testCase ? `Session ${out.session}: test case ${out.testCase}.` : `Session ${out.session}: no test case.`);
    } catch (e) {
      fail(e);
    }
  });

  $('clock-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    /** @type {import('../types/control').components['schemas']['ClockChange']} */
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
    } catch (e) {
      fail(e);
    }
  });

  // An empty change answers the clock as it is.
  ok(control.POST('/_mock/sessions/{id}/clock', { params: inSession(), body: {} })).then(showClock).catch(() => {});
})();
