'use strict';
// The console (/_mock/ui) in a real browser against `flowmock serve`: Debian's Chromium
// (/usr/bin/chromium, or CHROMIUM_PATH) driven by playwright-core. Skipped, saying why, when
// there is no Chromium. A screenshot goes to artifacts/console.png.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startMock } = require('../../tools/node/flowmock');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, 'artifacts');
// The flags this machine's Chromium needs: no sandbox as root, no GPU, and no traffic of its
// own (the network is closed). playwright-core adds --headless and a fresh --user-data-dir is
// given below.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = 10000; // ms for anything the page shows after a poll (journal every 1 s, health every 2 s)

const skip = fs.existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`;

describe('flowmock console', { timeout: 60000 }, () => {
  let mock, context, page, userDataDir, scenariosDir;
  const problems = []; // page errors and console errors other than failed fetches

  // api calls the mocked CloudFlow API as a client would.
  async function api(params, headers = {}) {
    const q = new URLSearchParams({ Action: 'ListExecutions', Version: '2019-03-15', ...params });
    const res = await fetch(`${mock.url}/?${q}`, { headers });
    return { status: res.status, requestId: res.headers.get('x-acs-request-id'), body: await res.json() };
  }

  // control calls the control plane directly, to check what the page did.
  async function control(method, p) {
    const res = await fetch(mock.url + p, { method });
    return res.json();
  }

  // journalRow waits for the journal row of a request and returns its cells by column.
  async function journalRow(requestId) {
    assert.ok(requestId, 'the API answer has an x-acs-request-id');
    const row = page.locator(`#journal-body tr[data-request-id="${requestId}"]`);
    await row.waitFor({ timeout: WAIT });
    const cells = {};
    for (const td of await row.locator('td').all()) {
      cells[await td.getAttribute('data-col')] = (await td.textContent()).trim();
    }
    return cells;
  }

  before(async () => {
    if (skip) return;
    const { chromium } = require('playwright-core');
    scenariosDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowmock-console-scenarios-'));
    fs.writeFileSync(path.join(scenariosDir, 'e2e-extra.yaml'),
      'name: e2e-extra\ndescription: A scenario from --scenarios, for the console test.\nrules:\n  - name: all\n    error: InternalServerError\n');
    mock = await startMock(['--scenarios', scenariosDir]);
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowmock-console-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 1000 },
    });
    page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // A 4xx/5xx fetch is logged as "Failed to load resource"; the tests provoke some.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
    });
  });

  after(async () => {
    if (context) await context.close();
    if (mock) await mock.close();
    for (const d of [userDataDir, scenariosDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('serves the page at /_mock/ui with the scenarios and the default session', { skip }, async () => {
    const res = await page.goto(`${mock.url}/_mock/ui`);
    assert.equal(res.status(), 200, `GET /_mock/ui: ${res.status()} ${await res.text()}`);
    assert.match(res.headers()['content-type'], /^text\/html/);
    assert.equal(res.headers()['cache-control'], 'no-cache');
    await page.locator('body[data-ready="true"]').waitFor({ timeout: WAIT });
    assert.equal(await page.title(), 'flowmock console');
    // The page lists the session's flows (one ListFlows); the journal tests below start empty.
    await page.locator('#flows-status', { hasText: /flows shown/ }).waitFor({ timeout: WAIT });
    assert.deepEqual(await control('DELETE', '/_mock/requests'), { dropped: 1 });

    // Every scenario the control plane lists is on the page, with its description.
    const scenarios = await control('GET', '/_mock/scenarios');
    assert.ok(scenarios.some((s) => s.name === 'throttled') && scenarios.some((s) => s.name === 'e2e-extra'));
    for (const s of scenarios) {
      const row = page.locator(`#scenario-list tr[data-scenario="${s.name}"]`);
      assert.equal((await row.locator('td').first().textContent()).trim(), s.description);
      assert.ok(await page.locator(`#scenario-select option[value="${s.name}"]`).count(), `${s.name} in the selector`);
    }

    // The controls have accessible names (getByLabel/getByRole find them by name).
    assert.equal(await page.getByRole('textbox', { name: 'Session', exact: true }).inputValue(), 'default');
    await page.getByLabel('Filter by session').waitFor();
    await page.getByRole('button', { name: 'Apply scenario' }).waitFor();
    await page.getByRole('button', { name: 'Use throttled for the session' }).waitFor();
    assert.equal(await page.locator('#active-scenario').textContent(), 'none');
    assert.equal(await page.locator('#reload-banner').isHidden(), true);
    assert.equal(await page.locator('#error-banner').isHidden(), true);
  });

  it('shows an API request in the journal', { skip }, async () => {
    const r = await api({ FlowName: 'demo_flow', Limit: '2' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.Executions.length, 2);
    const cells = await journalRow(r.requestId);
    assert.equal(cells.session, 'default');
    assert.equal(cells.method, 'GET');
    assert.equal(cells.action, 'ListExecutions');
    assert.match(cells.params, /^FlowName=demo_flow Limit=2\b/);
    assert.equal(cells.status, '200');
    assert.equal(cells.code, '');
    assert.match(cells.ms, /^\d+\.\d$/);
    await page.locator('#journal-status', { hasText: /^1 request \(all sessions\)/ }).waitFor({ timeout: WAIT });
  });

  it('switches the default session to throttled from the page, by keyboard', { skip }, async () => {
    const select = page.getByRole('combobox', { name: 'Scenario', exact: true });
    await select.focus();
    await select.selectOption('throttled');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'apply-scenario');
    await page.keyboard.press('Enter');
    await page.locator('#active-scenario', { hasText: /^throttled$/ }).waitFor({ timeout: WAIT });
    await page.locator('#session-status', { hasText: 'Session default: scenario throttled active.' }).waitFor();
    assert.deepEqual(await control('GET', '/_mock/sessions/default'), { session: 'default', scenario: 'throttled' });
  });

  it('shows the next request answered 429 ResourceThrottled', { skip }, async () => {
    const r = await api({ FlowName: 'demo_flow', Limit: '2' });
    assert.equal(r.status, 429);
    assert.equal(r.body.Code, 'ResourceThrottled');
    const cells = await journalRow(r.requestId);
    assert.equal(cells.status, '429');
    assert.equal(cells.code, 'ResourceThrottled');
    assert.equal(cells.scenario, 'throttled/all');
    // The newest request is the first row.
    assert.equal(await page.locator('#journal-body tr').first().getAttribute('data-request-id'), r.requestId);
    await page.locator('#journal-status', { hasText: /^2 requests .* 1 new; latest ListExecutions 429 ResourceThrottled\./ }).waitFor({ timeout: WAIT });

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'console.png'), fullPage: true });
  });

  it('filters the journal by session', { skip }, async () => {
    const other = await api({ FlowName: 'order_pipeline', Limit: '1' }, { 'X-Mock-Session': 'other' });
    assert.equal(other.status, 200);
    await page.getByLabel('Filter by session').fill('other');
    await page.locator('#journal-status', { hasText: /^1 request \(session other\)/ }).waitFor({ timeout: WAIT });
    assert.equal(await page.locator('#journal-body tr').count(), 1);
    assert.equal((await journalRow(other.requestId)).session, 'other');
    await page.getByLabel('Filter by session').fill('nobody');
    await page.locator('#journal-body', { hasText: 'No requests yet (session nobody).' }).waitFor({ timeout: WAIT });
    await page.getByLabel('Filter by session').fill('');
    await page.locator('#journal-status', { hasText: /^3 requests \(all sessions\)/ }).waitFor({ timeout: WAIT });
  });

  it('shows control-plane errors', { skip }, async () => {
    // A scenario the page still lists but the server no longer knows (say, removed by a
    // reload): the PUT is refused 404 and the page says why.
    await page.evaluate(() => {
      const o = document.createElement('option');
      o.value = o.textContent = 'ghost';
      document.getElementById('scenario-select').append(o);
    });
    await page.getByRole('combobox', { name: 'Scenario', exact: true }).selectOption('ghost');
    await page.getByRole('button', { name: 'Apply scenario' }).click();
    const banner = page.locator('#error-banner');
    await banner.waitFor({ timeout: WAIT });
    assert.match(await page.locator('#error-message').textContent(), /^PUT \/_mock\/sessions\/default\/scenario: 404 no scenario named "ghost"; known: /);
    assert.equal(await banner.getAttribute('role'), 'alert');
    assert.equal(await page.locator('#active-scenario').textContent(), 'throttled', 'the active scenario is unchanged');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await banner.isHidden(), true);
  });

  it('clears the scenario and resets the session', { skip }, async () => {
    await page.getByRole('button', { name: 'Clear scenario' }).click();
    await page.locator('#active-scenario', { hasText: /^none$/ }).waitFor({ timeout: WAIT });
    assert.deepEqual(await control('GET', '/_mock/sessions/default'), { session: 'default', scenario: '' });
    assert.equal((await api({ FlowName: 'demo_flow', Limit: '1' })).status, 200);

    await page.getByRole('button', { name: 'Use e2e-extra for the session' }).click();
    await page.locator('#active-scenario', { hasText: /^e2e-extra$/ }).waitFor({ timeout: WAIT });
    assert.equal((await api({ FlowName: 'demo_flow', Limit: '1' })).status, 500);

    await page.getByRole('button', { name: 'Reset session' }).click();
    await page.locator('#session-status', { hasText: 'Session default reset; 4 journal records dropped.' }).waitFor({ timeout: WAIT });
    assert.deepEqual(await control('GET', '/_mock/requests/count?session=default'), { count: 0 });
    // Only the other session's request is left in the journal.
    await page.locator('#journal-status', { hasText: /^1 request \(all sessions\)/ }).waitFor({ timeout: WAIT });
    assert.equal(await page.locator('#active-scenario').textContent(), 'e2e-extra', 'reset keeps the scenario');

    // A switch through the control plane (as a test would do it) shows on the page too.
    const res = await fetch(`${mock.url}/_mock/sessions/default/scenario`, { method: 'PUT', body: '{"scenario":"slow"}' });
    assert.equal(res.status, 200);
    await page.locator('#active-scenario', { hasText: /^slow$/ }).waitFor({ timeout: WAIT });
  });

  it('shows a refused hot reload in a banner until it is fixed', { skip }, async () => {
    const broken = path.join(scenariosDir, 'broken.yaml');
    fs.writeFileSync(broken, 'name: broken\nrules: [{ name: x, error: NoSuchCode }]\n');
    const banner = page.locator('#reload-banner');
    await banner.waitFor({ timeout: WAIT });
    const health = await control('GET', '/_mock/health');
    assert.equal(health.reload && health.reload.ok, false, JSON.stringify(health));
    assert.ok((await page.locator('#reload-error').textContent()).includes(health.reload.error));
    fs.rmSync(broken);
    await banner.waitFor({ state: 'hidden', timeout: WAIT });
  });

  it('says what is wrong when something else answers for the control plane, or nothing does', { skip }, async () => {
    const health = page.locator('#health');
    await page.route('**/_mock/health', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>a captive portal</p>' }));
    await page.locator('#health', { hasText: 'Mock unreachable: GET /_mock/health: 502 the answer is text/html, not JSON' }).waitFor({ timeout: WAIT });
    assert.equal(await health.getAttribute('class'), 'health down');
    await page.unroute('**/_mock/health');
    await page.route('**/_mock/health', (route) => route.abort('connectionrefused'));
    await page.locator('#health', { hasText: /^Mock unreachable: GET \/_mock\/health: cannot reach the mock \(/ }).waitFor({ timeout: WAIT });
    await page.unroute('**/_mock/health');
    await page.locator('#health', { hasText: /^Mock ok · uptime / }).waitFor({ timeout: WAIT });
  });

  it('left no trace of its own in the journal and no page errors', { skip }, async () => {
    // The page asks only the control plane (no /favicon.ico or other request reaches the API).
    const records = await control('GET', '/_mock/requests');
    assert.deepEqual(records.filter((r) => r.path !== '/'), []);
    assert.deepEqual(problems, []);
  });
});

describe('flowmock console with --control-token', { timeout: 60000 }, () => {
  let mock, context, page, userDataDir;

  before(async () => {
    if (skip) return;
    const { chromium } = require('playwright-core');
    mock = await startMock(['--control-token', 'e2e-token']);
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowmock-console-token-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
    });
    page = context.pages()[0] || await context.newPage();
  });

  after(async () => {
    if (context) await context.close();
    if (mock) await mock.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  it('refuses the control plane without the token, and the console works with it', { skip }, async () => {
    const none = await fetch(`${mock.url}/_mock/requests`);
    assert.equal(none.status, 401);
    const wrong = await fetch(`${mock.url}/_mock/requests`, { headers: { Authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 403);

    await page.goto(`${mock.url}/_mock/ui/#token=e2e-token`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: WAIT });
    await page.locator('#scenario-list tr[data-scenario="throttled"]').waitFor({ timeout: WAIT });
    assert.equal(await page.locator('#active-scenario').textContent(), 'none');
    assert.equal(await page.locator('#error-banner').isHidden(), true);
    assert.ok(!page.url().includes('token'), 'the token leaves the address bar');
  });
});
