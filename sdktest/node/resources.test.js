'use strict';
// The resource life cycle through the Node SDK @alicloud/fnf-2019-03-15 1.2.0 (pop-core 1.8.0),
// the same as the Go suite's TestOldSDKLifecycle (../resources_test.go): flows and schedules from
// creation to deletion, their documented errors as pop-core's API errors, ListExecutions of a
// created flow, and the SDK's execution actions, which flowmock answers 400 ActionNotSupported
// ("not emulated yet"). Together these are the SDK's 17 methods.
//
// Each run has its own X-Mock-Session: pop-core takes per-call headers (callHeaders in fnf.js
// passes its defaults back in), so the session header is settable. The two styles of one auth
// mode run concurrently on one server and create flows of the same names: they must not see
// each other. Run with `node --test` in this directory; the run ends with its action table.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { newFnfClient, callHeaders } = require('./fnf');
const { startMock } = require('../../tools/node/flowmock');
const { Matrix } = require('./matrix');

const TEST_ACCESS_KEY_ID = 'testAccessKeyId';
const TEST_SECRET = 'testSecret';

const authModes = [
  { name: 'auth-off', args: [] },
  { name: 'auth-verify', args: ['--auth', 'verify', '--access-key-id', TEST_ACCESS_KEY_ID, '--access-key-secret', TEST_SECRET] },
];

// styles: the SDK's own methods (POST for create*, update*, startExecution, stopExecution,
// reportTask*; GET for the rest, deleteFlow and deleteSchedule included), or every call POST.
const styles = [
  { name: 'node', method: null },
  { name: 'node POST', method: 'POST' },
];

// The methods the SDK sends as POST by itself (lib/client.js sets options.method).
const sdkPost = new Set(['CreateFlow', 'CreateSchedule', 'UpdateFlow', 'UpdateSchedule', 'StartExecution',
  'StopExecution', 'ReportTaskSucceeded', 'ReportTaskFailed']);

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const NOT_EMULATED = 'not emulated yet';
const ROLE = 'acs:ram::123456789012:role/fnf-sdktest';
const STORAGE = '/sdktest/storage';

// The action table's rows: the Go suite's, for the actions this SDK has.
const ROW = {
  listExecutions: 'ListExecutions (created flow)',
  flowAlreadyExists: 'error FlowAlreadyExists 409',
  flowNotExists: 'error FlowNotExists 404',
  scheduleAlreadyExists: 'error ScheduleAlreadyExists 409',
  scheduleNotExists: 'error ScheduleNotExists 404',
  badDefinition: 'error InvalidArgument 400 (definition)',
  badCron: 'error InvalidArgument 400 (cron)',
};
const executionActions = ['StartExecution', 'DescribeExecution', 'StopExecution', 'GetExecutionHistory',
  'ReportTaskSucceeded', 'ReportTaskFailed'];
const notEmulatedRow = (action) => `${action} (400 ActionNotSupported)`;

const matrix = new Matrix();
matrix.declare('CreateFlow', 'DescribeFlow', 'UpdateFlow', 'DeleteFlow', 'ListFlows',
  'CreateSchedule', 'DescribeSchedule', 'UpdateSchedule', 'DeleteSchedule', 'ListSchedules', ROW.listExecutions,
  ...executionActions.map(notEmulatedRow),
  ROW.flowAlreadyExists, ROW.flowNotExists, ROW.scheduleAlreadyExists, ROW.scheduleNotExists, ROW.badDefinition, ROW.badCron);
for (const mode of authModes) for (const style of styles) matrix.column(`${style.name} ${mode.name}`);

function definition(flow, state) {
  return `Type: StateMachine\nSpecVersion: v1\nName: ${flow}\nStartAt: ${state}\nStates:\n  - Type: Pass\n    Name: ${state}\n    End: true\n`;
}

// lowerFirst names the SDK method of an action: CreateFlow → createFlow.
const lowerFirst = (action) => action[0].toLowerCase() + action.slice(1);

// Run is one life cycle: a client, a style and a session on the mock of env, which starts in
// a before hook (so the client is built on first use).
class Run {
  constructor(env, style) {
    this.env = env;
    this.style = style;
    this.session = `node-resources-${style.name.replace(/ /g, '-')}-${crypto.randomUUID()}`;
  }

  get mock() { return this.env.mock; }

  get client() {
    if (!this._client) {
      this._client = newFnfClient(this.mock.url, TEST_ACCESS_KEY_ID, TEST_SECRET);
      // RPCClient's verbose argument, which the fnf wrapper does not pass on: [body, entry].
      this._client.verbose = true;
    }
    return this._client;
  }

