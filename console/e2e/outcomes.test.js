'use strict';
// The execution view's failure outcomes in headless Chromium against `flowmock serve --mocks`:
// a task's error caught (the Catch edge taken, the state "failed, caught" in the legend's caught
// colour), a task's error not caught (the state failed, nothing after it), and a callback task
// reported failed from the page with an error and a cause. axe-core on each view; screenshots
// go to artifacts/.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const F = require('./flows');
const { consoleSession, skip, WAIT, ARTIFACTS } = require('./harness');

describe('flowmock console: caught, failed and reported failures', { timeout: 120000 }, () => {
  const s = consoleSession();
  const { api, axe, createFromPage, startFromPage, status, node } = s;
  let page;

  before(async () => {
    if (skip) return;
    await s.start(['--mocks', 'mocks.yaml'], { 'mocks.yaml': F.GUARD_MOCKS });
    page = s.page;
  });

  after(() => s.close());

  // colours answers the stroke of a state's box and the colour the legend gives outcome.
  const colours = (state, outcome) => page.evaluate(([st, o]) => ({
    box: getComputedStyle(document.querySelector(`#graph g.node[data-state="${st}"] rect`)).stroke,
    legend: getComputedStyle(document.querySelector(`.legend li.o-${o}`), '::before').borderTopColor,
  }), [state, outcome]);

  // edge answers the class and label of the edge from → to (null when there is none).
  const edge = (from, to) => page.locator(`#graph g.edge[data-from="${from}"][data-to="${to}"]`)
    .evaluateAll((es) => (es.length === 1 ? { cls: es[0].getAttribute('class'), label: es[0].textContent } : null));

  // pick chooses a state in the drawing by keyboard and answers the detail shown.
  async function pick(state) {
    await node(state).focus();
    await page.keyboard.press('Enter');
    await page.locator('#state-detail h3', { hasText: state }).waitFor({ timeout: WAIT });
    return page.locator('#state-detail').textContent();
  }

  it('draws a caught error: the Catch edge taken, the state caught', { skip }, async () => {
    await createFromPage('guard', F.GUARD);
    await page.locator('#editor-status', { hasText: 'Created flow guard.' }).waitFor({ timeout: WAIT });
    await startFromPage('guard', 'g-caught', '{}', 'Declined');
    await status('Succeeded');

    assert.equal(await node('Charge').getAttribute('data-outcome'), 'caught');
    assert.equal(await node('Charge').locator('title').textContent(), 'Charge Task: failed, caught');
    const c = await colours('Charge', 'caught');
    assert.equal(c.box, c.legend, 'the caught state has the legend\'s caught colour');
    assert.notEqual(c.box, (await colours('Refund', 'succeeded')).box, 'caught and succeeded differ');
    for (const st of ['Refund', 'Done']) assert.equal(await node(st).getAttribute('data-outcome'), 'succeeded', st);

    const tests = [
      { from: 'Charge', to: 'Refund', want: { cls: 'edge catch taken', label: 'Catch Card.Declined' } },
      { from: 'Charge', to: 'Done', want: { cls: 'edge next', label: '' } },
      { from: 'Refund', to: 'Done', want: { cls: 'edge next taken', label: '' } },
    ];
    for (const tc of tests) assert.deepEqual(await edge(tc.from, tc.to), tc.want, `${tc.from} → ${tc.to}`);

    const detail = await pick('Charge');
    assert.match(detail, /failed, caught/);
    assert.match(detail, /Errors \(1\)/);
    assert.match(detail, /"error": "Card.Declined",\s*"cause": "insufficient funds"/);
    await page.locator('#execution-panel').screenshot({ path: path.join(ARTIFACTS, 'execution-caught.png') });
    await axe('an execution with a caught error');
  });

  it('draws an uncaught error: the state failed, nothing after it', { skip }, async () => {
    await startFromPage('guard', 'g-failed', '{}', 'Down');
    await status('Failed');
    assert.equal(await page.locator('#execution-state').textContent(), 'Failed');
    assert.equal(await node('Charge').getAttribute('data-outcome'), 'failed');
    assert.equal(await node('Charge').locator('title').textContent(), 'Charge Task: failed');
    const c = await colours('Charge', 'failed');
    assert.equal(c.box, c.legend, 'the failed state has the legend\'s failed colour');
    assert.notEqual(c.box, (await colours('Charge', 'caught')).legend, 'failed and caught differ');
    for (const st of ['Refund', 'Done']) assert.equal(await node(st).getAttribute('data-outcome'), null, `${st} not reached`);
    assert.equal(await page.locator('#graph g.edge.taken').count(), 0, 'no edge taken');
    assert.deepEqual(await edge('Charge', 'Refund'), { cls: 'edge catch', label: 'Catch Card.Declined' });
    assert.match(await pick('Charge'), /"error": "FC.Unavailable",\s*"cause": "the function is down"/);
    // DescribeExecution has no error fields: the status line reads the end from the history.
    await page.locator('#execution-error', { hasText: 'FC.Unavailable: the function is down' }).waitFor({ timeout: WAIT });
    await axe('an execution with an uncaught error');
  });

  it('reports a waiting callback task failed, with an error and a cause, from the page', { skip }, async () => {
    await createFromPage('approve', F.CALLBACK);
    await page.locator('#editor-status', { hasText: 'Created flow approve.' }).waitFor({ timeout: WAIT });
    await startFromPage('approve', 'deny-1', '{}');
    await page.locator('#callbacks fieldset.callback').waitFor({ timeout: WAIT });
    assert.equal(await node('Approve').getAttribute('data-outcome'), 'waiting');
    const c = await colours('Approve', 'waiting');
    assert.equal(c.box, c.legend, 'the waiting state has the legend\'s waiting colour');

    // ReportTaskFailed needs an Error: without one the server refuses it, and the page says so.
    await page.getByLabel('Error', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Report failure' }).click();
    await page.locator('#execution-status', { hasText: /^ReportTaskFailed: 400 / }).waitFor({ timeout: WAIT });
    assert.equal(await page.locator('#execution-panel').getAttribute('data-status'), 'Running');

    await page.getByLabel('Error', { exact: true }).fill('Approval.Denied');
    await page.getByLabel('Cause', { exact: true }).fill('manager said no');
    await axe('a callback task\'s report form');
    await page.locator('#callbacks').screenshot({ path: path.join(ARTIFACTS, 'callback-report.png') });
    await page.getByRole('button', { name: 'Report failure' }).click();
    await status('Failed');
    assert.equal(await page.locator('#callbacks fieldset').count(), 0, 'no report form once the task ended');
    assert.equal(await node('Approve').getAttribute('data-outcome'), 'failed');

    const events = (await api('GetExecutionHistory', { FlowName: 'approve', ExecutionName: 'deny-1', Limit: '100' })).body.Events;
    const failed = events.filter((e) => e.Type === 'TaskFailed').map((e) => JSON.parse(e.EventDetail));
    assert.deepEqual(failed, [{ error: 'Approval.Denied', cause: 'manager said no' }]);
    const detail = await pick('Approve');
    assert.match(detail, /Errors \(1\)/);
    assert.match(detail, /"error": "Approval.Denied",\s*"cause": "manager said no"/);
    assert.equal(await page.locator('#timeline li[data-type="ExecutionFailed"]').count(), 1);
    await page.locator('#execution-error', { hasText: 'Approval.Denied: manager said no' }).waitFor({ timeout: WAIT });
  });

  it('called only the control plane\'s contract routes, with no page errors', { skip }, async () => {
    assert.deepEqual(s.outsideContract(), [], 'requests to routes the contract does not declare');
    assert.deepEqual(s.problems, []);
  });
});
