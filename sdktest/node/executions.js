'use strict';
// The execution life cycle through the Node SDK (the Go suite's TestOldSDKExecutions,
// ../executions_test.go): executions started, long-polled, their histories paged, listed,
// stopped and completed by reportTaskSucceeded and reportTaskFailed, with their documented errors.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { fixtureExecutions } = require('./fixtures');
const { ROW, TIME, TEST_CASE, sleep } = require('./run');

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

module.exports = { executions };
