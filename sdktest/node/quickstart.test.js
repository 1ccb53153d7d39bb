'use strict';
// The shortest Node test against flowmock, the one the README shows: a flow created, an
// execution started and waited for, the flow deleted, through @alicloud/fnf-2019-03-15, in a
// session of its own. It starts `flowmock serve` (FLOWMOCK_BIN), or uses the server
// FLOWMOCK_URL names: the image test (deploy/image_test.go) runs it against the container.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');

const { newFnfClient, callHeaders } = require('./fnf');
const { startMock } = require('../../tools/node/flowmock');

let mock;
before(async () => { mock = await startMock(); });
after(async () => { await mock.close(); });

test('flow and execution life cycle through the Node SDK', async () => {
  const client = newFnfClient(mock.url, 'testAccessKeyId', 'testSecret');
  // A session of its own: nothing another test does is seen here.
  const session = `node-${crypto.randomUUID()}`;
  const opts = (action) => ({ headers: callHeaders(action, { 'X-Mock-Session': session }) });
  const definition = 'Type: StateMachine\nSpecVersion: v1\nName: quickstart\nStartAt: Hello\nStates:\n'
    + '  - Type: Pass\n    Name: Hello\n    End: true\n';

  const flow = await client.createFlow({ Name: 'quickstart', Definition: definition, Description: 'node', Type: 'FDL' }, opts('CreateFlow'));
  assert.equal(flow.Name, 'quickstart');
  await client.startExecution({ FlowName: 'quickstart', ExecutionName: 'run1', Input: '{"n":1}' }, opts('StartExecution'));
  let exec;
  for (let i = 0; i < 50; i++) {
    exec = await client.describeExecution({ FlowName: 'quickstart', ExecutionName: 'run1', WaitTimeSeconds: 5 }, opts('DescribeExecution'));
    if (exec.Status !== 'Running') break;
  }
  assert.equal(exec.Status, 'Succeeded', JSON.stringify(exec));
  assert.deepEqual(JSON.parse(exec.Output), { n: 1 });
  await client.deleteFlow({ Name: 'quickstart' }, opts('DeleteFlow'));
  await assert.rejects(client.describeFlow({ Name: 'quickstart' }, opts('DescribeFlow')), { code: 'FlowNotExists' });
});
