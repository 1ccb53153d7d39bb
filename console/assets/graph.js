// @ts-check
// flowmock console: a flow definition (either FDL dialect) as a graph, the path an execution
// took through it (from GetExecutionHistory), laid out by dagre and drawn as SVG.
// Exposes window.fmGraph = { model, path, draw }.
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const LABEL_MAX = 28; // characters of a condition shown on its edge

  const arr = (v) => (Array.isArray(v) ? v : []);
  const short = (s) => (s.length > LABEL_MAX ? s.slice(0, LABEL_MAX - 1) + '…' : s);

  // The two dialects' differences, as data: key names, the types that nest a body of states,
  // and whether a state without a next one falls through to the one below (the old dialect).
  /**
   * @typedef {{ name: string, type: string, states: string, next: string, end: string, catches: string,
   *   errors: string, choice: string, choices: string, condition: string, words: { default: string, catch: string },
   *   final: string[], fallThrough: boolean, nests: Record<string, string>, defaultOf: (s: any) => unknown,
   *   bodies: (s: any) => any[], startOf: (b: any) => unknown }} Dialect
   */
  /** @type {{ new: Dialect, old: Dialect }} */
  const DIALECTS = {
    new: {
      name: 'Name', type: 'Type', states: 'States', next: 'Next', end: 'End', catches: 'Catch', errors: 'Errors',
      choice: 'Choice', choices: 'Branches', condition: 'Condition', words: { default: 'Default', catch: 'Catch' },
      final: ['Succeed', 'Fail'], fallThrough: false,
      nests: { Parallel: 'branch', Map: 'processor' },
      defaultOf: (/** @type {any} */ s) => s.Default,
      bodies: (/** @type {any} */ s) => (s.Type === 'Parallel' ? arr(s.Branches) : [s.Processor || s.ItemProcessor || {}]),
      startOf: (/** @type {any} */ b) => b && b.StartAt,
    },
    old: {
      name: 'name', type: 'type', states: 'steps', next: 'goto', end: 'end', catches: 'catch', errors: 'errors',
      choice: 'choice', choices: 'choices', condition: 'condition', words: { default: 'default', catch: 'catch' },
      final: ['succeed', 'fail'], fallThrough: true,
      nests: { parallel: 'branch', foreach: 'iteration' },
      defaultOf: (/** @type {any} */ s) => s.default && s.default.goto,
      bodies: (/** @type {any} */ s) => (s.type === 'parallel' ? arr(s.branches) : [s]),
      startOf: (/** @type {any} */ b) => { const first = arr(b && b.steps)[0]; return first && first.name; },
    },
  };

  // model parses a definition into {nodes, edges, groups}. Nodes are states (plus the join
  // of each Parallel and Map), keyed by scope path; groups are Parallel branches and Map
  // processors. Throws on YAML it cannot read.
  /** @param {string} definition */
  function model(definition) {
    const doc = /** @type {any} */ (window.jsyaml.load(definition));
    if (!doc || typeof doc !== 'object') throw new Error('the definition is not a YAML mapping');
    const g = { nodes: [], edges: [], groups: [] };
    const D = !doc.States && (doc.type === 'flow' || Array.isArray(doc.steps)) ? DIALECTS.old : DIALECTS.new;
    scope(g, D, arr(doc[D.states]), '', null);
    return g;
  }

  function addNode(g, scope, name, type, parent) {
    const id = `${scope}${name}`;
    g.nodes.push({ id, name, type, parent });
    return id;
  }

  // scope adds a list of states in dialect D; returns its node ids by name and those that end it.
  /** @param {any} g @param {Dialect} D @param {any[]} states @param {string} prefix @param {string | null} parent */
  function scope(g, D, states, prefix, parent) {
    const ids = new Map();
    const ends = [];
    const nameOf = (s) => (s && s[D.name] ? String(s[D.name]) : '');
    for (const s of states) {
      if (nameOf(s)) ids.set(nameOf(s), addNode(g, prefix, nameOf(s), String(s[D.type] || ''), parent));
    }
    const link = (from, to, kind, label) => {
      if (ids.has(String(to))) g.edges.push({ from, to: ids.get(String(to)), kind, label });
    };
    states.forEach((s, i) => {
      if (!nameOf(s)) return;
      const type = s[D.type];
      let out = ids.get(nameOf(s));
      if (Object.hasOwn(D.nests, type)) out = nested(g, D, s, prefix, parent, out);
      if (type === D.choice) {
        for (const c of arr(s[D.choices])) link(out, c && c[D.next], 'choice', short(String((c && c[D.condition]) ?? '')));
        if (D.defaultOf(s)) link(out, D.defaultOf(s), 'default', D.words.default);
      }
      for (const c of arr(s[D.catches])) link(out, c && c[D.next], 'catch', `${D.words.catch} ${arr(c && c[D.errors]).join(', ')}`);
      const below = D.fallThrough ? states[i + 1] : undefined;
      if (s[D.next]) link(out, s[D.next], 'next', '');
      else if (s[D.end] || D.final.includes(type) || (D.fallThrough && !below)) ends.push(out);
      else if (type !== D.choice && nameOf(below)) link(out, nameOf(below), 'next', '');
    });
    return { ids, ends };
  }

  // nested draws a Parallel's branches or a Map's processor (old dialect: parallel, foreach)
  // inside a group, from the state's node to a join node; returns the join, which takes the
  // state's outgoing edges.
  /** @param {any} g @param {Dialect} D @param {any} s @param {string} prefix @param {string | null} parent @param {string} id */
  function nested(g, D, s, prefix, parent, id) {
    const name = s[D.name];
    const type = s[D.type];
    const grp = `grp:${id}`;
    g.groups.push({ id: grp, label: `${name} (${type})`, parent });
    g.nodes.find((n) => n.id === id).parent = grp;
    const join = addNode(g, prefix, `${name} ⟶ end`, 'join', grp);
    D.bodies(s).forEach((b, i) => {
      const sub = `${grp}/${i}`;
      const word = D.nests[type];
      g.groups.push({ id: sub, label: word === 'branch' ? `branch ${i + 1}` : word, parent: grp });
      const inner = scope(g, D, arr(b && b[D.states]), `${id}/${i}/`, sub);
      const start = D.startOf(b);
      if (start !== undefined && inner.ids.has(String(start))) g.edges.push({ from: id, to: inner.ids.get(String(start)), kind: 'next', label: '' });
      for (const e of inner.ends) g.edges.push({ from: e, to: join, kind: 'next', label: '' });
    });
    return join;
  }

  // path reads the events of an execution: per state name its outcome, attempts and the
  // events that show its input/output/error; and the "from→to" state pairs taken.
  function path(events, waitingTokens) {
    const states = new Map();
    const exits = new Map(); // StepExited event id → state name
    const taken = new Set();
    const byId = new Map(events.map((e) => [e.EventId, e]));
    for (const e of events) {
      const name = e.StepName;
      if (!name) continue;
      let st = states.get(name);
      if (!st) states.set(name, st = { outcome: 'running', attempts: 0, failures: 0, events: [], token: '' });
      st.events.push(e);
      const d = detail(e);
      switch (e.Type) {
        case 'StepEntered': {
          st.outcome = 'running';
          const prev = exits.get(e.ScheduleEventId);
          if (prev) {
            taken.add(`${prev}→${name}`);
            if (states.get(prev).outcome === 'failed') states.get(prev).outcome = 'caught';
          }
          const parent = byId.get(e.ScheduleEventId);
          if (parent && parent.Type === 'BranchEntered' || parent && parent.Type === 'IterationEntered') {
            const owner = byId.get(parent.ScheduleEventId);
            if (owner && owner.StepName) taken.add(`${owner.StepName}→${name}`);
          }
          break;
        }
        case 'TaskScheduled': st.attempts++; st.token = d.taskToken || ''; break;
        case 'TaskFailed': case 'TaskTimedOut': st.failures++; break;
        case 'StepSucceeded': st.outcome = 'succeeded'; break;
        case 'StepFailed': st.outcome = 'failed'; break;
        case 'StepExited': exits.set(e.EventId, name); break;
        default:
      }
    }
    for (const st of states.values()) {
      if (st.outcome === 'running' && st.token && waitingTokens.has(st.token)) st.outcome = 'waiting';
      st.retries = Math.max(0, st.attempts - 1);
    }
    return { states, taken };
  }

  function detail(e) {
    try {
      return JSON.parse(e.EventDetail || '{}') || {};
    } catch {
      return {};
    }
  }

  // layout runs dagre over the model, with node sizes from the label lengths.
  function layout(m) {
    const d = new window.dagre.graphlib.Graph({ compound: true, multigraph: true });
    d.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 40, marginx: 12, marginy: 12 });
    d.setDefaultEdgeLabel(() => ({}));
    for (const gr of m.groups) d.setNode(gr.id, { label: gr.label, paddingTop: 26 });
    for (const gr of m.groups) if (gr.parent) d.setParent(gr.id, gr.parent);
    for (const n of m.nodes) {
      const join = n.type === 'join';
      d.setNode(n.id, { width: join ? 18 : Math.max(120, 8 * n.name.length + 24), height: join ? 18 : 44 });
      if (n.parent) d.setParent(n.id, n.parent);
    }
    m.edges.forEach((e, i) => d.setEdge(e.from, e.to, {
      width: e.label ? 7 * e.label.length : 0, height: e.label ? 16 : 0, labelpos: 'c',
    }, `e${i}`));
    window.dagre.layout(d);
    return d;
  }

  function svg(tag, attrs, parent) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (parent) parent.append(el);
    return el;
  }

  // describe says a state's outcome in words, for its label and its accessible name.
  function describe(st) {
    if (!st) return 'not reached';
    const words = { succeeded: 'succeeded', failed: 'failed', caught: 'failed, caught', running: 'running', waiting: 'waiting for a callback' };
    let s = words[st.outcome];
    if (st.retries) s += `, retried ×${st.retries}`;
    return s;
  }

  // draw lays out m, colours it by p (path(), or null) and returns an <svg>; onPick(name)
  // is called when a state is clicked or chosen by keyboard.
  function draw(m, p, onPick) {
    const d = layout(m);
    const { width, height } = d.graph();
    const root = svg('svg', { viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`, width: Math.ceil(width), height: Math.ceil(height), class: 'flow-graph', role: 'group', 'aria-label': 'the flow as a graph; states are buttons' });
    const defs = svg('defs', {}, root);
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }, marker);
    for (const gr of m.groups) {
      const b = d.node(gr.id);
      const g = svg('g', { class: 'group', 'data-group': gr.id }, root);
      svg('rect', { x: b.x - b.width / 2, y: b.y - b.height / 2, width: b.width, height: b.height, rx: 6 }, g);
      // dagre keeps no room for a group's label: the bottom left corner is the emptiest.
      svg('text', { x: b.x - b.width / 2 + 6, y: b.y + b.height / 2 - 6 }, g).textContent = gr.label;
    }
    const nodeName = new Map(m.nodes.map((n) => [n.id, n.name]));
    m.edges.forEach((e, i) => {
      const pts = d.edge(e.from, e.to, `e${i}`).points;
      const on = p && (e.to.endsWith(' ⟶ end') ? ok(p, nodeName.get(e.from))
        : p.taken.has(`${nodeName.get(e.from).replace(/ ⟶ end$/, '')}→${nodeName.get(e.to)}`));
      const g = svg('g', { class: `edge ${e.kind}${on ? ' taken' : ''}`, 'data-from': e.from, 'data-to': e.to }, root);
      svg('path', { d: 'M' + pts.map((q) => `${q.x},${q.y}`).join(' L'), 'marker-end': 'url(#arrow)' }, g);
      if (e.label) {
        const l = d.edge(e.from, e.to, `e${i}`);
        svg('text', { x: l.x, y: l.y + 4, 'text-anchor': 'middle' }, g).textContent = e.label;
      }
    });
    for (const n of m.nodes) drawNode(root, d.node(n.id), n, p, onPick);
    return root;
  }

  // ok says whether a state ended well (its edge into a join was taken).
  function ok(p, name) {
    const st = p.states.get(name.replace(/ ⟶ end$/, ''));
    return Boolean(st && (st.outcome === 'succeeded' || st.outcome === 'caught'));
  }

  function drawNode(root, b, n, p, onPick) {
    const st = p ? p.states.get(n.type === 'join' ? '' : n.name) : null;
    const g = svg('g', { class: `node t-${n.type.toLowerCase()} ${st ? 'o-' + st.outcome : 'o-none'}`, 'data-state': n.name, 'data-id': n.id }, root);
    if (n.type === 'join') {
      svg('circle', { cx: b.x, cy: b.y, r: 6 }, g);
      return;
    }
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    const second = st && st.retries ? `${n.type} · retried ×${st.retries}` : n.type;
    // The title is the accessible name (and tooltip): the text shown, then the outcome.
    svg('title', {}, g).textContent = `${n.name} ${second}: ${describe(st)}`;
    if (st) g.dataset.outcome = st.outcome;
    if (st && st.retries) g.dataset.retries = String(st.retries);
    svg('rect', { x: b.x - b.width / 2, y: b.y - b.height / 2, width: b.width, height: b.height, rx: n.type === 'Choice' ? 16 : 4 }, g);
    svg('text', { x: b.x, y: b.y - 3, 'text-anchor': 'middle', class: 'name' }, g).textContent = n.name;
    svg('text', { x: b.x, y: b.y + 13, 'text-anchor': 'middle', class: 'type' }, g).textContent = second;
    const pick = () => onPick(n.name);
    g.addEventListener('click', pick);
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        pick();
      }
    });
  }

  window.fmGraph = { model, path, draw, describe, detail };
})();
