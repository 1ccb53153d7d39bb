'use strict';
// The life cycles through the Node SDK @alicloud/fnf-2019-03-15 1.2.0 (pop-core 1.8.0), the
// same as the Go suite's: the resource life cycle (TestOldSDKLifecycle, ../resources_test.go),
// flows and schedules from creation to deletion, their documented errors as pop-core's API
// errors and ListExecutions of a created flow; and the execution life cycle
// (TestOldSDKExecutions, ../executions_test.go), executions started, long-polled, their
// histories paged, listed, stopped and completed by reportTaskSucceeded and reportTaskFailed,
// with their documented errors. Together these are the SDK's 17 methods (it has no
// StartSyncExecution). The mock runs with --time-scale 0 (retries and waits take no time) and
// --mocks ../testdata/mocks.yaml, the Go suite's mock file.
//
// Each run has its own X-Mock-Session: pop-core takes per-call headers (callHeaders in fnf.js
// passes its defaults back in), so the session header is settable. The runs of one auth mode
// run concurrently on one server and create flows of the same names: they must not see each
// other. Run with `node --test` in this directory; the run ends with its action table.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { newFnfClient, callHeaders } = require('./fnf');
const { startMock } = require('../../tools/node/flowmock');
const { Matrix } = require('./matrix');
const { fixtureExecutions } = require('./fixtures');

const TEST_ACCESS_KEY_ID = 'testAccessKeyId';
const TEST_SECRET = 'testSecret';

// The mock file of the execution life cycle, shared with the Go suite; every flow it mocks has
// the test case TEST_CASE.
const MOCKS = path.resolve(__dirname, '..', 'testdata', 'mocks.yaml');
const TEST_CASE = 'SdkTest';
const mockArgs = ['--time-scale', '0', '--mocks', MOCKS];

const authModes = [
  { name: 'auth-off', args: [...mockArgs] },
  { name: 'auth-verify', args: [...mockArgs, '--auth', 'verify', '--access-key-id', TEST_ACCESS_KEY_ID, '--access-key-secret', TEST_SECRET] },
];

// styles: the SDK's own methods (POST for create*, update*, startExecution, stopExecution,
// reportTask*; GET for the rest, deleteFlow and deleteSchedule included), or every call POST.
// testCase is how the execution life cycle chooses its test case: the X-Mock-Test-Case header
// of each start, or the session's (PUT /_mock/sessions/{id}/test-case).
const styles = [
  { name: 'node', method: null, testCase: 'header' },
  { name: 'node POST', method: 'POST', testCase: 'session' },
];

// The methods the SDK sends as POST by itself (lib/client.js sets options.method).
const sdkPost = new Set(['CreateFlow', 'CreateSchedule', 'UpdateFlow', 'UpdateSchedule', 'StartExecution',
  'StopExecution', 'ReportTaskSucceeded', 'ReportTaskFailed']);

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
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
  listStarted: 'ListExecutions (started first)',
  startRunning: 'StartExecution (running name: same execution)',
  executionAlreadyExists: 'error ExecutionAlreadyExists 400',
  executionNotExists: 'error ExecutionNotExists 404',
  executionAlreadyCompleted: 'error ExecutionAlreadyCompleted 400',
  taskAlreadyCompleted: 'error TaskAlreadyCompleted 400',
  taskInvalidState: 'error TaskInvalidState 409',
};

const matrix = new Matrix();
matrix.declare('CreateFlow', 'DescribeFlow', 'UpdateFlow', 'DeleteFlow', 'ListFlows',
  'CreateSchedule', 'DescribeSchedule', 'UpdateSchedule', 'DeleteSchedule', 'ListSchedules', ROW.listExecutions,
  ROW.listStarted, 'StartExecution', ROW.startRunning, 'DescribeExecution', 'StopExecution', 'GetExecutionHistory',
  'ReportTaskSucceeded', 'ReportTaskFailed',
  ROW.flowAlreadyExists, ROW.flowNotExists, ROW.scheduleAlreadyExists, ROW.scheduleNotExists, ROW.badDefinition, ROW.badCron,
  ROW.executionAlreadyExists, ROW.executionNotExists, ROW.executionAlreadyCompleted, ROW.taskAlreadyCompleted, ROW.taskInvalidState);
for (const mode of authModes) for (const style of styles) matrix.column(`${style.name} ${mode.name}`);

