// @ts-check
// flowmock console: the session's flows (ListFlows, paged), the definition editor with the
// server's validation problems at their lines (CreateFlow, UpdateFlow, DeleteFlow), starting
// an execution, and the executions of a flow with ListExecutions' filters and paging.
'use strict';

(() => {
  const { call, say, fail, h } = window.fm;
  /** @type {(id: string) => any} */
  const $ = (id) => document.getElementById(id);
  const PAGE = 20;

  // ---- flows list ------------------------------------------------------------------------

  let flowsToken = '';

  async function loadFlows(more) {
    try {
      const out = await call('ListFlows', { Limit: PAGE, NextToken: more ? flowsToken : '' });
      const flows = out.Flows || [];
      flowsToken = out.NextToken || '';
      const rows = flows.map(flowRow);
      if (more) $('flow-list').append(...rows);
      else $('flow-list').replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colSpan: 4, className: 'muted' }, 'No flows in this session.'))]));
      $('flows-more').hidden = !flowsToken;
      say('flows-status', `${$('flow-list').querySelectorAll('tr[data-flow]').length} flows shown${flowsToken ? '; more on the next page' : ''}.`);
    } catch (e) {
      fail(e);
    }
  }

  function flowRow(f) {
    const edit = h('button', { type: 'button', className: 'small', textContent: 'Edit', ariaLabel: `Edit ${f.Name}` });
    edit.addEventListener('click', () => editFlow(f));
    const runs = h('button', { type: 'button', className: 'small', textContent: 'Executions', ariaLabel: `Executions of ${f.Name}` });
    runs.addEventListener('click', () => showExecutions(f.Name));
    return h('tr', { dataset: { flow: f.Name } },
      h('th', { scope: 'row' }, h('code', {}, f.Name)), h('td', {}, f.Description || ''),
      h('td', { className: 'muted' }, f.LastModifiedTime || ''), h('td', {}, edit, ' ', runs));
  }

  // startFlow names the flow the start form starts, and offers its test cases.
  /** @param {string} name */
  function startFlow(name) {
    $('start-flow').value = name;
    if (window.fmSession) window.fmSession.pickFor(name);
  }

  // ---- the editor --------------------------------------------------------------------------

  function editFlow(f) {
    $('flow-name').value = f.Name;
    $('flow-description').value = f.Description || '';
    $('definition').value = f.Definition || '';
    startFlow(f.Name);
    showProblems([]);
    $('definition').focus();
  }

  // problems splits the server's "Parameter error. Definition: line 7, state A, field Next: …;
  // line 9, …" into {line, text}; a message without lines is one problem at line 0.
  function problems(message) {
    const m = /Definition: (.*)$/s.exec(message);
    if (!m) return [{ line: 0, text: message }];
    return m[1].split(/;\s(?=line \d+)/).map((p) => {
      const l = /^line (\d+),?\s*(.*)$/s.exec(p.trim());
      return l ? { line: Number(l[1]), text: l[2].replace(/\.$/, '') } : { line: 0, text: p };
    });
  }

  function showProblems(list) {
    const bad = new Set(list.map((p) => p.line));
    const lines = $('definition').value.split('\n').length;
    $('definition').rows = Math.max(12, Math.min(lines + 1, 400));
    const gutter = [];
    for (let i = 1; i <= lines; i++) gutter.push(h('span', { className: bad.has(i) ? 'bad' : '', dataset: { line: i } }, String(i)));
    $('gutter').replaceChildren(...gutter.flatMap((g) => [g, '\n']));
    $('problems').replaceChildren(...list.map((p) => {
      const go = h('button', { type: 'button', className: 'link', textContent: p.line ? `Line ${p.line}` : 'Definition' });
      go.addEventListener('click', () => selectLine(p.line));
      return h('li', { dataset: { line: p.line } }, go, `: ${p.text}`);
    }));
    $('problems-box').hidden = list.length === 0;
  }

  function selectLine(n) {
    const ta = $('definition');
    const lines = ta.value.split('\n');
    const start = lines.slice(0, Math.max(0, n - 1)).reduce((a, l) => a + l.length + 1, 0);
    ta.focus();
    ta.setSelectionRange(start, start + (lines[n - 1] || '').length);
  }

  async function saveFlow(action) {
    const params = { Name: $('flow-name').value.trim(), Description: $('flow-description').value || 'from the console', Definition: $('definition').value };
    if (action === 'CreateFlow') params.Type = 'FDL';
    try {
      await call(action, params);
      showProblems([]);
      say('editor-status', `${action === 'CreateFlow' ? 'Created' : 'Updated'} flow ${params.Name}.`);
      startFlow(params.Name);
      loadFlows(false);
    } catch (e) {
      if (e.code === 'InvalidArgument' && /Definition:/.test(e.detail)) {
        showProblems(problems(e.detail));
        say('editor-status', `${action} refused: the definition has problems (below).`);
      } else {
        showProblems([]);
        say('editor-status', e.message);
      }
    }
  }

  $('flow-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    saveFlow('CreateFlow');
  });
  $('update-flow').addEventListener('click', () => saveFlow('UpdateFlow'));
  $('delete-flow').addEventListener('click', async () => {
    const name = $('flow-name').value.trim();
    try {
      await call('DeleteFlow', { Name: name });
      say('editor-status', `Deleted flow ${name}.`);
      loadFlows(false);
    } catch (e) {
      say('editor-status', e.message);
    }
  });
  $('definition').addEventListener('input', () => showProblems([]));
  $('flows-refresh').addEventListener('click', () => loadFlows(false));
  $('flows-more').addEventListener('click', () => loadFlows(true));

  // ---- start an execution ------------------------------------------------------------------

  $('start-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = $('start-input').value.trim() || '{}';
    try {
      const v = JSON.parse(input);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('want a JSON object');
      $('start-input').removeAttribute('aria-invalid');
    } catch (e) {
      $('start-input').setAttribute('aria-invalid', 'true');
      say('start-status', `Input is not a JSON object: ${e.message}. Nothing was sent.`);
      return;
    }
    const flow = $('start-flow').value.trim();
    try {
      const out = await call('StartExecution', {
        FlowName: flow, ExecutionName: $('start-name').value.trim(), Input: input, Qualifier: $('start-qualifier').value.trim(),
      }, { testCase: $('start-test-case').value.trim() });
      say('start-status', `Started ${out.Name} of ${flow}.`);
      window.fmExec.open(flow, out.Name);
    } catch (e) {
      say('start-status', e.message);
    }
  });

  // ---- executions of a flow ----------------------------------------------------------------

  let execFlow = '';
  let execToken = '';

  function showExecutions(flow) {
    execFlow = flow;
    $('executions-flow').textContent = flow;
    startFlow(flow);
    loadExecutions(false);
    $('executions-heading').focus();
  }

  const isoOf = (v) => (v ? new Date(v + 'Z').toISOString().replace('.000Z', 'Z') : '');

  async function loadExecutions(more) {
    if (!execFlow) return;
    try {
      const out = await call('ListExecutions', {
        FlowName: execFlow, Limit: PAGE, NextToken: more ? execToken : '',
        Status: $('filter-status').value, ExecutionNamePrefix: $('filter-prefix').value.trim(),
        StartedTimeBegin: isoOf($('filter-begin').value), StartedTimeEnd: isoOf($('filter-end').value),
      });
      execToken = out.NextToken || '';
      const rows = (out.Executions || []).map(execRow);
      if (more) $('execution-list').append(...rows);
      else $('execution-list').replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colSpan: 4, className: 'muted' }, 'No executions match.'))]));
      $('executions-more').hidden = !execToken;
      say('executions-status', `${$('execution-list').querySelectorAll('tr[data-execution]').length} executions of ${execFlow} shown${execToken ? '; more on the next page' : ''}.`);
    } catch (e) {
      say('executions-status', e.message);
    }
  }

  function execRow(x) {
    const view = h('button', { type: 'button', className: 'small', textContent: 'View', ariaLabel: `View execution ${x.Name}` });
    view.addEventListener('click', () => window.fmExec.open(x.FlowName || execFlow, x.Name));
    return h('tr', { dataset: { execution: x.Name, status: x.Status } },
      h('th', { scope: 'row' }, h('code', {}, x.Name)), h('td', { className: `x-${String(x.Status).toLowerCase()}` }, x.Status),
      h('td', { className: 'muted' }, x.StartedTime || ''), h('td', {}, view));
  }

  $('executions-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    loadExecutions(false);
  });
  $('executions-more').addEventListener('click', () => loadExecutions(true));

  let sessionTimer = 0;
  $('session').addEventListener('input', () => {
    clearTimeout(sessionTimer);
    sessionTimer = setTimeout(() => loadFlows(false), 250);
  });

  window.fmFlows = { loadFlows, problems };
  loadFlows(false);
})();
