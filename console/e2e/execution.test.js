'use strict';
// The console's flows, executions and execution view in headless Chromium against `flowmock
// serve --mocks`: a flow created from the page, a refused definition's problem at its line,
// an execution whose task throws twice then recovers drawn with its retries and the branch
// taken, a callback completed from the page, the executions filters against the API, a Wait
// finished by advancing the clock, and axe-core on every view (light, dark, phone width).
// Screenshots go to artifacts/.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const F = require('./flows');
const { consoleSession, skip, WAIT, ARTIFACTS } = require('./harness');

describe('flowmock console: flows and executions', { timeout: 120000 }, () => {
  const s = consoleSession();
  const { api, shot, axe, createFromPage, startFromPage, status, node } = s;
  let mock, page;

  before(async () => {
    if (skip) return;
    await s.start(['--mocks', 'mocks.yaml'], { 'mocks.yaml': F.MOCKS });
    ({ mock, page } = s);
  });

  after(() => s.close());

  it('creates a flow with a Choice, a Parallel, a Map and a Task from the page', { skip }, async () => {
    await axe('the first view');
    await createFromPage('shop', F.SHOP);
    await page.locator('#editor-status', { hasText: 'Created flow shop.' }).waitFor({ timeout: WAIT });
    await page.locator('#flow-list tr[data-flow="shop"]').waitFor({ timeout: WAIT });
    const d = await api('DescribeFlow', { Name: 'shop' });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.Definition, F.SHOP);
  });

  it('shows a refused definition\'s problem at its line', { skip }, async () => {
    const bad = F.SHOP.replace('Next: Done', 'Next: Nowhere');
    const line = bad.split('\n').findIndex((l) => l.includes('Next: Nowhere')) + 1;
    await createFromPage('shop_bad', bad);
    await page.locator('#editor-status', { hasText: 'CreateFlow refused' }).waitFor({ timeout: WAIT });
    const item = page.locator(`#problems li[data-line="${line}"]`);
    assert.match(await item.textContent(), new RegExp(`^Line ${line}: state Fan, field Next: no state named "Nowhere"`));
    assert.equal(await page.locator(`#gutter span[data-line="${line}"]`).getAttribute('class'), 'bad');
    await item.getByRole('button').click();
    const sel = await page.evaluate(() => {
      const ta = document.getElementById('definition');
      return ta.value.slice(ta.selectionStart, ta.selectionEnd);
    });
    assert.equal(sel.trim(), 'Next: Nowhere');
    await shot('definition-problem');
    await page.locator('#flow-form').screenshot({ path: path.join(ARTIFACTS, 'definition-problem-editor.png') });
    await axe('the editor with a problem');
  });

  it('publishes versions and routes an alias from the page', { skip }, async () => {
    await page.getByLabel('Flow name').fill('shop');
    for (const d of ['first', 'second']) {
      await page.getByLabel('Version description').fill(d);
      await page.getByRole('button', { name: 'Publish a version' }).click();
      await page.locator('#version-list li', { hasText: d }).waitFor({ timeout: WAIT });
    }
    await page.getByLabel('Alias', { exact: true }).fill('live');
    await page.getByLabel('Routing (version:weight, …)').fill('1:100, 2');
    await page.getByRole('button', { name: 'Create alias' }).click();
    await page.locator('#versions-status', { hasText: 'Routing: "2" is not version:weight. Nothing was sent.' }).waitFor({ timeout: WAIT });
    await page.getByLabel('Routing (version:weight, …)').fill('1:60, 2:40');
    await page.getByRole('button', { name: 'Create alias' }).click();
    await page.locator('#alias-list li[data-alias="live"]', { hasText: '1:60, 2:40' }).waitFor({ timeout: WAIT });
    const a = await api('ListFlowAliases', { FlowName: 'shop' });
    assert.deepEqual(a.body.Aliases.map((x) => x.Name), ['live']);
    assert.equal((await api('ListFlowVersions', { FlowName: 'shop' })).body.FlowVersions.length, 2);
    await axe('versions and aliases');
  });

  it('draws an execution whose task throws twice then recovers, with its retries and the branch taken', { skip }, async () => {
    await startFromPage('shop', 'order-1', '{"items": [1, 2', 'ThrowTwice');
    await page.locator('#start-status', { hasText: 'Input is not a JSON object' }).waitFor({ timeout: WAIT });
    assert.equal((await api('DescribeExecution', { FlowName: 'shop', ExecutionName: 'order-1' })).status, 404, 'nothing was sent');

    // The picker offers the mock file's test cases of the flow, saying what each mocks.
    const picker = page.getByLabel('Test case', { exact: true }).nth(1);
    assert.deepEqual(await picker.locator('option').evaluateAll((os) => os.map((o) => `${o.dataset.flow || ''}/${o.value}`)), ['/', 'shop/ThrowTwice']);
    await startFromPage('shop', 'order-1', '{}', 'ThrowTwice');
    assert.equal(await page.locator('#start-test-case-about').textContent(), 'Charge: throws FC.Flaky ×2, then returns');
    await page.locator('#start-form').screenshot({ path: path.join(ARTIFACTS, 'start-test-case.png') });
    await status('Succeeded');
    assert.equal(await node('Charge').getAttribute('data-retries'), '2');
    assert.equal(await node('Charge').getAttribute('data-outcome'), 'succeeded');
    assert.match(await node('Charge').textContent(), /retried ×2/);
    assert.equal(await node('Nope').getAttribute('data-outcome'), null, 'the Default branch was not taken');
    assert.equal(await page.locator('#graph g.edge.taken[data-from="Pick"][data-to="Fan"]').count(), 1);
    assert.equal(await page.locator('#graph g.edge.taken[data-from="Pick"][data-to="Nope"]').count(), 0);
    for (const s of ['P1', 'Items', 'Each', 'Done']) assert.equal(await node(s).getAttribute('data-outcome'), 'succeeded', s);

    await node('Charge').focus();
    await page.keyboard.press('Enter');
    await page.locator('#state-detail h4', { hasText: 'Errors (2)' }).waitFor({ timeout: WAIT });
    assert.match(await page.locator('#state-detail').textContent(), /FC\.Flaky/);
    const events = (await api('GetExecutionHistory', { FlowName: 'shop', ExecutionName: 'order-1', Limit: '100' })).body.Events;
    assert.equal(await page.locator('#timeline li').count(), events.length);
    await shot('execution');
    await page.locator('#execution-panel').screenshot({ path: path.join(ARTIFACTS, 'execution-view.png') });
    await axe('the execution view');
  });

  it('completes a callback task from the page', { skip }, async () => {
    await createFromPage('approve', F.CALLBACK);
    await page.locator('#editor-status', { hasText: 'Created flow approve.' }).waitFor({ timeout: WAIT });
    await startFromPage('approve', 'req-1', '{}');
    await page.locator('#callbacks fieldset.callback').waitFor({ timeout: WAIT });
    assert.equal(await node('Approve').getAttribute('data-outcome'), 'waiting');
    await shot('execution-callback');
    await axe('an execution waiting for a callback');
    await page.getByLabel('Output (JSON object)').fill('{"approved": true}');
    await page.getByRole('button', { name: 'Report success' }).click();
    await status('Succeeded');
    const d = await api('DescribeExecution', { FlowName: 'approve', ExecutionName: 'req-1' });
    assert.deepEqual(JSON.parse(d.body.Output), { approved: true });
  });

  it('lists executions with the filters as the API does', { skip }, async () => {
    for (const n of ['a-1', 'a-2', 'b-1']) assert.equal((await api('StartExecution', { FlowName: 'approve', ExecutionName: n, Input: '{}' })).status, 200);
    await api('StopExecution', { FlowName: 'approve', ExecutionName: 'a-2' });
    await page.getByRole('button', { name: 'Executions of approve' }).click();
    const cases = [
      { Status: '', ExecutionNamePrefix: '' },
      { Status: 'Running', ExecutionNamePrefix: '' },
      { Status: 'Running', ExecutionNamePrefix: 'a-' },
      { Status: 'Stopped', ExecutionNamePrefix: 'a' },
    ];
    for (const c of cases) {
      await page.getByLabel('Status', { exact: true }).selectOption(c.Status);
      await page.getByLabel('Name prefix').fill(c.ExecutionNamePrefix);
      await page.getByRole('button', { name: 'List executions' }).click();
      const want = (await api('ListExecutions', { FlowName: 'approve', Limit: '20', ...c })).body.Executions.map((x) => `${x.Name} ${x.Status}`);
      // The rows come when the page's ListExecutions answers: wait for them to be the API's.
      const same = await page.waitForFunction((w) => JSON.stringify([...document.querySelectorAll('#execution-list tr[data-execution]')]
        .map((r) => `${r.dataset.execution} ${r.dataset.status}`)) === JSON.stringify(w), want, { timeout: WAIT }).then(() => true, () => false);
      const got = await page.locator('#execution-list tr[data-execution]').evaluateAll((rs) => rs.map((r) => `${r.dataset.execution} ${r.dataset.status}`));
      assert.ok(same, `${JSON.stringify(c)}: page ${JSON.stringify(got)}, API ${JSON.stringify(want)}`);
    }
    await axe('the executions list');
  });

  it('filters the journal and opens an execution from its StartExecution', { skip }, async () => {
    await page.getByLabel('Filter by action').fill('StartExecution');
    await page.getByLabel('Filter by status').fill('200');
    const want = await (await fetch(`${mock.url}/_mock/requests?action=StartExecution&status=200`)).json();
    await page.locator('#journal-status', { hasText: new RegExp(`^${want.length} requests`) }).waitFor({ timeout: WAIT });
    const got = await page.locator('#journal-body tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)));
    assert.deepEqual(got, want.map((r) => r.seq));
    const start = want.find((r) => r.params && r.params.ExecutionName === 'order-1');
    await page.getByRole('button', { name: `Details of request ${start.seq}` }).click();
    const detail = await page.locator('#journal-detail-body').textContent();
    assert.match(detail, /"ExecutionName": "order-1"/);
    assert.match(detail, /\nResponse:\n\{\s*"FlowDefinition"/); // the answer's body (cut, so shown as kept)
    await axe('a journal record');
    // The journal and the record's details below it, in one picture.
    const [a, b] = [await page.locator('section.journal').boundingBox(), await page.locator('#journal-detail').boundingBox()];
    const clip = { x: a.x, y: a.y, width: a.width, height: b.y + b.height - a.y };
    await page.screenshot({ path: path.join(ARTIFACTS, 'journal.png'), fullPage: true, clip: { ...clip, y: clip.y + await page.evaluate(() => window.scrollY) } });
    await page.getByRole('button', { name: 'Open the execution it started' }).click();
    await page.locator('#execution-title', { hasText: 'order-1 of shop' }).waitFor({ timeout: WAIT });
    await status('Succeeded');
    await page.getByLabel('Filter by action').fill('');
    await page.getByLabel('Filter by status').fill('');
  });

  it('finishes a Wait by advancing the clock from the page, and stops an execution', { skip }, async () => {
    await createFromPage('waiter', F.WAITER);
    await page.locator('#editor-status', { hasText: 'Created flow waiter.' }).waitFor({ timeout: WAIT });
    await startFromPage('waiter', 'w-1', '{}');
    await status('Running');
    await page.locator('#graph g.node[data-state="Sleep"][data-outcome="running"]').waitFor({ timeout: WAIT });
    await page.getByLabel('Advance the clock by').fill('10m');
    await page.getByRole('button', { name: 'Apply to the clock' }).click();
    await status('Succeeded');
    assert.equal(await node('Sleep').getAttribute('data-outcome'), 'succeeded');

    await startFromPage('waiter', 'w-2', '{}');
    await status('Running');
    await page.getByRole('button', { name: 'Stop execution' }).click();
    await status('Stopped');
    assert.equal((await api('DescribeExecution', { FlowName: 'waiter', ExecutionName: 'w-2' })).body.Status, 'Stopped');
    assert.equal(await page.getByRole('button', { name: 'Stop execution' }).isDisabled(), true);
  });

  it('draws a 50-state flow (time reported)', { skip }, async (t) => {
    assert.equal((await api('CreateFlow', { Name: 'long', Type: 'FDL', Description: 'fifty', Definition: F.chain(50) })).status, 200);
    assert.equal((await api('StartExecution', { FlowName: 'long', ExecutionName: 'l-1', Input: '{}' })).status, 200);
    await page.getByRole('button', { name: 'Refresh flows' }).click();
    await page.getByRole('button', { name: 'Executions of long' }).click();
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByLabel('Name prefix').fill('');
    await page.getByRole('button', { name: 'List executions' }).click();
    await page.getByRole('button', { name: 'View execution l-1' }).click();
    await page.locator('#execution-title', { hasText: 'l-1 of long' }).waitFor({ timeout: WAIT });
    await status('Succeeded');
    assert.equal(await page.locator('#graph g.node[data-outcome="succeeded"]').count(), 50);
    const ms = await page.locator('#graph').getAttribute('data-draw-ms');
    t.diagnostic(`50-state flow: layout and drawing took ${ms} ms`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'draw-50.txt'), `${ms} ms\n`);
  });

  it('creates an old-dialect flow from the page and draws its execution', { skip }, async () => {
    await createFromPage('old_par', F.OLD);
    await page.locator('#editor-status', { hasText: 'Created flow old_par.' }).waitFor({ timeout: WAIT });
    await page.locator('#flow-list tr[data-flow="old_par"]').waitFor({ timeout: WAIT });
    const d = await api('DescribeFlow', { Name: 'old_par' });
    assert.equal(d.body.Definition, F.OLD);
    await startFromPage('old_par', 'o-1', '{}');
    await page.locator('#execution-title', { hasText: 'o-1 of old_par' }).waitFor({ timeout: WAIT });
    await status('Succeeded');
    for (const s of ['myparallel', 'pass1', 'pass2', 'last']) assert.equal(await node(s).getAttribute('data-outcome'), 'succeeded', s);
    assert.equal(await page.locator('#graph g.group').count(), 3, 'the parallel and its two branches');
    assert.equal(await page.locator('#graph g.edge.taken[data-from="myparallel ⟶ end"][data-to="last"]').count(), 1);
  });

  it('lists the schedules with their next fire times, which move when the clock is advanced', { skip }, async () => {
    // approve's executions wait for a callback: a firing makes no Wait the discrete-event clock jumps over.
    assert.equal((await api('CreateSchedule', { FlowName: 'approve', ScheduleName: 'hourly', CronExpression: '0 0 * * * *', Payload: '{}' })).status, 200);
    assert.equal((await api('CreateSchedule', { FlowName: 'approve', ScheduleName: 'off', CronExpression: '0 0 6 * * *', Enable: 'false' })).status, 200);
    await page.getByLabel('Advance the clock by').fill('');
    await page.getByLabel('Time scale').fill('0'); // scale 0 follows wall time and jumps only over waits: the fire times stay put
    await page.getByRole('button', { name: 'Apply to the clock' }).click();
    await page.locator('#clock-now', { hasText: '(scale 0)' }).waitFor({ timeout: WAIT });
    const want = await (await fetch(`${mock.url}/_mock/sessions/default/schedules`)).json();
    const hourly = want.schedules.find((s) => s.name === 'hourly');
    const row = page.locator('#schedule-list tr[data-schedule="hourly"]');
    await page.locator(`#schedule-list tr[data-schedule="hourly"][data-next="${hourly.next[0]}"]`).waitFor({ timeout: WAIT });
    assert.deepEqual(await row.locator('time').evaluateAll((ts) => ts.map((t) => t.dateTime)), hourly.next);
    assert.equal(hourly.next.length, 3);
    assert.match(await page.locator('#schedule-list tr[data-schedule="off"]').textContent(), /disabled/);
    await shot('schedules');
    await page.locator('section[aria-labelledby="session-heading"]').screenshot({ path: path.join(ARTIFACTS, 'session-schedules.png') });
    await axe('the session panel with schedules');

    await page.getByLabel('Time scale').fill('');
    await page.getByLabel('Advance the clock by').fill('1h');
    await page.getByRole('button', { name: 'Apply to the clock' }).click();
    await page.locator(`#schedule-list tr[data-schedule="hourly"][data-next="${hourly.next[1]}"]`).waitFor({ timeout: WAIT });
    assert.deepEqual(await row.locator('time').evaluateAll((ts) => ts.map((t) => t.dateTime)).then((t) => t.slice(0, 2)), hourly.next.slice(1));
    assert.equal(await page.locator('#current-test-case').textContent(), 'none');
    assert.deepEqual(await page.locator('#test-case-names option').evaluateAll((os) => os.map((o) => o.value)), ['ThrowTwice']);
    for (const [set, shown] of [['ThrowTwice', 'ThrowTwice'], ['', 'none']]) {
      await page.getByLabel('Test case', { exact: true }).first().fill(set);
      await page.getByRole('button', { name: 'Set test case' }).click();
      await page.locator('#current-test-case', { hasText: new RegExp(`^${shown}$`) }).waitFor({ timeout: WAIT });
      const got = await (await fetch(`${mock.url}/_mock/sessions/default/test-case`)).json();
      assert.equal(got.testCase, set);
    }
  });

  it('is readable in dark mode and at phone width', { skip }, async () => {
    await page.getByRole('button', { name: 'Executions of shop' }).click();
    await page.getByRole('button', { name: 'View execution order-1' }).click();
    await page.locator('#execution-title', { hasText: 'order-1 of shop' }).waitFor({ timeout: WAIT });
    await status('Succeeded');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('execution-dark');
    await page.locator('#execution-panel').screenshot({ path: path.join(ARTIFACTS, 'execution-view-dark.png') });
    await axe('the execution view, dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('phone');
    await axe('the execution view, phone width');
    await page.emulateMedia({ colorScheme: 'light' });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `the page scrolls sideways at phone width: ${wide} px`);
  });

  it('called only the control plane\'s contract routes', { skip }, async () => {
    assert.deepEqual(s.outsideContract(), [], 'requests to routes the contract does not declare');
    assert.ok(s.calls.has('GET /_mock/sessions/default/schedules') && s.calls.has('GET /_mock/test-cases'), [...s.calls].join(', '));
  });

  it('had no page errors', { skip }, async () => {
    assert.deepEqual(s.problems, []);
  });
});