  // method is the HTTP method a call of action goes out with.
  method(action) { return this.style.method || (sdkPost.has(action) ? 'POST' : 'GET'); }

  // send calls the SDK method of action with the session header (opts are fresh each call:
  // pop-core writes into them).
  send(action, params) {
    const opts = { timeout: 10000, headers: callHeaders(action, { 'X-Mock-Session': this.session }) };
    if (this.style.method) opts.method = this.style.method;
    return this.client[lowerFirst(action)](params, opts);
  }

  // journal checks the server's record of the request answered with id.
  async journal(id, action, status, code) {
    const q = new URLSearchParams({ session: this.session, action });
    const res = await fetch(`${this.mock.url}/_mock/requests?${q}`);
    assert.equal(res.status, 200, 'GET /_mock/requests');
    const rec = (await res.json()).find((r) => r.requestId === id);
    assert.ok(rec, `${action}: request id ${id} is not in the journal of session ${this.session}`);
    assert.deepEqual({ method: rec.method, status: rec.status, code: rec.code || '' },
      { method: this.method(action), status, code }, `${action}: the server's record of ${id}`);
  }

  // ok calls action and wants a 200 carrying one request id in the body and the header; it
  // resolves to the body as a plain object (pop-core's json-bigint objects have no prototype).
  async ok(action, params) {
    const [body, entry] = await this.send(action, params);
    const plain = JSON.parse(JSON.stringify(body));
    assert.equal(entry.response.statusCode, 200, `${action}: HTTP status`);
    assert.ok(plain.RequestId, `${action}: RequestId is empty`);
    assert.equal(entry.response.headers['x-acs-request-id'], plain.RequestId, `${action}: x-acs-request-id header vs body RequestId`);
    await this.journal(plain.RequestId, action, 200, '');
    return plain;
  }

  // fail calls action and wants pop-core's API error for code and status, whose message
  // contains each of msgHas.
  async fail(action, params, code, status, ...msgHas) {
    let result;
    let err;
    try { result = await this.send(action, params); } catch (e) { err = e; }
    assert.ok(err, `${action} succeeded (${JSON.stringify(result && result[0])}), want ${code} (HTTP ${status})`);
    assert.ok(err.entry && err.data, `${action}: error is not pop-core's API error: ${err.stack}`);
    assert.equal(err.code, code, `${action}: err.code (${err.message})`);
    assert.equal(err.name, `${code}Error`, `${action}: err.name`);
    assert.equal(err.entry.response.statusCode, status, `${action}: HTTP status`);
    for (const m of msgHas) assert.ok(String(err.data.Message).includes(m), `${action}: message ${JSON.stringify(err.data.Message)} does not contain ${JSON.stringify(m)}`);
    const id = err.data.RequestId;
    assert.ok(id, `${action}: err.data.RequestId is empty`);
    assert.equal(err.entry.response.headers['x-acs-request-id'], id, `${action}: x-acs-request-id header vs err.data.RequestId`);
    await this.journal(id, action, status, code);
  }

  // pages lists from the first page to the last, following NextToken; field names the list.
  async pages(action, params, field) {
    const all = [];
    const seen = new Set();
    let token;
    for (let pages = 1; ; pages++) {
      assert.ok(pages <= 100, `${action}: more than 100 pages: NextToken never ends`);
      const body = await this.ok(action, token ? { ...params, NextToken: token } : params);
      assert.ok(Array.isArray(body[field]), `${action}: ${field} is not a list: ${JSON.stringify(body)}`);
      if (params.Limit) assert.ok(body[field].length <= params.Limit, `${action} page ${pages}: ${body[field].length} items, want at most Limit=${params.Limit}`);
      all.push(...body[field]);
      if (!body.NextToken) return all;
      assert.ok(!seen.has(body.NextToken), `${action} page ${pages}: NextToken ${body.NextToken} repeats`);
      seen.add(body.NextToken);
      token = body.NextToken;
    }
  }

  async flowNames(limit) {
    return (await this.pages('ListFlows', { Limit: limit }, 'Flows')).map((f) => f.Name);
  }
}

// checkNames wants each name once, the baseline's (the session's flows before the test made any,
// the fixture flows) and then mine in order of creation: no flow of another session.
function checkNames(names, baseline, mine) {
  assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'ListFlows: flows listed more than once');
  assert.deepEqual([...names].sort(), [...baseline, ...mine].sort(), 'ListFlows: the fixture flows and this session\'s, nothing else');
  assert.deepEqual(names.filter((n) => mine.includes(n)), mine, 'ListFlows: this session\'s flows in order of creation');
}

