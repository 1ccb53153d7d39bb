// @ts-check
// flowmock console: one execution — its flow drawn with the path taken (graph.js), the
// chosen state's input/output/error, the history as a timeline, live while it runs (the
// DescribeExecution long poll paces the refreshes), Stop, and ReportTaskSucceeded (an output)
// or ReportTaskFailed (an error and a cause) for a callback task waiting in it.
'use strict';

(() => {
  const { call, control, ok, inSession, say, h } = window.fm;
  const G = window.fmGraph;
  /** @type {(id: string) => any} */
  const $ = (id) => document.getElementById(id);
  const LONG_POLL_S = 2;

  let cur = null; // {flow, name, gen, model, path, events, status}
  let generation = 0;
  let following = 0; // the generation whose follow loop runs

  async function open(flow, name) {
    const gen = ++generation;
    cur = { flow, name, gen, model: null, path: null, events: [], status: '' };
    $('execution-panel').hidden = false;
    $('execution-title').textContent = `${name} of ${flow}`;
    delete $('execution-panel').dataset.status;
    $('graph').replaceChildren();
    say('execution-status', '');
    $('state-detail').replaceChildren(h('p', { className: 'muted' }, 'Choose a state in the drawing to see its input, output and error.'));
    await refresh(gen);
    $('execution-heading').focus();
    follow(gen);
  }

  // follow refreshes the view while the execution runs: each round waits in the long poll
  // (which answers at once when the execution ends), then reads the history again.
  async function follow(gen) {
    if (following === gen) return;
    following = gen;
    while (cur && cur.gen === gen && /^(Starting|Running)$/.test(cur.status)) {
      try {
        await call('DescribeExecution', { FlowName: cur.flow, ExecutionName: cur.name, WaitTimeSeconds: LONG_POLL_S });
      } catch {
        // refresh shows what is wrong
      }
      if (!cur || cur.gen !== gen) return;
      await refresh(gen);
    }
    if (following === gen) following = 0;
  }

  async function refresh(gen) {
    try {
      const x = await call('DescribeExecution', { FlowName: cur.flow, ExecutionName: cur.name });
      const events = await history();
      const waiting = await ok(control.GET('/_mock/sessions/{id}/tasks', { params: inSession() })).catch(() => []);
      if (!cur || cur.gen !== gen) return;
      cur.status = x.Status;
      cur.events = events;
      cur.waiting = (Array.isArray(waiting) ? waiting : []);
      if (!cur.model) cur.model = G.model(x.FlowDefinition || '');
      cur.path = G.path(events, new Set(cur.waiting.map((t) => t.token)));
      render(x);
    } catch (e) {
      say('execution-status', e.message);
    }
  }

  // history reads every page of GetExecutionHistory.
  async function history() {
    const events = [];
    let token = '';
    for (let i = 0; i < 100; i++) {
      const out = await call('GetExecutionHistory', { FlowName: cur.flow, ExecutionName: cur.name, Limit: 100, NextToken: token });
      events.push(...(out.Events || []));
      token = out.NextToken || '';
      if (!token) break;
    }
    return events;
  }

  function render(x) {
    const t0 = performance.now();
    const pick = (name) => showState(name);
    $('graph').replaceChildren(G.draw(cur.model, cur.path, pick));
    const ms = performance.now() - t0;
    $('graph').dataset.drawMs = ms.toFixed(1);
    // The status line keeps what the last action said: the refreshes while the execution
    // runs write only here.
    $('execution-meta').replaceChildren(
      h('span', { className: `x-${String(x.Status).toLowerCase()}`, id: 'execution-state' }, x.Status),
      ` · started ${x.StartedTime || '?'}${x.StoppedTime ? ` · stopped ${x.StoppedTime}` : ''}`,
      ended(),
      h('span', { className: 'muted' }, ` · ${cur.events.length} events, drawn in ${ms.toFixed(0)} ms`));
    $('execution-panel').dataset.status = x.Status;
    $('stop-execution').disabled = !/^(Starting|Running)$/.test(x.Status);
    renderCallbacks();
    renderTimeline();
    if (cur.picked) showState(cur.picked);
  }

  // ended is the error and cause of a failed, stopped or timed-out execution, read from its
  // last history event (DescribeExecution carries no error fields).
  function ended() {
    const last = cur.events[cur.events.length - 1];
    if (!last || !/^Execution(Failed|Stopped|TimedOut)$/.test(last.Type)) return '';
    const d = G.detail(last);
    return d.error || d.cause ? h('span', { id: 'execution-error' }, ` · ${d.error || ''}${d.cause ? `: ${d.cause}` : ''}`) : '';
  }

  function showState(name) {
    cur.picked = name;
    const st = cur.path.states.get(name);
    const rows = [h('h3', {}, name), h('p', {}, G.describe(st))];
    if (st) {
      const first = (types) => st.events.filter((e) => types.includes(e.Type)).map((e) => G.detail(e));
      const input = first(['StepEntered'])[0];
      const out = first(['StepSucceeded'])[0];
      // A task's failed attempts; a state with none (a Fail, a failed branch) its StepFailed.
      const tries = first(['TaskFailed', 'TaskTimedOut']);
      const errs = tries.length ? tries : first(['StepFailed']);
      rows.push(block('Input', input && input.input), block('Output', out && out.output));
      if (errs.length) rows.push(block(`Errors (${errs.length})`, errs));
    }
    $('state-detail').replaceChildren(...rows.filter(Boolean));
  }

  function block(title, v) {
    if (v === undefined) return null;
    return h('div', { className: 'kv' }, h('h4', {}, title), h('pre', { tabIndex: 0 }, JSON.stringify(v, null, 2)));
  }

  function renderTimeline() {
    const start = cur.events.length ? Date.parse(cur.events[0].Time) : 0;
    $('timeline').replaceChildren(...cur.events.map((e) => {
      const dt = ((Date.parse(e.Time) - start) / 1000).toFixed(3);
      return h('li', { dataset: { type: e.Type } },
        h('span', { className: 'at' }, `+${dt}s`), ' ', h('strong', {}, e.Type), e.StepName ? ` ${e.StepName}` : '',
        h('span', { className: 'muted' }, ` #${e.EventId}`));
    }));
  }

  // renderCallbacks offers a report form for each callback task of this execution waiting.
  function renderCallbacks() {
    const mine = cur.waiting.filter((t) => t.flow === cur.flow && t.execution === cur.name);
    // Keep the forms while the same tasks wait: a refresh must not undo what is being typed.
    const key = `${cur.gen}|${mine.map((t) => t.token).join(',')}`;
    if ($('callbacks').dataset.key === key) return;
    $('callbacks').dataset.key = key;
    $('callbacks').replaceChildren(...mine.map((t) => {
      const { token, state } = t;
      const out = h('textarea', { id: `cb-out-${token}`, rows: 2, value: '{}', spellcheck: false });
      const err = h('input', { id: `cb-err-${token}`, type: 'text', value: 'Console.Failed', autocomplete: 'off', spellcheck: false });
      const cause = h('input', { id: `cb-cause-${token}`, type: 'text', value: 'reported from the console', autocomplete: 'off' });
      const ok = h('button', { type: 'button', textContent: 'Report success' });
      const bad = h('button', { type: 'button', textContent: 'Report failure' });
      ok.addEventListener('click', () => report('ReportTaskSucceeded', { TaskToken: token, Output: out.value }, out));
      bad.addEventListener('click', () => report('ReportTaskFailed', { TaskToken: token, Error: err.value.trim(), Cause: cause.value }));
      const field = (el, text) => h('div', { className: 'field' }, h('label', { htmlFor: el.id }, text), el);
      return h('fieldset', { className: 'callback', dataset: { token } }, h('legend', {}, `${state || 'Task'} waits for a callback`),
        field(out, 'Output (JSON object)'), h('div', { className: 'controls' }, field(err, 'Error'), field(cause, 'Cause')),
        h('div', { className: 'buttons' }, ok, bad));
    }));
  }

  async function report(action, params, out) {
    if (out) {
      try {
        const v = JSON.parse(out.value);
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('want a JSON object');
      } catch (e) {
        say('execution-status', `Output is not a JSON object: ${e.message}. Nothing was sent.`);
        return;
      }
    }
    try {
      await call(action, params);
      say('execution-status', `${action} sent.`);
    } catch (e) {
      say('execution-status', e.message); // refused: nothing changed, the form stays as typed
      return;
    }
    const gen = cur.gen;
    await refresh(gen);
    follow(gen);
  }

  $('stop-execution').addEventListener('click', async () => {
    try {
      await call('StopExecution', { FlowName: cur.flow, ExecutionName: cur.name, Error: 'Console.Stopped', Cause: 'stopped from the console' });
    } catch (e) {
      say('execution-status', e.message);
    }
    await refresh(cur.gen);
  });
  $('execution-refresh').addEventListener('click', async () => {
    const gen = cur.gen;
    await refresh(gen);
    follow(gen);
  });

  window.fmExec = { open, refresh: () => cur && refresh(cur.gen) };
})();
