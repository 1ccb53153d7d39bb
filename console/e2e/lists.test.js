'use strict';
// The console's flows list and editor, and a flow's executions list, in headless Chromium
// against `flowmock serve`: the flows paged as ListFlows pages them, a flow updated (the new
// definition shown and run) and deleted from the page, and the executions' time-range filter
// and paging against ListExecutions' answer. axe-core on each view.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const F = require('./flows');
const { consoleSession, skip, WAIT } = require('./harness');

// ONE and TWO are the two definitions of flow name: one Pass state, then two.
const ONE = (name) => F.passes(name, 'Only');
const TWO = (name) => F.passes(name, 'First', 'Second');
const FLOWS = 22; // with the 5 seeded ones, two pages of 20
const RUNS = 24; // executions of one flow, 10 minutes apart on the session clock: two pages
const CLOCK = '2030-01-01T00:00:00Z';

describe('flowmock console: the flows and executions lists', { timeout: 120000 }, () => {
  const s = consoleSession();
  const { api, axe, startFromPage, status, node } = s;
  let page;

  before(async () => {
    if (skip) return;
    await s.start();
    page = s.page;
  });

  after(() => s.close());

  const rows = (list, key) => page.locator(`#${list} tr[data-${key}]`).evaluateAll((rs, k) => rs.map((r) => r.dataset[k]), key);

  // listed waits until the rows of list (by their data-key) are want, and fails saying both.
  async function listed(list, key, want, what) {
    const same = await page.waitForFunction(([l, k, w]) => JSON.stringify([...document.querySelectorAll(`#${l} tr[data-${k}]`)]
      .map((r) => r.dataset[k])) === JSON.stringify(w), [list, key, want], { timeout: WAIT }).then(() => true, () => false);
    assert.ok(same, `${what}: page ${JSON.stringify(await rows(list, key))}, API ${JSON.stringify(want)}`);
  }

  // pagedLike shows every page of a list on the page ("Next page of …" until it hides) and
  // checks each against the API's pages of 20 (all: the items of every page, in order).
  async function pagedLike(list, key, more, all, what) {
    for (let n = 20; ; n += 20) {
      await listed(list, key, all.slice(0, n), `${what}, ${n / 20} page(s)`);
      const button = page.getByRole('button', { name: more });
      assert.equal(await button.isVisible(), all.length > n, `${what}: "${more}" shown after ${Math.min(n, all.length)} of ${all.length}`);
      if (all.length <= n) return;
      await button.click();
    }
  }

  it('pages the flows as ListFlows does', { skip }, async () => {
    for (let i = 1; i <= FLOWS; i++) {
      const name = `f${String(i).padStart(2, '0')}`;
      const r = await api('CreateFlow', { Name: name, Type: 'FDL', Description: 'first', Definition: ONE(name) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    await page.getByRole('button', { name: 'Refresh flows' }).click();
    const all = (await s.pages('ListFlows', { Limit: '20' }, 'Flows')).map((f) => f.Name);
    assert.equal(all.length, FLOWS + 5);
    await pagedLike('flow-list', 'flow', 'Next page of flows', all, 'flows');
    assert.equal(await page.locator('#flows-status').textContent(), `${all.length} flows shown.`);
    await axe('the flows list, two pages');
  });

  it('updates a flow from the page: its new definition is what the page shows and runs', { skip }, async () => {
    await page.getByRole('button', { name: 'Edit f01' }).click();
    assert.equal(await page.getByLabel('Flow name').inputValue(), 'f01');
    assert.equal(await page.getByLabel('Definition (FDL, either dialect)').inputValue(), ONE('f01'));

    // A refused update shows its problem at its line, and changes nothing.
    const bad = TWO('f01').replace('Next: Second', 'Next: Third');
    await page.getByLabel('Definition (FDL, either dialect)').fill(bad);
    await page.getByRole('button', { name: 'Update flow' }).click();
    await page.locator('#editor-status', { hasText: 'UpdateFlow refused' }).waitFor({ timeout: WAIT });
    const line = bad.split('\n').indexOf('    Next: Third') + 1;
    assert.match(await page.locator(`#problems li[data-line="${line}"]`).textContent(), /no state named "Third"/);
    assert.equal((await api('DescribeFlow', { Name: 'f01' })).body.Definition, ONE('f01'));

    await page.getByLabel('Description', { exact: true }).fill('second');
    await page.getByLabel('Definition (FDL, either dialect)').fill(TWO('f01'));
    await page.getByRole('button', { name: 'Update flow' }).click();
    await page.locator('#editor-status', { hasText: 'Updated flow f01.' }).waitFor({ timeout: WAIT });
    assert.equal(await page.locator('#problems-box').isHidden(), true);
    const d = (await api('DescribeFlow', { Name: 'f01' })).body;
    assert.deepEqual({ def: d.Definition, desc: d.Description }, { def: TWO('f01'), desc: 'second' });
    await page.locator('#flow-list tr[data-flow="f01"] td', { hasText: /^second$/ }).waitFor({ timeout: WAIT });

    // After a reload the editor gets the new definition from ListFlows, and an execution runs it.
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ timeout: WAIT });
    await page.getByRole('button', { name: 'Edit f01' }).click();
    assert.equal(await page.getByLabel('Definition (FDL, either dialect)').inputValue(), TWO('f01'));
    await startFromPage('f01', 'u-1', '{}');
    await status('Succeeded');
    for (const st of ['First', 'Second']) assert.equal(await node(st).getAttribute('data-outcome'), 'succeeded', st);
    assert.equal(await node('Only').count(), 0, 'the old definition\'s state is gone');
  });

  it('deletes a flow from the page', { skip }, async () => {
    await page.getByRole('button', { name: 'Edit f02' }).click();
    await page.getByRole('button', { name: 'Delete flow' }).click();
    await page.locator('#editor-status', { hasText: 'Deleted flow f02.' }).waitFor({ timeout: WAIT });
    await page.locator('#flow-list tr[data-flow="f02"]').waitFor({ state: 'detached', timeout: WAIT });
    const d = await api('DescribeFlow', { Name: 'f02' });
    assert.deepEqual([d.status, d.body.Code], [404, 'FlowNotExists']);
    await page.getByRole('button', { name: 'Delete flow' }).click();
    await page.locator('#editor-status', { hasText: /^DeleteFlow: 404 FlowNotExists: / }).waitFor({ timeout: WAIT });
    await axe('the editor after a delete');
  });

  it('lists executions by time range and pages them as ListExecutions does', { skip }, async () => {
    // The session's clock at CLOCK, at scale 0 (it follows wall time, and jumps when told):
    // the executions start 10 minutes apart, give or take the milliseconds each call takes.
    const clock = await s.control('POST', '/_mock/sessions/default/clock', { scale: 0, set: CLOCK });
    assert.equal(clock.scale, 0);
    assert.equal(new Date(clock.now).toISOString(), new Date(CLOCK).toISOString());
    for (let i = 0; i < RUNS; i++) {
      const r = await api('StartExecution', { FlowName: 'f03', ExecutionName: `t-${String(i).padStart(2, '0')}`, Input: '{}' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await s.control('POST', '/_mock/sessions/default/clock', { advance: '10m' });
    }
    await page.getByRole('button', { name: 'Executions of f03' }).click();
    // begin/end as the page's datetime-local fields take them (UTC), 5 minutes off the
    // executions' start times; want the number of executions the API lists.
    const tests = [
      { name: 'no range', begin: '', end: '', want: RUNS },
      { name: 'from and before', begin: '2030-01-01T00:55', end: '2030-01-01T02:25', want: 9 },
      { name: 'from only, two pages', begin: '2030-01-01T00:25', end: '', want: RUNS - 3 },
      { name: 'before only', begin: '', end: '2030-01-01T00:35', want: 4 },
      { name: 'nothing in range', begin: '2031-01-01T00:00', end: '', want: 0 },
    ];
    const iso = (v) => (v ? `${v}:00Z` : '');
    for (const tc of tests) {
      await page.getByLabel('Started from (UTC)').fill(tc.begin);
      await page.getByLabel('Started before (UTC)').fill(tc.end);
      await page.getByRole('button', { name: 'List executions' }).click();
      const all = (await s.pages('ListExecutions', { FlowName: 'f03', Limit: '20', StartedTimeBegin: iso(tc.begin), StartedTimeEnd: iso(tc.end) }, 'Executions'))
        .map((x) => x.Name);
      assert.equal(all.length, tc.want, `${tc.name}: the API lists ${JSON.stringify(all)}`);
      await pagedLike('execution-list', 'execution', 'Next page of executions', all, tc.name);
    }
    await page.locator('#execution-list td', { hasText: 'No executions match.' }).waitFor({ timeout: WAIT });
    await axe('the executions list with a time range');
  });

  it('called only the control plane\'s contract routes, with no page errors', { skip }, async () => {
    assert.deepEqual(s.outsideContract(), [], 'requests to routes the contract does not declare');
    assert.deepEqual(s.problems, []);
  });
});