// lifecycle returns the steps of one run: [name, row, fn], in order.
function lifecycle(run) {
  const A = 'sdk_flow_a'; const B = 'sdk_flow_b'; const C = 'sdk_flow_c';
  const S1 = 'every_minute'; const S2 = 'disabled';
  const defA = definition(A, 'Hello'); const defA2 = definition(A, 'Goodbye');
  const st = {};
  const createFlow = (name, def) => ({
    Name: name, Definition: def, Description: `flow ${name}`, Type: 'FDL', RoleArn: ROLE, ExternalStorageLocation: STORAGE,
  });
  const createSchedule = (flow, name, cron, enable) => ({
    FlowName: flow, ScheduleName: name, CronExpression: cron, Description: `schedule ${name}`, Payload: '{"key":"value"}', Enable: enable,
  });

  return [
    ['ListFlows before', 'ListFlows', async () => {
      st.baseline = await run.flowNames(2);
      assert.ok(!st.baseline.includes(A), `a new session already lists ${A}: ${st.baseline}`);
    }],
    ['CreateFlow', 'CreateFlow', async () => {
      const f = await run.ok('CreateFlow', createFlow(A, defA));
      st.created = f;
      assert.equal(f.Name, A, 'Name');
      assert.ok(f.Id, 'Id is empty');
      assert.equal(f.Type, 'FDL', 'Type');
      assert.equal(f.Definition, defA, 'Definition');
      assert.equal(f.Description, `flow ${A}`, 'Description');
      assert.equal(f.RoleArn, ROLE, 'RoleArn');
      assert.equal(f.ExternalStorageLocation, STORAGE, 'ExternalStorageLocation');
      assert.equal(f.ExecutionMode, 'Standard', 'ExecutionMode');
      assert.match(f.CreatedTime, TIME, 'CreatedTime');
      assert.equal(f.LastModifiedTime, f.CreatedTime, 'LastModifiedTime');
      for (const name of [B, C]) {
        const g = await run.ok('CreateFlow', createFlow(name, definition(name, 'Hello')));
        assert.equal(g.Name, name, 'Name');
        assert.notEqual(g.Id, f.Id, `flow ${name} has ${A}'s Id`);
      }
    }],
    ['CreateFlow existing', ROW.flowAlreadyExists, () =>
      run.fail('CreateFlow', createFlow(A, defA), 'FlowAlreadyExists', 409, A)],
    ['CreateFlow bad definition', ROW.badDefinition, async () => {
      await run.fail('CreateFlow', createFlow('sdk_flow_bad', 'Type: StateMachine\nSpecVersion: v1\nName: sdk_flow_bad\n'), 'InvalidArgument', 400, 'Definition');
      await run.fail('CreateFlow', createFlow('sdk_flow_bad', definition('other_flow', 'Hello')), 'InvalidArgument', 400, 'Definition');
      await run.fail('DescribeFlow', { Name: 'sdk_flow_bad' }, 'FlowNotExists', 404);
    }],
    ['DescribeFlow', 'DescribeFlow', async () => {
      // A RequestId parameter (an optional @param of every method) is the request's id.
      const rid = `sdktest-${run.session}`;
      const f = await run.ok('DescribeFlow', { Name: A, RequestId: rid });
      assert.equal(f.RequestId, rid, 'RequestId (given)');
      const { RequestId: _a, ...got } = f;
      const { RequestId: _b, ...want } = st.created;
      assert.deepEqual(got, want, 'DescribeFlow vs CreateFlow\'s answer');
    }],
    ['ListFlows all pages', 'ListFlows', async () => {
      const flows = await run.pages('ListFlows', { Limit: 2 }, 'Flows');
      const a = flows.find((f) => f.Name === A);
      assert.ok(a, `${A} not listed`);
      assert.equal(a.Id, st.created.Id, 'listed Id');
      assert.equal(a.Definition, defA, 'listed Definition');
      for (const f of flows) assert.match(f.CreatedTime, TIME, `${f.Name} CreatedTime`);
      checkNames(flows.map((f) => f.Name), st.baseline, [A, B, C]);
    }],
    ['UpdateFlow', 'UpdateFlow', async () => {
      const f = await run.ok('UpdateFlow', { Name: A, Definition: defA2, Description: 'updated' });
      assert.equal(f.Name, A, 'Name');
      assert.equal(f.Id, st.created.Id, 'Id');
      assert.equal(f.Definition, defA2, 'Definition');
      assert.equal(f.Description, 'updated', 'Description');
      assert.equal(f.RoleArn, ROLE, 'RoleArn (not changed)');
      assert.equal(f.ExternalStorageLocation, STORAGE, 'ExternalStorageLocation (not changed)');
      assert.equal(f.CreatedTime, st.created.CreatedTime, 'CreatedTime');
      assert.match(f.LastModifiedTime, TIME, 'LastModifiedTime');
      assert.ok(f.LastModifiedTime >= f.CreatedTime, `LastModifiedTime ${f.LastModifiedTime} is before CreatedTime ${f.CreatedTime}`);
      const d = await run.ok('DescribeFlow', { Name: A });
      assert.equal(d.Definition, defA2, 'DescribeFlow after UpdateFlow: Definition');
      assert.equal(d.LastModifiedTime, f.LastModifiedTime, 'DescribeFlow after UpdateFlow: LastModifiedTime');
    }],
    ['ListExecutions created flow', ROW.listExecutions, async () => {
      const body = await run.ok('ListExecutions', { FlowName: A });
      assert.deepEqual(body.Executions, [], 'Executions of a new flow');
      assert.equal(body.NextToken, undefined, 'NextToken');
    }],
    ['CreateSchedule', 'CreateSchedule', async () => {
      const s = await run.ok('CreateSchedule', createSchedule(A, S1, '0 * * * * *', true));
      st.sched = s;
      assert.ok(s.ScheduleId, 'ScheduleId is empty');
      assert.equal(s.ScheduleName, S1, 'ScheduleName');
      assert.equal(s.CronExpression, '0 * * * * *', 'CronExpression');
      assert.equal(s.Description, `schedule ${S1}`, 'Description');
      assert.equal(s.Payload, '{"key":"value"}', 'Payload');
      assert.equal(s.Enable, true, 'Enable');
      assert.match(s.CreatedTime, TIME, 'CreatedTime');
      assert.equal(s.LastModifiedTime, s.CreatedTime, 'LastModifiedTime');
      const s2 = await run.ok('CreateSchedule', createSchedule(A, S2, '0 30 2 * * *', false));
      assert.equal(s2.Enable, false, 'Enable');
      assert.notEqual(s2.ScheduleId, s.ScheduleId, 'two schedules share a ScheduleId');
    }],
    ['CreateSchedule existing', ROW.scheduleAlreadyExists, () =>
      run.fail('CreateSchedule', createSchedule(A, S1, '0 * * * * *', true), 'ScheduleAlreadyExists', 409, S1)],
    ['CreateSchedule bad cron', ROW.badCron, async () => {
      for (const cron of ['every minute', '* * * * *']) {
        await run.fail('CreateSchedule', createSchedule(A, 'bad_cron', cron, true), 'InvalidArgument', 400, 'CronExpression');
      }
    }],
    ['CreateSchedule unknown flow', ROW.flowNotExists, () =>
      run.fail('CreateSchedule', createSchedule('sdk_no_such_flow', S1, '0 * * * * *', true), 'FlowNotExists', 404)],
    ['DescribeSchedule', 'DescribeSchedule', async () => {
      const { RequestId: _a, ...got } = await run.ok('DescribeSchedule', { FlowName: A, ScheduleName: S1 });
      const { RequestId: _b, ...want } = st.sched;
      assert.deepEqual(got, want, 'DescribeSchedule vs CreateSchedule\'s answer');
    }],
    ['UpdateSchedule', 'UpdateSchedule', async () => {
      const s = await run.ok('UpdateSchedule', { FlowName: A, ScheduleName: S1, CronExpression: '0 0 * * * *', Description: 'hourly', Enable: false });
      st.updated = s;
      assert.equal(s.ScheduleId, st.sched.ScheduleId, 'ScheduleId');
      assert.equal(s.CronExpression, '0 0 * * * *', 'CronExpression');
      assert.equal(s.Description, 'hourly', 'Description');
      assert.equal(s.Enable, false, 'Enable');
      assert.equal(s.Payload, '{"key":"value"}', 'Payload (not changed)');
      assert.equal(s.CreatedTime, st.sched.CreatedTime, 'CreatedTime');
      assert.match(s.LastModifiedTime, TIME, 'LastModifiedTime');
      const d = await run.ok('DescribeSchedule', { FlowName: A, ScheduleName: S1 });
      assert.equal(d.Enable, false, 'DescribeSchedule after UpdateSchedule: Enable');
    }],
    ['UpdateSchedule bad cron', ROW.badCron, () =>
      run.fail('UpdateSchedule', { FlowName: A, ScheduleName: S1, CronExpression: '61 * * * * *' }, 'InvalidArgument', 400, 'CronExpression')],
    ['ListSchedules all pages', 'ListSchedules', async () => {
      const scs = await run.pages('ListSchedules', { FlowName: A, Limit: 1 }, 'Schedules');
      assert.deepEqual(scs.map((s) => s.ScheduleName), [S1, S2], 'ListSchedules');
      const { RequestId: _, ...want } = st.updated;
      assert.deepEqual(scs[0], want, `listed ${S1} vs UpdateSchedule's answer`);
    }],
    ['DeleteSchedule', 'DeleteSchedule', async () => {
      await run.ok('DeleteSchedule', { FlowName: A, ScheduleName: S1 });
      const scs = await run.pages('ListSchedules', { FlowName: A, Limit: 10 }, 'Schedules');
      assert.deepEqual(scs.map((s) => s.ScheduleName), [S2], 'ListSchedules after DeleteSchedule');
    }],
    ['schedule deleted', ROW.scheduleNotExists, async () => {
      await run.fail('DescribeSchedule', { FlowName: A, ScheduleName: S1 }, 'ScheduleNotExists', 404, S1);
      await run.fail('UpdateSchedule', { FlowName: A, ScheduleName: S1, Description: 'x' }, 'ScheduleNotExists', 404, S1);
      await run.fail('DeleteSchedule', { FlowName: A, ScheduleName: S1 }, 'ScheduleNotExists', 404, S1);
    }],
    // The execution actions the SDK has: validated, then refused.
    ...[
      ['StartExecution', { FlowName: A, ExecutionName: 'exec_1', Input: '{"key":"value"}' }],
      ['DescribeExecution', { FlowName: A, ExecutionName: 'exec_1', WaitTimeSeconds: 0 }],
      ['StopExecution', { FlowName: A, ExecutionName: 'exec_1', Error: 'Stopped', Cause: 'by the test' }],
      ['GetExecutionHistory', { FlowName: A, ExecutionName: 'exec_1', Limit: 10 }],
      ['ReportTaskSucceeded', { TaskToken: 'sdktest-task-token', Output: '{"key":"value"}' }],
      ['ReportTaskFailed', { TaskToken: 'sdktest-task-token', Error: 'MyError', Cause: 'the task failed' }],
    ].map(([action, params]) => [action, notEmulatedRow(action), () =>
      run.fail(action, params, 'ActionNotSupported', 400, NOT_EMULATED, action)]),
    ['DeleteFlow', 'DeleteFlow', async () => {
      // The SDK sends deleteFlow as a GET (the journal check in ok says which method arrived).
      await run.ok('DeleteFlow', { Name: A });
      checkNames(await run.flowNames(100), st.baseline, [B, C]);
    }],
    ['flow deleted', ROW.flowNotExists, async () => {
      await run.fail('DescribeFlow', { Name: A }, 'FlowNotExists', 404, A);
      await run.fail('UpdateFlow', { Name: A, Description: 'x' }, 'FlowNotExists', 404, A);
      await run.fail('DeleteFlow', { Name: A }, 'FlowNotExists', 404, A);
      await run.fail('ListSchedules', { FlowName: A }, 'FlowNotExists', 404, A);
      await run.fail('ListExecutions', { FlowName: A }, 'FlowNotExists', 404, A);
      await run.fail('DescribeSchedule', { FlowName: A, ScheduleName: S2 }, 'FlowNotExists', 404, A);
    }],
  ];
}

