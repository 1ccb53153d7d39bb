'use strict';
// The Node SDK @alicloud/fnf-2019-03-15, unchanged, through `flowmock proxy`: it signs with its
// own key; the proxy signs again with the upstream's (from ALIBABA_CLOUD_ACCESS_KEY_*), and
// the upstream, `flowmock serve --auth verify` knowing only that key, answers. Pages and typed
// errors come through as the upstream sent them, with no contract violation.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { newFnfClient } = require('./fnf');
const { startMock } = require('../../tools/node/flowmock');

const UP_ID = 'upstreamKeyId';
const UP_SECRET = 'upstreamSecret';

describe('node SDK through flowmock proxy', () => {
  const env = {};
  before(async () => {
    env.upstream = await startMock(['--auth', 'verify', '--access-key-id', UP_ID, '--access-key-secret', UP_SECRET]);
    // The proxy is a child process: it reads the upstream's key from its environment.
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = UP_ID;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = UP_SECRET;
    env.proxy = await startMock(['--upstream', env.upstream.url], 30000, 'proxy');
  });
  after(async () => {
    if (env.proxy) await env.proxy.close();
    if (env.upstream) await env.upstream.close();
  });

  for (const method of ['GET', 'POST']) {
    test(`${method}: pages and a typed error`, async () => {
      const client = newFnfClient(env.proxy.url, 'testAccessKeyId', 'testSecret');
      const opts = { timeout: 10000, method };
      const first = await client.listExecutions({ FlowName: 'demo_flow', Limit: 10 }, opts);
      assert.equal(first.Executions.length, 10, 'first page');
      assert.ok(first.NextToken, 'first page: NextToken');
      const second = await client.listExecutions({ FlowName: 'demo_flow', Limit: 10, NextToken: first.NextToken }, opts);
      assert.equal(second.Executions.length, 10, 'second page');
      assert.notEqual(second.Executions[0].Name, first.Executions[0].Name, 'second page repeats the first');
      const flow = await client.describeFlow({ Name: 'demo_flow' }, opts);
      assert.equal(flow.Name, 'demo_flow');
      let err;
      try { await client.describeFlow({ Name: 'no_such_flow' }, opts); } catch (e) { err = e; }
      assert.ok(err, 'DescribeFlow of an unknown flow succeeded');
      assert.equal(err.code, 'FlowNotExists', `err.code (${err.message})`);
    });
  }

  test('no violations', async () => {
    const res = await fetch(`${env.proxy.url}/_mock/violations`);
    const v = await res.json();
    assert.equal(v.total, 0, JSON.stringify(v.violations));
    assert.deepEqual(v.transport, []);
    assert.equal(v.checked.ListExecutions, 4);
  });
});
