// flowmock console: a journal record in full (its parameters and its answer's body as the
// journal keeps them), and for a StartExecution that named its execution, a way to that
// execution's view. The rows' Details buttons come from app.js, which keeps the records shown
// in window.fmJournal.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  let shown = null;

  // pretty indents a JSON answer; a cut one (not JSON any more) shows as kept.
  const pretty = (body) => {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  };

  $('journal-body').addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-seq]');
    const r = b && window.fmJournal && window.fmJournal.get(b.dataset.seq);
    if (!r) return;
    shown = r;
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
    if (!shown) return;
    const session = $('session');
    if (session.value.trim() !== shown.session) {
      session.value = shown.session;
      session.dispatchEvent(new Event('input'));
    }
    window.fmExec.open(shown.params.FlowName, shown.params.ExecutionName);
  });
})();