for (const mode of authModes) {
  // The styles of one mode run at once on one server, each in its own session.
  describe(mode.name, { concurrency: true }, () => {
    const env = { mock: null };
    before(async () => { env.mock = await startMock(mode.args); });
    after(async () => { if (env.mock) await env.mock.close(); });
    for (const style of styles) {
      // The steps of one run in order (the parent's concurrency would be inherited).
      describe(style.name, { concurrency: 1 }, () => {
        const column = `${style.name} ${mode.name}`;
        for (const [name, row, fn] of lifecycle(new Run(env, style))) {
          test(name, async () => {
            try {
              await fn();
              matrix.set(column, row, true);
            } catch (e) {
              matrix.set(column, row, false);
              throw e;
            }
          });
        }
      });
    }
  });
}

after(() => {
  const table = `SDK action matrix (Node SDK against flowmock; execution actions pass when they answer 400 ActionNotSupported):\n${matrix.render()}\n`;
  process.stdout.write(`\n${table}`);
  // conformance.test.js writes its table to $SDKTEST_MATRIX; this one goes next to it, as
  // node-resources.txt, so both survive (node --test runs the files in parallel processes).
  if (process.env.SDKTEST_MATRIX) {
    fs.writeFileSync(path.join(path.dirname(process.env.SDKTEST_MATRIX), 'node-resources.txt'), table);
  }
});
