'use strict';
// The resource life cycle through the Node SDK (the Go suite's TestOldSDKLifecycle,
// ../resources_test.go): flows and schedules from creation to deletion, their documented
// errors as pop-core's API errors, and ListExecutions of a created flow.

const assert = require('node:assert/strict');

const { ROW, ROLE, STORAGE, TIME } = require('./run');

function definition(flow, state) {
  return `Type: StateMachine\nSpecVersion: v1\nName: ${flow}\nStartAt: ${state}\nStates:\n  - Type: Pass\n    Name: ${state}\n    End: true\n`;
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

module.exports = { lifecycle };
