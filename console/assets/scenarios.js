// @ts-check
// flowmock console: the scenarios the server knows (GET /_mock/scenarios) and the session's
// active one (GET /_mock/sessions/{id}), with Apply and Clear (PUT/DELETE …/scenario) and
// Reset (POST …/reset). Every control-plane error shows in the error banner. The page says
// data-ready once the scenarios and the session have loaded.
'use strict';

(() => {
  const { control, ok, inSession, session, say, fail, run, h } = window.fm;
  /** @type {(id: string) => any} */
  const $ = (id) => document.getElementById(id);

  /** @typedef {import('../types/control').components['schemas']} Schemas */
  /** @type {Schemas['ScenarioInfo'][]} */
  let scenarios = [];
  /** @type {string | undefined} the active scenario last shown */
  let shownActive;

  async function loadScenarios() {
    const list = await ok(control.GET('/_mock/scenarios'));
    scenarios = Array.isArray(list) ? list : [];
    renderScenarios();
  }

  function renderScenarios() {
    const select = $('scenario-select');
    const keep = select.value;
    select.replaceChildren(...scenarios.map((s) => h('option', { value: s.name, textContent: s.default ? `${s.name} (server default)` : s.name })));
    if (keep && scenarios.some((s) => s.name === keep)) select.value = keep;

    if (scenarios.length === 0) {
      $('scenario-list').replaceChildren(h('tr', {}, h('td', { colSpan: 4, className: 'muted' }, 'No scenarios loaded.')));
      return;
    }
    $('scenario-list').replaceChildren(...scenarios.map((s) => {
      const use = h('button', { type: 'button', className: 'small', textContent: 'Use', ariaLabel: `Use ${s.name} for the session`, dataset: { scenario: s.name } });
      use.addEventListener('click', () => setScenario(s.name));
      const name = h('th', { scope: 'row' }, h('code', {}, s.name), s.default ? ' ' : null, s.default ? h('span', { className: 'badge' }, 'server default') : null);
      return h('tr', { dataset: { scenario: s.name } }, name, h('td', {}, s.description || ''),
        h('td', { className: 'muted' }, (s.rules || []).join(', ')), h('td', {}, use));
    }));
  }

  /** @param {Schemas['SessionView']} view */
  function showActive(view) {
    const name = view && view.scenario;
    const def = scenarios.find((s) => s.default);
    const active = $('active-scenario');
    active.textContent = name ? name + (def && def.name === name ? ' (server default)' : '') : 'none';
    active.dataset.scenario = name || '';
    active.classList.toggle('muted', !name);
    // Follow the active scenario in the selector only when it changes, not to undo a choice
    // the user is about to apply.
    if (name !== shownActive) {
      shownActive = name;
      if (name && scenarios.some((s) => s.name === name)) $('scenario-select').value = name;
    }
    for (const tr of $('scenario-list').querySelectorAll('tr[data-scenario]')) {
      if (tr.dataset.scenario === name) tr.setAttribute('aria-current', 'true');
      else tr.removeAttribute('aria-current');
    }
  }

  async function loadSession() {
    const id = session();
    const view = await ok(control.GET('/_mock/sessions/{id}', { params: inSession(id) }));
    if (id === session()) showActive(view);
  }

  /** @param {string} msg */
  const status = (msg) => say('session-status', msg);

  /** @param {string} name */
  async function setScenario(name) {
    const id = session();
    const view = await run(() => ok(control.PUT('/_mock/sessions/{id}/scenario', { params: inSession(id), body: { scenario: name } })));
    if (view) {
      showActive(view);
      status(`Session ${id}: scenario ${view.scenario} active.`);
    }
  }

  $('session-form').addEventListener('submit', (/** @type {Event} */ ev) => {
    ev.preventDefault();
    if (!$('scenario-select').value) {
      fail('Choose a scenario first.');
      return;
    }
    setScenario($('scenario-select').value);
  });

  $('clear-scenario').addEventListener('click', async () => {
    const id = session();
    const view = await run(() => ok(control.DELETE('/_mock/sessions/{id}/scenario', { params: inSession(id) })));
    if (view) {
      showActive(view);
      status(`Session ${id}: scenario cleared${view.scenario ? `; the server default ${view.scenario} applies` : ''}.`);
    }
  });

  $('reset-session').addEventListener('click', async () => {
    const id = session();
    const out = await run(() => ok(control.POST('/_mock/sessions/{id}/reset', { params: inSession(id) })));
    if (out) {
      status(`Session ${id} reset; ${out.journalDropped ?? 0} journal records dropped.`);
      window.fmJournal.poll();
    }
  });

  let inputTimer = 0;
  $('session').addEventListener('input', () => {
    clearTimeout(inputTimer);
    inputTimer = setTimeout(() => run(loadSession), 250);
  });

  // refresh follows the session's scenario once the scenarios are known (the health poll
  // calls it: tests may switch the scenario through the control plane too).
  window.fmScenarios = { refresh: () => (scenarios.length ? loadSession() : Promise.resolve()) };

  run(async () => {
    await loadScenarios();
    await loadSession();
  }).then(() => document.body.setAttribute('data-ready', 'true'));
})();
