'use strict';
// Run: one life cycle's client, style and session on a mock, with the calls and checks both
// life cycles use (resources.test.js runs them; lifecycle.js and executions.js are their steps).

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');

const { newFnfClient, callHeaders } = require('./fnf');

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

// lowerFirst names the SDK method of an action: CreateFlow → createFlow.
const lowerFirst = (action) => action[0].toLowerCase() + action.slice(1);

const sleep = (ms) => new Promise((done) => { setTimeout(done, ms); });

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

module.exports = { Run, ROW, TIME, ROLE, STORAGE, TEST_CASE, authModes, styles, sleep };