function definition(flow, state) {
  return `Type: StateMachine\nSpecVersion: v1\nName: ${flow}\nStartAt: ${state}\nStates:\n  - Type: Pass\n    Name: ${state}\n    End: true\n`;
}

// lowerFirst names the SDK method of an action: CreateFlow → createFlow.
const lowerFirst = (action) => action[0].toLowerCase() + action.slice(1);

// Run is one life cycle: a client, a style and a session on the mock of env, which starts in
// a before hook (so the client is built on first use).
class Run {
  constructor(env, style, kind = 'resources') {
    this.env = env;
    this.style = style;
    this.session = `node-${kind}-${style.name.replace(/ /g, '-')}-${crypto.randomUUID()}`;
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

  // send calls the SDK method of action with the session header and any extra headers (opts
  // are fresh each call: pop-core writes into them).
  send(action, params, extra = {}) {
    const opts = { timeout: 10000, headers: callHeaders(action, { 'X-Mock-Session': this.session, ...extra }) };
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
  async ok(action, params, extra) {
    const [body, entry] = await this.send(action, params, extra);
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
    try { result = await this.send(action, params, this.startHeaders(action)); } catch (e) { err = e; }
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

  // --- executions ---

  // startHeaders: the X-Mock-Test-Case header of a start, in the style that chooses the test
  // case per request.
  startHeaders(action) {
    return action === 'StartExecution' && this.style.testCase === 'header' ? { 'X-Mock-Test-Case': TEST_CASE } : {};
  }

  // control calls the mock's control plane for this session: method on /_mock/sessions/{id}/path.
  async control(method, pathname, body) {
    const res = await fetch(`${this.mock.url}/_mock/sessions/${encodeURIComponent(this.session)}/${pathname}`, {
      method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    assert.equal(res.status, 200, `${method} /_mock/sessions/{id}/${pathname}: ${await res.clone().text()}`);
    return res.json();
  }

  // start calls startExecution (with the test case, in the style's way) and resolves to its answer.
  start(flow, name, input) {
    return this.ok('StartExecution', { FlowName: flow, ExecutionName: name, Input: input }, this.startHeaders('StartExecution'));
  }

  // poll long-polls describeExecution (WaitTimeSeconds) until the execution is no longer
  // Running. At --time-scale 0 a long poll's wait takes no time, so it may answer Running while
  // the execution is still under way: poll asks again until it ends.
  async poll(flow, name) {
    const deadline = Date.now() + 10000;
    for (;;) {
      const d = await this.ok('DescribeExecution', { FlowName: flow, ExecutionName: name, WaitTimeSeconds: 5 });
      if (d.Status !== 'Running') return d;
      assert.ok(Date.now() < deadline, `${flow}/${name} still Running after 10 s`);
      await sleep(2);
    }
  }

  // history reads an execution's whole history, limit events a page.
  history(flow, name, limit) {
    return this.pages('GetExecutionHistory', { FlowName: flow, ExecutionName: name, Limit: limit }, 'Events');
  }

  // listExecutions resolves to the names of up to maxPages pages of listExecutions, one array a page.
  async listExecutions(flow, limit, maxPages) {
    const out = [];
    let token;
    for (let i = 0; i < maxPages; i++) {
      const body = await this.ok('ListExecutions', token ? { FlowName: flow, Limit: limit, NextToken: token } : { FlowName: flow, Limit: limit });
      for (const e of body.Executions) assert.match(e.StartedTime, TIME, `listed ${e.Name} StartedTime`);
      out.push(body.Executions.map((e) => e.Name));
      token = body.NextToken;
      if (!token) break;
    }
    return out;
  }

  // waitingToken resolves to the token of the callback task of flow/exec once it waits
  // (GET /_mock/sessions/{id}/tasks).
  async waitingToken(flow, exec) {
    const deadline = Date.now() + 10000;
    for (;;) {
      const task = (await this.control('GET', 'tasks')).find((p) => p.flow === flow && p.execution === exec);
      if (task) {
        assert.ok(task.token, `the waiting task of ${flow}/${exec} has no token: ${JSON.stringify(task)}`);
        return task.token;
      }
      assert.ok(Date.now() < deadline, `no callback task of ${flow}/${exec} waits after 10 s`);
      await sleep(2);
    }
  }
}

const sleep = (ms) => new Promise((done) => { setTimeout(done, ms); });

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

// --- the execution life cycle (the Go suite's TestOldSDKExecutions) ---

// The flows it creates, named in MOCKS, with the definitions of ../executions_test.go.
const ORDERS = 'sdk_exec_orders'; const CALLBACK = 'sdk_exec_callback'; const APPROVE = 'sdk_exec_approve';
const FIXTURE_FLOW = 'demo_flow';

// ORDERS charges (a Task retried on FC.Timeout, MaxAttempts 3), then passes the charge on; under
// SdkTest, Charge throws FC.Timeout twice, then returns ORDERS_OUTPUT.
const ORDERS_DEF = `Type: StateMachine
SpecVersion: v1
Name: sdk_exec_orders
StartAt: Charge
States:
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:cn-hangzhou:123456789012:functions/charge
    Retry:
      - Errors:
          - FC.Timeout
        MaxAttempts: 3
        IntervalSeconds: 10
    Next: Done
  - Type: Pass
    Name: Done
    End: true
`;
const ORDERS_OUTPUT = { charged: true, amount: 42 };

// CALLBACK (new dialect) waits for reportTask* on its task (TaskMode WaitForCustomCallback).
const CALLBACK_DEF = `Type: StateMachine
SpecVersion: v1
Name: sdk_exec_callback
StartAt: Approve
States:
  - Type: Task
    Name: Approve
    Action: MNS:SendMessage
    TaskMode: WaitForCustomCallback
    Next: Done
  - Type: Pass
    Name: Done
    End: true
`;

// APPROVE (old dialect) waits on a waitForCallback task, then succeeds.
const APPROVE_DEF = `version: v1
type: flow
steps:
  - type: task
    name: Approve
    resourceArn: acs:mns:cn-hangzhou:123456789012:/queues/approvals
    pattern: waitForCallback
  - type: succeed
    name: Done
`;

// WORKER (old dialect) is the published wait-for-callback-task sample of corpus/testdata: its task
// step "test" hands the worker its token through an input mapping from $context.task.token.
const WORKER = 'sdk_exec_worker'; const EXEC_WORKER = 'worker-1';
const WORKER_DEF = fs.readFileSync(path.resolve(__dirname, '..', '..', 'corpus', 'testdata', 'old', 'wait-for-callback-task.yaml'), 'utf8');
const INPUT_WORKER = '{"serviceName":"s","functionName":"f"}'; const WORKER_RESULT = { result: 'ok' };

const EXEC_ORDERS = 'order-1'; const INPUT_ORDERS = '{"order":42}';
const EXEC_DEMO = 'sdk-demo-1';
const EXEC_CALLBACK = 'approval-1'; const EXEC_STOPPED = 'approval-2'; const EXEC_APPROVE = 'approval-3';
const EXEC_UNKNOWN = 'sdk_no_such_execution';
const APPROVED = '{"approved":true}';

// checkStarted checks startExecution's answer for a new execution; it may have ended already
// (at --time-scale 0 it takes no time).
function checkStarted(e, flow, name, input, def) {
  assert.equal(e.Name, name, 'Name');
  assert.equal(e.FlowName, flow, 'FlowName');
  assert.equal(e.Input, input, 'Input');
  assert.equal(e.FlowDefinition, def, 'FlowDefinition');
  assert.match(e.StartedTime, TIME, 'StartedTime');
  assert.ok(['Running', 'Succeeded', 'Failed'].includes(e.Status), `Status ${e.Status}, want Running (or already Succeeded or Failed)`);
  if (e.Status === 'Running') assert.equal(e.StoppedTime, undefined, 'StoppedTime of a running execution');
}

// checkEnded checks an execution that ended with status: the one started, a stop time not
// before its start, and (when given) its output, compared as JSON.
function checkEnded(got, started, status, output) {
  assert.equal(got.Status, status, 'Status');
  for (const k of ['Name', 'FlowName', 'Input', 'FlowDefinition', 'StartedTime']) assert.equal(got[k], started[k], k);
  assert.match(got.StoppedTime, TIME, 'StoppedTime');
  assert.ok(got.StoppedTime >= got.StartedTime, `StoppedTime ${got.StoppedTime} is before StartedTime ${got.StartedTime}`);
  if (output !== undefined) assert.deepEqual(JSON.parse(got.Output), output, 'Output');
}

// checkHistory checks a whole history: EventId 1, 2, … in order, each ScheduleEventId before
// its event, times in order, ExecutionStarted first and last the event of how it ended.
function checkHistory(events, last) {
  assert.ok(events.length >= 2, `history has ${events.length} events, want at least ExecutionStarted and ${last}`);
  events.forEach((e, i) => {
    assert.equal(e.EventId, i + 1, `event ${i} EventId`);
    assert.ok(e.ScheduleEventId >= 0 && e.ScheduleEventId < e.EventId, `event ${e.EventId} (${e.Type}): ScheduleEventId ${e.ScheduleEventId}`);
    assert.match(e.Time, TIME, `event ${e.EventId} Time`);
    if (i > 0) assert.ok(e.Time >= events[i - 1].Time, `event ${e.EventId}: Time ${e.Time} is before the previous event's`);
    if (e.EventDetail) JSON.parse(e.EventDetail);
  });
  assert.equal(events[0].Type, 'ExecutionStarted', 'first event');
  assert.equal(events[events.length - 1].Type, last, 'last event');
}

// executions returns the steps of one execution life cycle: [name, row, fn], in order.
function executions(run) {
  const st = {};
  const fixtureNames = () => {
    st.fixtures = st.fixtures || fixtureExecutions(FIXTURE_FLOW)[FIXTURE_FLOW].map((e) => e.Name);
    return st.fixtures;
  };
  const stop = (flow, name) => ({ FlowName: flow, ExecutionName: name, Error: 'Cancelled', Cause: 'stopped by sdktest' });
  const rejected = (token) => ({ TaskToken: token, Error: 'Rejected', Cause: 'not approved' });

  return [
    ['CreateFlow execution flows', 'CreateFlow', async () => {
      // The SDK's createFlow has no ExecutionMode: Standard flows only.
      if (run.style.testCase === 'session') {
        assert.deepEqual(await run.control('PUT', 'test-case', { testCase: TEST_CASE }), { session: run.session, testCase: TEST_CASE });
      }
      for (const [name, def] of [[ORDERS, ORDERS_DEF], [CALLBACK, CALLBACK_DEF], [APPROVE, APPROVE_DEF], [WORKER, WORKER_DEF]]) {
        const f = await run.ok('CreateFlow', { Name: name, Definition: def, Description: `flow ${name}`, Type: 'FDL' });
        assert.equal(f.Definition, def, `${name} Definition`);
        assert.equal(f.ExecutionMode, 'Standard', `${name} ExecutionMode`);
      }
    }],
    ['StartExecution', 'StartExecution', async () => {
      st.orders = await run.start(ORDERS, EXEC_ORDERS, INPUT_ORDERS);
      checkStarted(st.orders, ORDERS, EXEC_ORDERS, INPUT_ORDERS, ORDERS_DEF);
    }],
    ['DescribeExecution long poll', 'DescribeExecution', async () => {
      checkEnded(await run.poll(ORDERS, EXEC_ORDERS), st.orders, 'Succeeded', ORDERS_OUTPUT);
    }],
    ['GetExecutionHistory all pages', 'GetExecutionHistory', async () => {
      const paged = await run.history(ORDERS, EXEC_ORDERS, 2);
      checkHistory(paged, 'ExecutionSucceeded');
      const charge = paged.filter((e) => e.StepName === 'Charge');
      const failed = charge.filter((e) => e.Type === 'TaskFailed');
      assert.equal(failed.length, 2, 'Charge TaskFailed events (the test case throws twice)');
      for (const e of failed) assert.ok(e.EventDetail.includes('FC.Timeout'), `TaskFailed ${e.EventId}: ${e.EventDetail} does not name FC.Timeout`);
      assert.equal(charge.filter((e) => e.Type === 'TaskSucceeded').length, 1, 'Charge TaskSucceeded events');
      assert.deepEqual(paged, await run.history(ORDERS, EXEC_ORDERS, 100), 'the history in pages of 2 vs in one page');
    }],
    ['ListExecutions started first', ROW.listStarted, async () => {
      assert.deepEqual(await run.listExecutions(ORDERS, 10, 2), [[EXEC_ORDERS]], `ListExecutions ${ORDERS}`);
      await run.start(FIXTURE_FLOW, EXEC_DEMO, '{}');
      const f = fixtureNames();
      assert.deepEqual(await run.listExecutions(FIXTURE_FLOW, 2, 2), [[EXEC_DEMO, f[0]], [f[1], f[2]]],
        `ListExecutions ${FIXTURE_FLOW}, Limit=2, first two pages: the started execution, then the fixture history`);
    }],
    ['StartExecution running name', ROW.startRunning, async () => {
      st.callback = await run.start(CALLBACK, EXEC_CALLBACK, '{"n":1}');
      checkStarted(st.callback, CALLBACK, EXEC_CALLBACK, '{"n":1}', CALLBACK_DEF);
      assert.equal(st.callback.Status, 'Running', 'Status (waiting for its callback)');
      // The same name again, with another input: the running execution, as it is.
      const { RequestId: _a, ...again } = await run.start(CALLBACK, EXEC_CALLBACK, '{"n":2}');
      const { RequestId: _b, ...first } = st.callback;
      assert.deepEqual(again, first, 'second startExecution of a running name vs the running execution');
      assert.deepEqual(await run.listExecutions(CALLBACK, 10, 2), [[EXEC_CALLBACK]], `ListExecutions ${CALLBACK}: one execution`);
    }],
    ['ReportTaskSucceeded', 'ReportTaskSucceeded', async () => {
      st.token = await run.waitingToken(CALLBACK, EXEC_CALLBACK);
      const r = await run.ok('ReportTaskSucceeded', { TaskToken: st.token, Output: APPROVED });
      checkEnded(await run.poll(CALLBACK, EXEC_CALLBACK), st.callback, 'Succeeded', JSON.parse(APPROVED));
      const events = await run.history(CALLBACK, EXEC_CALLBACK, 100);
      checkHistory(events, 'ExecutionSucceeded');
      assert.ok(r.EventId >= 1 && r.EventId <= events.length, `EventId ${r.EventId}, want an event of the history (1 to ${events.length})`);
      assert.ok(events.some((e) => e.Type === 'TaskScheduled' && e.EventDetail.includes(st.token)), `no TaskScheduled event carries the token ${st.token}`);
    }],
    ['ReportTask used token', ROW.taskAlreadyCompleted, async () => {
      assert.ok(st.token, 'ReportTaskSucceeded failed');
      await run.fail('ReportTaskSucceeded', { TaskToken: st.token, Output: '{}' }, 'TaskAlreadyCompleted', 400, st.token);
      await run.fail('ReportTaskFailed', rejected(st.token), 'TaskAlreadyCompleted', 400, st.token);
    }],
    ['StartExecution finished name', ROW.executionAlreadyExists, async () => {
      for (const [flow, name] of [[ORDERS, EXEC_ORDERS], [CALLBACK, EXEC_CALLBACK], [FIXTURE_FLOW, fixtureNames()[0]]]) {
        await run.fail('StartExecution', { FlowName: flow, ExecutionName: name, Input: '{}' }, 'ExecutionAlreadyExists', 400, name);
      }
    }],
    ['StopExecution', 'StopExecution', async () => {
      const started = await run.start(CALLBACK, EXEC_STOPPED, '{}');
      st.stoppedToken = await run.waitingToken(CALLBACK, EXEC_STOPPED);
      const s = await run.ok('StopExecution', stop(CALLBACK, EXEC_STOPPED));
      checkEnded(s, started, 'Stopped');
      const d = await run.ok('DescribeExecution', { FlowName: CALLBACK, ExecutionName: EXEC_STOPPED });
      assert.equal(d.Status, 'Stopped', 'DescribeExecution after stopExecution: Status');
      assert.equal(d.StoppedTime, s.StoppedTime, 'DescribeExecution after stopExecution: StoppedTime');
      const events = await run.history(CALLBACK, EXEC_STOPPED, 100);
      checkHistory(events, 'ExecutionStopped');
      assert.ok(events[events.length - 1].EventDetail.includes('Cancelled'), 'ExecutionStopped: EventDetail carries the Error given');
    }],
    ['StopExecution ended', ROW.executionAlreadyCompleted, async () => {
      for (const name of [EXEC_STOPPED, EXEC_CALLBACK]) {
        await run.fail('StopExecution', stop(CALLBACK, name), 'ExecutionAlreadyCompleted', 400, name);
      }
    }],
    ['ReportTask of a stopped execution', ROW.taskInvalidState, async () => {
      assert.ok(st.stoppedToken, 'StopExecution failed');
      await run.fail('ReportTaskSucceeded', { TaskToken: st.stoppedToken, Output: '{}' }, 'TaskInvalidState', 409);
    }],
    ['unknown execution', ROW.executionNotExists, async () => {
      await run.fail('DescribeExecution', { FlowName: ORDERS, ExecutionName: EXEC_UNKNOWN }, 'ExecutionNotExists', 404, EXEC_UNKNOWN);
      await run.fail('StopExecution', stop(ORDERS, EXEC_UNKNOWN), 'ExecutionNotExists', 404, EXEC_UNKNOWN);
      await run.fail('GetExecutionHistory', { FlowName: ORDERS, ExecutionName: EXEC_UNKNOWN }, 'ExecutionNotExists', 404, EXEC_UNKNOWN);
    }],
    ['ReportTaskFailed', 'ReportTaskFailed', async () => {
      const started = await run.start(APPROVE, EXEC_APPROVE, '{"amount":7}');
      checkStarted(started, APPROVE, EXEC_APPROVE, '{"amount":7}', APPROVE_DEF);
      const token = await run.waitingToken(APPROVE, EXEC_APPROVE);
      const r = await run.ok('ReportTaskFailed', rejected(token));
      checkEnded(await run.poll(APPROVE, EXEC_APPROVE), started, 'Failed');
      const events = await run.history(APPROVE, EXEC_APPROVE, 3);
      checkHistory(events, 'ExecutionFailed');
      assert.ok(r.EventId >= 1 && r.EventId <= events.length, `EventId ${r.EventId}, want an event of the history (1 to ${events.length})`);
      const last = events[events.length - 1].EventDetail;
      assert.ok(last.includes('Rejected') && last.includes('not approved'), `ExecutionFailed: EventDetail ${last} does not carry the reported Error and Cause`);
    }],
    ['ReportTaskSucceeded old-dialect worker', 'ReportTaskSucceeded', async () => {
      const started = await run.start(WORKER, EXEC_WORKER, INPUT_WORKER);
      checkStarted(started, WORKER, EXEC_WORKER, INPUT_WORKER, WORKER_DEF);
      // The worker reads its token from the input the task's TaskScheduled event carries.
      const deadline = Date.now() + 10000;
      let token;
      while (!token) {
        assert.ok(Date.now() < deadline, `the history of ${WORKER}/${EXEC_WORKER} hands the worker no token after 10 s`);
        const scheduled = (await run.history(WORKER, EXEC_WORKER, 100)).find((e) => e.StepName === 'test' && e.Type === 'TaskScheduled');
        if (scheduled) {
          token = JSON.parse(scheduled.EventDetail).input.taskToken;
          assert.ok(token, `TaskScheduled test: EventDetail ${scheduled.EventDetail}: no input.taskToken`);
        } else await sleep(2);
      }
      assert.equal(token, await run.waitingToken(WORKER, EXEC_WORKER), 'the token the history hands the worker vs the waiting task\'s');
      await run.ok('ReportTaskSucceeded', { TaskToken: token, Output: JSON.stringify(WORKER_RESULT) });
      checkEnded(await run.poll(WORKER, EXEC_WORKER), started, 'Succeeded', WORKER_RESULT);
      checkHistory(await run.history(WORKER, EXEC_WORKER, 100), 'ExecutionSucceeded');
    }],
  ];
}

for (const mode of authModes) {
  // The runs of one mode run at once on one server, each in its own session.
  describe(mode.name, { concurrency: true }, () => {
    const env = { mock: null };
    before(async () => { env.mock = await startMock(mode.args); });
    after(async () => { if (env.mock) await env.mock.close(); });
    for (const style of styles) {
      for (const [kind, steps] of [['resources', lifecycle], ['executions', executions]]) {
        // The steps of one run in order (the parent's concurrency would be inherited).
        describe(`${style.name} ${kind}`, { concurrency: 1 }, () => {
          const column = `${style.name} ${mode.name}`;
          for (const [name, row, fn] of steps(new Run(env, style, kind))) {
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
    }
  });
}

after(() => {
  const table = `SDK action matrix (Node SDK against flowmock):\n${matrix.render()}\n`;
  process.stdout.write(`\n${table}`);
  // conformance.test.js writes its table to $SDKTEST_MATRIX; this one goes next to it, as
  // node-resources.txt, so both survive (node --test runs the files in parallel processes).
  if (process.env.SDKTEST_MATRIX) {
    fs.writeFileSync(path.join(path.dirname(process.env.SDKTEST_MATRIX), 'node-resources.txt'), table);
  }
});
