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
const fs = require('node:fs');
const path = require('node:path');

const { startMock } = require('../../tools/node/flowmock');
const { Matrix } = require('./matrix');
const { Run, ROW, authModes, styles } = require('./run');
const { lifecycle } = require('./lifecycle');
const { executions } = require('./executions');

const matrix = new Matrix();
matrix.declare('CreateFlow', 'DescribeFlow', 'UpdateFlow', 'DeleteFlow', 'ListFlows',
  'CreateSchedule', 'DescribeSchedule', 'UpdateSchedule', 'DeleteSchedule', 'ListSchedules', ROW.listExecutions,
  ROW.listStarted, 'StartExecution', ROW.startRunning, 'DescribeExecution', 'StopExecution', 'GetExecutionHistory',
  'ReportTaskSucceeded', 'ReportTaskFailed',
  ROW.flowAlreadyExists, ROW.flowNotExists, ROW.scheduleAlreadyExists, ROW.scheduleNotExists, ROW.badDefinition, ROW.badCron,
  ROW.executionAlreadyExists, ROW.executionNotExists, ROW.executionAlreadyCompleted, ROW.taskAlreadyCompleted, ROW.taskInvalidState);
for (const mode of authModes) for (const style of styles) matrix.column(`${style.name} ${mode.name}`);

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
