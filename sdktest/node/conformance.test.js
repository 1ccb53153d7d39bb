'use strict';
// The Node SDK @alicloud/fnf-2019-03-15 (on @alicloud/pop-core 1.8.0) against flowmock, GET and
// POST, with signature checking off and on: the same cases as the Go suite (../conformance_test.go).
// Run with `node --test` in this directory; the run ends with the {client} × {case} table.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { newFnfClient, callHeaders } = require('./fnf');
const { startMock } = require('../../tools/node/flowmock');
const { fixtureExecutions, documentedErrors } = require('./fixtures');
const { Matrix } = require('./matrix');

const TEST_ACCESS_KEY_ID = 'testAccessKeyId';
const TEST_SECRET = 'testSecret';
const BIG_FLOW = 'demo_flow';

const authModes = [
  { name: 'auth-off', args: [] },
  { name: 'auth-verify', args: ['--auth', 'verify', '--access-key-id', TEST_ACCESS_KEY_ID, '--access-key-secret', TEST_SECRET] },
];
const methods = ['GET', 'POST'];

const fixtures = fixtureExecutions(BIG_FLOW)[BIG_FLOW];

const matrix = new Matrix();
for (const method of methods) for (const mode of authModes) matrix.column(`node ${method} ${mode.name}`);

// --- calls ---

// list calls ListExecutions once and resolves to {body, status, headerRequestId}. The client is
// verbose (pop-core then resolves to [body, entry]) so the test can see status and headers.
async function list(client, method, params, extraHeaders) {
  const opts = { timeout: 10000 };
  if (method === 'POST') opts.method = 'POST';
  if (extraHeaders) opts.headers = callHeaders('ListExecutions', extraHeaders);
  const [body, entry] = await client.listExecutions(params, opts);
  return { body, status: entry.response.statusCode, headerRequestId: entry.response.headers['x-acs-request-id'] };
}

function newClient(env, accessKeyId = TEST_ACCESS_KEY_ID, secret = TEST_SECRET) {
  const client = newFnfClient(env.mock.url, accessKeyId, secret);
  // RPCClient's second constructor argument, which the fnf wrapper does not pass on.
  client.verbose = true;
  return client;
}

// checkPage checks what every successful answer must satisfy.
function checkPage(p) {
  assert.equal(p.status, 200, 'HTTP status');
  assert.ok(p.body.RequestId, 'RequestId is empty');
  assert.equal(p.headerRequestId, p.body.RequestId, 'x-acs-request-id header vs body RequestId');
}

async function listAll(env, params) {
  const client = newClient(env);
  const all = [];
  const seen = new Set();
  for (let pages = 1; ; pages++) {
    assert.ok(pages <= 100, 'more than 100 pages: NextToken never ends');
    const p = await list(client, env.method, params);
    checkPage(p);
    all.push(...p.body.Executions);
    if (!p.body.NextToken) return all;
    assert.ok(!seen.has(p.body.NextToken), `page ${pages}: NextToken ${p.body.NextToken} repeats`);
    seen.add(p.body.NextToken);
    params = { ...params, NextToken: p.body.NextToken };
  }
}

function assertExecutions(got, want) {
  // pop-core parses with json-bigint, whose objects have a null prototype: compare plain copies.
  got = JSON.parse(JSON.stringify(got));
  const names = got.map((e) => e.Name);
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  assert.deepEqual(dup, [], 'executions listed more than once');
  assert.equal(got.length, want.length, 'number of executions');
  assert.deepEqual(got, want);
}

// journal returns the mock's records of requests answered with code.
async function journal(env, code) {
  const res = await fetch(`${env.mock.url}/_mock/requests?code=${encodeURIComponent(code)}`);
  assert.equal(res.status, 200, 'GET /_mock/requests');
  return res.json();
}

// wantApiError awaits call and wants pop-core's error for code and status, carrying the request
// id the server sent.
async function wantApiError(env, call, code, status) {
  let result;
  let err;
  try { result = await call; } catch (e) { err = e; }
  assert.ok(err, `ListExecutions succeeded (HTTP ${result && result.status}, RequestId ${result && result.body.RequestId}), want ${code} (HTTP ${status})`);
  assert.ok(err.entry && err.data, `error is not pop-core's API error: ${err.stack}`);
  assert.equal(err.name, `${code}Error`, 'err.name');
  assert.equal(err.code, code, 'err.code');
  assert.equal(err.entry.response.statusCode, status, 'err.entry.response.statusCode');
  const id = err.data.RequestId;
  assert.ok(id, 'err.data.RequestId is empty');
  assert.equal(err.entry.response.headers['x-acs-request-id'], id, 'x-acs-request-id header vs err.data.RequestId');
  const rec = (await journal(env, code)).find((r) => r.requestId === id);
  assert.ok(rec, `request id ${id}: not in the mock's journal under code ${code}`);
  assert.equal(rec.status, status, 'journal status');
}

