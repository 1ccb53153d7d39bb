'use strict';
// What the console's browser tests of flows and executions share: `flowmock serve` and Debian's
// Chromium started together, the CloudFlow API called as a client would, axe-core on the page,
// screenshots to artifacts/, and the page's editor and start form driven as a user would.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startMock } = require('../../tools/node/flowmock');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, 'artifacts');
// The flags this machine's Chromium needs: no sandbox as root, no GPU, and no traffic of its
// own (the network is closed).
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = 15000; // ms for anything the page shows after an answer or a poll
const skip = fs.existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;

let axeSource;

// consoleSession returns the functions a test file uses; start() fills them in (from before()),
// close() ends the mock and the browser (from after()). problems collects page errors and console
// errors other than failed fetches; calls the "METHOD /_mock/…" the page requested.
function consoleSession() {
  const s = { mock: null, context: null, page: null, problems: [], calls: new Set(), dirs: [] };

  s.start = async (mockArgs = [], files = {}) => {
    const { chromium } = require('playwright-core');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowmock-console-e2e-'));
    s.dirs.push(dir);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    s.mock = await startMock(mockArgs.map((a) => (Object.hasOwn(files, a) ? path.join(dir, a) : a)));
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowmock-console-e2e-chromium-'));
    s.dirs.push(userDataDir);
    s.context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 }, bypassCSP: true, // bypassCSP only to inject axe-core
    });
    const page = s.page = s.context.pages()[0] || await s.context.newPage();
    page.on('pageerror', (e) => s.problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/_mock')) s.calls.add(`${r.method()} ${u.pathname}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) s.problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${s.mock.url}/_mock/ui/`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: WAIT });
  };

  s.close = async () => {
    if (s.context) await s.context.close();
    if (s.mock) await s.mock.close();
    for (const d of s.dirs) fs.rmSync(d, { recursive: true, force: true });
  };

  // api calls the mocked CloudFlow API as a client would (POST, form body).
  s.api = async (action, params, headers = {}) => {
    const body = new URLSearchParams({ Action: action, Version: '2019-03-15' });
    for (const [k, v] of Object.entries(params)) if (v !== '') body.set(k, v);
    const res = await fetch(`${s.mock.url}/`, { method: 'POST', body, headers });
    return { status: res.status, body: await res.json() };
  };

  // pages follows NextToken through every page of a List action: the items under key.
  s.pages = async (action, params, key) => {
    const out = [];
    let token = '';
    for (let i = 0; i < 100; i++) {
      const r = await s.api(action, { ...params, NextToken: token });
      assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
      out.push(...(r.body[key] || []));
      token = r.body.NextToken || '';
      if (!token) return out;
    }
    throw new Error(`${action}: more than 100 pages`);
  };

  // control calls the control plane as a test would.
  s.control = async (method, p, body) => {
    const res = await fetch(s.mock.url + p, { method, body: body && JSON.stringify(body) });
    return res.json();
  };

  s.shot = async (name) => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await s.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  };

  // axe runs axe-core on the page and fails on any serious or critical violation.
  s.axe = async (view) => {
    axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    if (!(await s.page.evaluate(() => Boolean(window.axe)))) await s.page.addScriptTag({ content: axeSource });
    const found = await s.page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(found, [], `axe on ${view}`);
  };

  s.createFromPage = async (name, definition) => {
    await s.page.getByLabel('Flow name').fill(name);
    await s.page.getByLabel('Definition (FDL, either dialect)').fill(definition);
    await s.page.getByRole('button', { name: 'Create flow' }).click();
  };

  s.startFromPage = async (flow, name, input, testCase = '') => {
    await s.page.getByLabel('Flow', { exact: true }).fill(flow);
    await s.page.getByLabel('Execution name').fill(name);
    await s.page.getByLabel('Input (JSON object)').fill(input);
    await s.page.getByLabel('Test case', { exact: true }).nth(1).selectOption(testCase);
    await s.page.getByRole('button', { name: 'Start execution' }).click();
  };

  // status waits for the execution view to show an execution in status st.
  s.status = (st) => s.page.locator(`#execution-panel[data-status="${st}"]`).waitFor({ timeout: WAIT });
  s.node = (name) => s.page.locator(`#graph g.node[data-state="${name}"]`);

  // outsideContract lists the page's control-plane requests to routes openapi/control.json
  // does not declare.
  s.outsideContract = () => {
    const doc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'openapi', 'control.json'), 'utf8'));
    const routes = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).filter((m) => m !== 'parameters')
      .map((m) => ({ method: m.toUpperCase(), re: new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`) })));
    return [...s.calls].filter((c) => {
      const [method, p] = c.split(' ');
      return !routes.some((r) => r.method === method && r.re.test(p));
    });
  };
  return s;
}

module.exports = { consoleSession, skip, WAIT, ARTIFACTS };