// --- cases (same names as the Go suite) ---

const cases = [
  ['one page', async (env) => {
    const p = await list(newClient(env), env.method, { FlowName: BIG_FLOW, Limit: 10 });
    checkPage(p);
    assertExecutions(p.body.Executions, fixtures.slice(0, 10));
    assert.ok(p.body.NextToken, `NextToken is empty, want a token: the flow has ${fixtures.length} executions`);
  }],
  ['all pages via NextToken', async (env) => {
    // No Limit: the service default (60) pages demo_flow's executions.
    assertExecutions(await listAll(env, { FlowName: BIG_FLOW }), fixtures);
  }],
  ['filter Status=Failed', async (env) => {
    const want = fixtures.filter((e) => e.Status === 'Failed');
    assert.ok(want.length > 10, `fixtures: ${want.length} Failed executions, want more than one page`);
    assertExecutions(await listAll(env, { FlowName: BIG_FLOW, Status: 'Failed', Limit: 10 }), want);
  }],
  ['real InvalidArgument (Limit=0)', (env) =>
    wantApiError(env, list(newClient(env), env.method, { FlowName: BIG_FLOW, Limit: 0 }), 'InvalidArgument', 400)],
  ['real FlowNotExists', (env) =>
    wantApiError(env, list(newClient(env), env.method, { FlowName: 'no_such_flow' }), 'FlowNotExists', 404)],
  ...documentedErrors().map(({ code, status }) => [`injected ${code}`, (env) =>
    wantApiError(env, list(newClient(env), env.method, { FlowName: BIG_FLOW, Limit: 5 }, { 'X-Mock-Error': code }), code, status)]),
  ['connection reset', async (env) => {
    let result;
    let err;
    try {
      result = await list(newClient(env), env.method, { FlowName: BIG_FLOW, Limit: 5 }, { 'X-Mock-Scenario': 'connection-reset' });
    } catch (e) { err = e; }
    assert.ok(err, `ListExecutions succeeded (HTTP ${result && result.status}), want a network error`);
    assert.ok(!err.entry, `want a network error, got an API error: ${err.name}: ${err.message}`);
    assert.equal(err.code, 'ECONNRESET', `err.code (${err.name}: ${err.message})`);
  }],
  ['wrong secret', async (env) => {
    const call = list(newClient(env, TEST_ACCESS_KEY_ID, 'wrongSecret'), env.method, { FlowName: BIG_FLOW, Limit: 3 });
    if (env.mode.name === 'auth-off') { checkPage(await call); return; }
    await wantApiError(env, call, 'SignatureNotMatch', 403);
  }],
  ['unknown AccessKeyId', async (env) => {
    const call = list(newClient(env, 'unknownKeyId', TEST_SECRET), env.method, { FlowName: BIG_FLOW, Limit: 3 });
    if (env.mode.name === 'auth-off') { checkPage(await call); return; }
    await wantApiError(env, call, 'InvalidAccessKeyID', 403);
  }],
];

for (const mode of authModes) {
  describe(mode.name, () => {
    const env = { mode, mock: null };
    before(async () => { env.mock = await startMock(mode.args); });
    after(async () => { if (env.mock) await env.mock.close(); });
    for (const method of methods) {
      describe(`node ${method}`, () => {
        for (const [name, run] of cases) {
          test(name, async () => {
            const column = `node ${method} ${mode.name}`;
            try {
              await run({ ...env, method });
              matrix.set(column, name, true);
            } catch (e) {
              matrix.set(column, name, false);
              throw e;
            }
          });
        }
      });
    }
  });
}

after(() => {
  const table = `SDK conformance matrix (Node SDK against flowmock):\n${matrix.render()}\n`;
  process.stdout.write(`\n${table}`);
  // `make test` also asks for the table in a file, which it prints at the end.
  if (process.env.SDKTEST_MATRIX) require('node:fs').writeFileSync(process.env.SDKTEST_MATRIX, table);
});
