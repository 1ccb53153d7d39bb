package sdktest_test

// The execution life cycle through the old Go SDK (services/fnf), and what the execution life
// cycles of every client share: the flows, the mock file, checks of executions and histories.
// Executions run: flowmock interprets the flow's definition, the Task states answer from
// testdata/mocks.yaml (test case SdkTest), and the mocktest servers run session clocks at
// scale 0, so retries and waits take no time. The Darabonba life cycle is
// executions_dara_test.go, the Node one is in node/resources.test.js.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"

	"github.com/flowmock/flowmock/mock"
)

// mocksFile is the mock file the execution life cycles load; every flow it mocks has the test
// case testCase.
const (
	mocksFile = "testdata/mocks.yaml"
	testCase  = "SdkTest"
)

// The flows the execution life cycles create, each named in mocksFile; fixtureFlow is the
// fixture flow they start to see started executions listed before the fixture history.
const (
	flowOrders   = "sdk_exec_orders"
	flowExpress  = "sdk_exec_express"
	flowCallback = "sdk_exec_callback"
	flowApprove  = "sdk_exec_approve"
	flowMap      = "sdk_exec_map"
	fixtureFlow  = bigFlow
)

// ordersDefinition charges (a Task retried on FC.Timeout, MaxAttempts 3), then passes the
// charge on. Under SdkTest, Charge throws FC.Timeout twice, then returns ordersOutput.
const ordersDefinition = `Type: StateMachine
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
`

// ordersOutput is what Charge returns on its third attempt, the execution's output.
const ordersOutput = `{"charged":true,"amount":42}`

// expressDefinition is an Express flow of one Task, which returns expressOutput under SdkTest.
const expressDefinition = `Type: StateMachine
SpecVersion: v1
Name: sdk_exec_express
StartAt: Greet
States:
  - Type: Task
    Name: Greet
    Action: FC:InvokeFunction
    End: true
`

const expressOutput = `{"greeting":"hello"}`

// callbackDefinition (new dialect) waits for ReportTaskSucceeded or ReportTaskFailed on its
// task, then passes the reported output on.
const callbackDefinition = `Type: StateMachine
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
`

// approveDefinition (old dialect) waits on a waitForCallback task, then succeeds.
const approveDefinition = `version: v1
type: flow
steps:
  - type: task
    name: Approve
    resourceArn: acs:mns:cn-hangzhou:123456789012:/queues/approvals
    pattern: waitForCallback
  - type: succeed
    name: Done
`

// execFlow is a flow an execution life cycle creates.
type execFlow struct{ name, definition, mode string }

var execFlows = []execFlow{
	{flowOrders, ordersDefinition, "Standard"},
	{flowExpress, expressDefinition, "Express"},
	{flowCallback, callbackDefinition, "Standard"},
	{flowApprove, approveDefinition, "Standard"},
	{flowMap, mapDefinition, "Standard"},
	{flowWorker, workerDefinition, "Standard"},
}

// mapDefinition is a distributed Map over $Input.items, two child executions at once.
const mapDefinition = `Type: StateMachine
Name: sdk_exec_map
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    MaxConcurrency: 2
    ToleratedFailureCount: 1
    ProcessorConfig:
      ExecutionMode: Express
    Processor:
      StartAt: Echo
      States:
        - Type: Pass
          Name: Echo
          End: true
    End: true
`

// The executions the life cycles start, with their inputs.
const (
	execOrders   = "order-1"
	inputOrders  = `{"order":42}`
	execDemo     = "sdk-demo-1"
	execCallback = "approval-1" // ReportTaskSucceeded
	execStopped  = "approval-2" // StopExecution
	execApprove  = "approval-3" // old dialect, ReportTaskFailed
	execSync     = "greet-1"
	execMap      = "fan-1"
	inputMap     = `{"items":[{"n":1},{"n":2},{"n":3}]}`
	execUnknown  = "sdk_no_such_execution"
	approved     = `{"approved":true}`
)

// --- checks every client shares ---

// jsonEq reports field when got and want (JSON texts) are not the same value.
func jsonEq(t *testing.T, field, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Errorf("%s=%q: not JSON: %v", field, got, err)
		return
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		panic(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s=%s, want %s", field, got, want)
	}
}

// checkStarted checks StartExecution's answer for a new execution: what was sent comes back,
// the flow's definition, the start time. The execution runs on the server's goroutines, so it
// may have ended already (at clock scale 0 it takes no time).
func checkStarted(t *testing.T, got execution, flow, name, input, def string) {
	t.Helper()
	wantEq(t, "Name", got.Name, name)
	wantEq(t, "FlowName", got.FlowName, flow)
	wantEq(t, "Input", got.Input, input)
	wantEq(t, "FlowDefinition", got.FlowDefinition, def)
	checkTime(t, "StartedTime", got.StartedTime)
	switch got.Status {
	case "Running":
		wantEq(t, "StoppedTime (running)", got.StoppedTime, "")
	case "Succeeded", "Failed":
		checkTime(t, "StoppedTime", got.StoppedTime)
	default:
		t.Errorf("Status=%q, want Running (or already Succeeded or Failed)", got.Status)
	}
}

// checkEnded checks an execution that ended with status: the same execution as started, a
// stop time not before its start, and (unless want is "") output want, compared as JSON.
func checkEnded(t *testing.T, got, started execution, status, output string) {
	t.Helper()
	wantEq(t, "Status", got.Status, status)
	wantEq(t, "Name", got.Name, started.Name)
	wantEq(t, "FlowName", got.FlowName, started.FlowName)
	wantEq(t, "Input", got.Input, started.Input)
	wantEq(t, "FlowDefinition", got.FlowDefinition, started.FlowDefinition)
	wantEq(t, "StartedTime", got.StartedTime, started.StartedTime)
	checkTime(t, "StoppedTime", got.StoppedTime)
	if got.StoppedTime < got.StartedTime {
		t.Errorf("StoppedTime %s is before StartedTime %s", got.StoppedTime, got.StartedTime)
	}
	if output != "" {
		jsonEq(t, "Output", got.Output, output)
	}
}

// checkHistory checks a whole history: EventId 1, 2, … in order, each ScheduleEventId
// before its event, times in CloudFlow's form and in order, ExecutionStarted first and last
// the event of how the execution ended.
func checkHistory(t *testing.T, events []fnf.EventsItem, last string) {
	t.Helper()
	if len(events) < 2 {
		t.Fatalf("history has %d events, want at least ExecutionStarted and %s: %+v", len(events), last, events)
	}
	for i, e := range events {
		if e.EventId != int64(i+1) {
			t.Errorf("event %d: EventId %d, want %d", i, e.EventId, i+1)
		}
		if e.ScheduleEventId < 0 || e.ScheduleEventId >= e.EventId {
			t.Errorf("event %d (%s): ScheduleEventId %d, want an earlier event", e.EventId, e.Type, e.ScheduleEventId)
		}
		checkTime(t, fmt.Sprintf("event %d Time", e.EventId), e.Time)
		if i > 0 && e.Time < events[i-1].Time {
			t.Errorf("event %d: Time %s is before event %d's %s", e.EventId, e.Time, i, events[i-1].Time)
		}
		if e.EventDetail != "" && !json.Valid([]byte(e.EventDetail)) {
			t.Errorf("event %d: EventDetail is not JSON: %q", e.EventId, e.EventDetail)
		}
	}
	wantEq(t, "first event", events[0].Type, "ExecutionStarted")
	wantEq(t, "last event", events[len(events)-1].Type, last)
}

// checkRetries checks the history of the orders execution: Charge failed twice with
// FC.Timeout, then succeeded.
func checkRetries(t *testing.T, events []fnf.EventsItem) {
	t.Helper()
	var failed, succeeded int
	for _, e := range events {
		if e.StepName != "Charge" {
			continue
		}
		switch e.Type {
		case "TaskFailed":
			failed++
			if !strings.Contains(e.EventDetail, "FC.Timeout") {
				t.Errorf("event %d TaskFailed: EventDetail %s does not name FC.Timeout", e.EventId, e.EventDetail)
			}
		case "TaskSucceeded":
			succeeded++
		}
	}
	if failed != 2 || succeeded != 1 {
		t.Errorf("Charge: %d TaskFailed and %d TaskSucceeded events, want 2 and 1 (the test case throws twice, then returns)", failed, succeeded)
	}
}

// checkSameEvents checks that a history read in small pages is the history read at once.
func checkSameEvents(t *testing.T, paged, whole []fnf.EventsItem) {
	t.Helper()
	if !slices.Equal(paged, whole) {
		t.Errorf("the history read in pages differs from the history in one page:\n paged %+v\n whole %+v", paged, whole)
	}
}

// waitFor retries cond until it holds, failing after 10 s: an execution runs on the server's
// goroutines, so what a call started may not have happened yet when the call answers.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitingToken returns the token of the callback task of execution exec of flow once it waits
// in the session (mocktest's view of GET /_mock/sessions/{id}/tasks).
func waitingToken(t *testing.T, h *harness, session, flow, exec string) string {
	t.Helper()
	var token string
	waitFor(t, fmt.Sprintf("a callback task of %s/%s waits", flow, exec), func() bool {
		for _, p := range h.srv.State(session).Waiting() {
			if p.Flow == flow && p.Execution == exec {
				token = p.Token
				return true
			}
		}
		return false
	})
	if token == "" {
		t.Fatalf("the waiting task of %s/%s has no token", flow, exec)
	}
	return token
}

// checkListedFirst checks the first two pages of ListExecutions (Limit 2) of the fixture flow
// after one execution was started in the session: the started one first, then the fixture
// history from its start.
func checkListedFirst(t *testing.T, pages [][]string) {
	t.Helper()
	var fixtures []string
	for _, e := range wantExecutions(t, fixtureFlow, nil) {
		fixtures = append(fixtures, e.Name)
	}
	want := [][]string{{execDemo, fixtures[0]}, {fixtures[1], fixtures[2]}}
	if !reflect.DeepEqual(pages, want) {
		t.Errorf("ListExecutions %s, Limit=2, first two pages: %v, want %v (the started execution, then the fixture history)", fixtureFlow, pages, want)
	}
}

// --- old Go SDK ---

// TestOldSDKExecutions drives the old Go SDK's execution actions through fnf.Client, with the
// SDK's own methods and with every request POST, with signatures off and verified: executions
// started, long-polled to their end, their histories paged, listed, stopped, completed by
// ReportTaskSucceeded and ReportTaskFailed, run synchronously, and their documented errors as
// *errors.ServerError. The test case comes with each start, in the X-Mock-Test-Case header.
func TestOldSDKExecutions(t *testing.T) {
	declareActionMatrix()
	runOldSDK(t, oldExecutions, withMocks(mocksFile))
}

// oldExecution is an execution as the old SDK's StartExecution, DescribeExecution and
// StopExecution answer it.
func oldExecution(name, flow, def, input, output, status, started, stopped string) execution {
	return execution{Name: name, FlowName: flow, FlowDefinition: def, Input: input, Output: output,
		Status: status, StartedTime: started, StoppedTime: stopped}
}

// start calls StartExecution with the session's test case in X-Mock-Test-Case.
func (o *oldRun) start(t *testing.T, flow, name, input string) execution {
	t.Helper()
	req := fnf.CreateStartExecutionRequest()
	o.prep(req.RpcRequest)
	req.Headers[mock.HeaderTestCase] = testCase
	req.FlowName, req.ExecutionName, req.Input = flow, name, input
	resp, err := o.c.StartExecution(req)
	o.ok(t, "StartExecution", req, resp, err, resp.RequestId)
	return oldExecution(resp.Name, resp.FlowName, resp.FlowDefinition, resp.Input, resp.Output, resp.Status, resp.StartedTime, resp.StoppedTime)
}

// startFails calls StartExecution and wants the typed error code, status.
func (o *oldRun) startFails(t *testing.T, flow, name, code string, status int, msgHas ...string) {
	t.Helper()
	req := fnf.CreateStartExecutionRequest()
	o.prep(req.RpcRequest)
	req.Headers[mock.HeaderTestCase] = testCase
	req.FlowName, req.ExecutionName, req.Input = flow, name, `{}`
	_, err := o.c.StartExecution(req)
	o.fail(t, "StartExecution", req, err, code, status, msgHas...)
}

// describe calls DescribeExecution, long-polling up to wait seconds.
func (o *oldRun) describe(flow, name string, wait int) (*fnf.DescribeExecutionRequest, *fnf.DescribeExecutionResponse, error) {
	req := fnf.CreateDescribeExecutionRequest()
	o.prep(req.RpcRequest)
	req.FlowName, req.ExecutionName, req.WaitTimeSeconds = flow, name, requests.NewInteger(wait)
	resp, err := o.c.DescribeExecution(req)
	return req, resp, err
}

// poll long-polls DescribeExecution (WaitTimeSeconds) until the execution is no longer
// Running. At clock scale 0 a long poll's wait takes no time, so it may answer Running while
// the execution is still under way: poll asks again until it ends.
func (o *oldRun) poll(t *testing.T, flow, name string) execution {
	t.Helper()
	var got execution
	waitFor(t, fmt.Sprintf("%s/%s ends", flow, name), func() bool {
		req, resp, err := o.describe(flow, name, 5)
		o.ok(t, "DescribeExecution", req, resp, err, resp.RequestId)
		got = oldExecution(resp.Name, resp.FlowName, resp.FlowDefinition, resp.Input, resp.Output, resp.Status, resp.StartedTime, resp.StoppedTime)
		return got.Status != "Running"
	})
	return got
}

// history reads an execution's whole history with pages of limit events, following NextToken.
func (o *oldRun) history(t *testing.T, flow, name string, limit int) []fnf.EventsItem {
	t.Helper()
	return followPages(t, "GetExecutionHistory", func(n int, token string) ([]fnf.EventsItem, string) {
		req := fnf.CreateGetExecutionHistoryRequest()
		o.prep(req.RpcRequest)
		req.FlowName, req.ExecutionName, req.Limit, req.NextToken = flow, name, requests.NewInteger(limit), token
		resp, err := o.c.GetExecutionHistory(req)
		o.ok(t, "GetExecutionHistory", req, resp, err, resp.RequestId)
		if len(resp.Events) > limit {
			t.Errorf("GetExecutionHistory page %d: %d events, want at most Limit=%d", n, len(resp.Events), limit)
		}
		return resp.Events, resp.NextToken
	})
}

// listExecutions returns the names of up to pages pages of ListExecutions of flow, limit
// executions a page, one slice a page.
func (o *oldRun) listExecutions(t *testing.T, flow string, limit, pages int) [][]string {
	t.Helper()
	var out [][]string
	token := ""
	for range pages {
		req := fnf.CreateListExecutionsRequest()
		o.prep(req.RpcRequest)
		req.FlowName, req.Limit, req.NextToken = flow, requests.NewInteger(limit), token
		resp, err := o.c.ListExecutions(req)
		o.ok(t, "ListExecutions", req, resp, err, resp.RequestId)
		var names []string
		for _, e := range resp.Executions {
			names = append(names, e.Name)
			checkTime(t, "listed "+e.Name+" StartedTime", e.StartedTime)
		}
		out = append(out, names)
		if token = resp.NextToken; token == "" {
			break
		}
	}
	return out
}

// stop calls StopExecution.
func (o *oldRun) stop(flow, name string) (*fnf.StopExecutionRequest, *fnf.StopExecutionResponse, error) {
	req := fnf.CreateStopExecutionRequest()
	o.prep(req.RpcRequest)
	req.FlowName, req.ExecutionName, req.Error, req.Cause = flow, name, "Cancelled", "stopped by sdktest"
	resp, err := o.c.StopExecution(req)
	return req, resp, err
}

func (o *oldRun) reportSucceeded(token, output string) (*fnf.ReportTaskSucceededRequest, *fnf.ReportTaskSucceededResponse, error) {
	req := fnf.CreateReportTaskSucceededRequest()
	o.prep(req.RpcRequest)
	req.TaskToken, req.Output = token, output
	resp, err := o.c.ReportTaskSucceeded(req)
	return req, resp, err
}

func (o *oldRun) reportFailed(token string) (*fnf.ReportTaskFailedRequest, *fnf.ReportTaskFailedResponse, error) {
	req := fnf.CreateReportTaskFailedRequest()
	o.prep(req.RpcRequest)
	req.TaskToken, req.Error, req.Cause = token, "Rejected", "not approved"
	resp, err := o.c.ReportTaskFailed(req)
	return req, resp, err
}

// startSync calls StartSyncExecution with the test case in X-Mock-Test-Case.
func (o *oldRun) startSync(t *testing.T, flow, name, input string) *fnf.StartSyncExecutionResponse {
	t.Helper()
	req := fnf.CreateStartSyncExecutionRequest()
	o.prep(req.RpcRequest)
	req.Headers[mock.HeaderTestCase] = testCase
	req.FlowName, req.ExecutionName, req.Input = flow, name, input
	resp, err := o.c.StartSyncExecution(req)
	o.ok(t, "StartSyncExecution", req, resp, err, resp.RequestId)
	return resp
}

func oldExecutions(t *testing.T, o *oldRun, column string) {
	var orders, callback, stopped, approve execution // StartExecution's answers
	var token, stoppedToken string

	step(t, column, "CreateFlow", "CreateFlow execution flows", func(t *testing.T) {
		for _, f := range execFlows {
			req := fnf.CreateCreateFlowRequest()
			o.prep(req.RpcRequest)
			req.Name, req.Definition, req.Description, req.Type, req.ExecutionMode = f.name, f.definition, "flow "+f.name, "FDL", f.mode
			resp, err := o.c.CreateFlow(req)
			o.ok(t, "CreateFlow", req, resp, err, resp.RequestId)
			wantEq(t, f.name+" ExecutionMode", resp.ExecutionMode, f.mode)
			wantEq(t, f.name+" Definition", resp.Definition, f.definition)
		}
	})
	step(t, column, "StartExecution", "StartExecution", func(t *testing.T) {
		orders = o.start(t, flowOrders, execOrders, inputOrders)
		checkStarted(t, orders, flowOrders, execOrders, inputOrders, ordersDefinition)
	})
	step(t, column, "DescribeExecution", "DescribeExecution long poll", func(t *testing.T) {
		checkEnded(t, o.poll(t, flowOrders, execOrders), orders, "Succeeded", ordersOutput)
	})
	step(t, column, "GetExecutionHistory", "GetExecutionHistory all pages", func(t *testing.T) {
		paged := o.history(t, flowOrders, execOrders, 2)
		checkHistory(t, paged, "ExecutionSucceeded")
		checkRetries(t, paged)
		checkSameEvents(t, paged, o.history(t, flowOrders, execOrders, 100))
	})
	step(t, column, rowListStarted, "ListExecutions started first", func(t *testing.T) {
		if got := o.listExecutions(t, flowOrders, 10, 2); !reflect.DeepEqual(got, [][]string{{execOrders}}) {
			t.Errorf("ListExecutions %s: %v, want [[%s]]", flowOrders, got, execOrders)
		}
		o.start(t, fixtureFlow, execDemo, `{}`)
		checkListedFirst(t, o.listExecutions(t, fixtureFlow, 2, 2))
	})
	step(t, column, rowStartRunning, "StartExecution running name", func(t *testing.T) {
		callback = o.start(t, flowCallback, execCallback, `{"n":1}`)
		checkStarted(t, callback, flowCallback, execCallback, `{"n":1}`, callbackDefinition)
		wantEq(t, "Status (waiting for its callback)", callback.Status, "Running")
		// The same name again, with another input: the running execution, as it is.
		again := o.start(t, flowCallback, execCallback, `{"n":2}`)
		if again != callback {
			t.Errorf("second StartExecution of a running name:\n got %+v\nwant %+v (the running execution)", again, callback)
		}
		if got := o.listExecutions(t, flowCallback, 10, 2); !reflect.DeepEqual(got, [][]string{{execCallback}}) {
			t.Errorf("ListExecutions %s: %v, want one execution [[%s]]", flowCallback, got, execCallback)
		}
	})
	step(t, column, "ReportTaskSucceeded", "ReportTaskSucceeded", func(t *testing.T) {
		token = waitingToken(t, o.h, o.session, flowCallback, execCallback)
		req, resp, err := o.reportSucceeded(token, approved)
		o.ok(t, "ReportTaskSucceeded", req, resp, err, resp.RequestId)
		checkEnded(t, o.poll(t, flowCallback, execCallback), callback, "Succeeded", approved)
		events := o.history(t, flowCallback, execCallback, 100)
		checkHistory(t, events, "ExecutionSucceeded")
		if resp.EventId < 1 || resp.EventId > int64(len(events)) {
			t.Errorf("EventId=%d, want an event of the history (1 to %d)", resp.EventId, len(events))
		}
		// The token is the one the task's TaskScheduled event carries.
		if !slices.ContainsFunc(events, func(e fnf.EventsItem) bool {
			return e.Type == "TaskScheduled" && strings.Contains(e.EventDetail, token)
		}) {
			t.Errorf("no TaskScheduled event carries the token %s: %+v", token, events)
		}
	})
	step(t, column, rowTaskAlreadyCompleted, "ReportTask used token", func(t *testing.T) {
		if token == "" {
			t.Fatal("ReportTaskSucceeded failed")
		}
		req, _, err := o.reportSucceeded(token, `{}`)
		o.fail(t, "ReportTaskSucceeded", req, err, "TaskAlreadyCompleted", 400, token)
		freq, _, err := o.reportFailed(token)
		o.fail(t, "ReportTaskFailed", freq, err, "TaskAlreadyCompleted", 400, token)
	})
	step(t, column, rowExecutionAlreadyExists, "StartExecution finished name", func(t *testing.T) {
		o.startFails(t, flowOrders, execOrders, "ExecutionAlreadyExists", 400, execOrders)
		o.startFails(t, flowCallback, execCallback, "ExecutionAlreadyExists", 400, execCallback)
		// A name of the fixture flow's history.
		name := wantExecutions(t, fixtureFlow, nil)[0].Name
		o.startFails(t, fixtureFlow, name, "ExecutionAlreadyExists", 400, name)
	})
	step(t, column, "StopExecution", "StopExecution", func(t *testing.T) {
		stopped = o.start(t, flowCallback, execStopped, `{}`)
		stoppedToken = waitingToken(t, o.h, o.session, flowCallback, execStopped)
		req, resp, err := o.stop(flowCallback, execStopped)
		o.ok(t, "StopExecution", req, resp, err, resp.RequestId)
		got := oldExecution(resp.Name, resp.FlowName, resp.FlowDefinition, resp.Input, resp.Output, resp.Status, resp.StartedTime, resp.StoppedTime)
		checkEnded(t, got, stopped, "Stopped", "")
		dreq, d, err := o.describe(flowCallback, execStopped, 0)
		o.ok(t, "DescribeExecution", dreq, d, err, d.RequestId)
		wantEq(t, "DescribeExecution after StopExecution: Status", d.Status, "Stopped")
		wantEq(t, "DescribeExecution after StopExecution: StoppedTime", d.StoppedTime, resp.StoppedTime)
		events := o.history(t, flowCallback, execStopped, 100)
		checkHistory(t, events, "ExecutionStopped")
		if last := events[len(events)-1]; !strings.Contains(last.EventDetail, "Cancelled") {
			t.Errorf("ExecutionStopped: EventDetail %s does not carry the Error given (Cancelled)", last.EventDetail)
		}
	})
	step(t, column, rowExecutionAlreadyCompleted, "StopExecution ended", func(t *testing.T) {
		for _, name := range []string{execStopped, execCallback} {
			req, _, err := o.stop(flowCallback, name)
			o.fail(t, "StopExecution", req, err, "ExecutionAlreadyCompleted", 400, name)
		}
	})
	step(t, column, rowTaskInvalidState, "ReportTask of a stopped execution", func(t *testing.T) {
		if stoppedToken == "" {
			t.Fatal("StopExecution failed")
		}
		req, _, err := o.reportSucceeded(stoppedToken, `{}`)
		o.fail(t, "ReportTaskSucceeded", req, err, "TaskInvalidState", 409)
	})
	step(t, column, rowExecutionNotExists, "unknown execution", func(t *testing.T) {
		dreq, _, err := o.describe(flowOrders, execUnknown, 0)
		o.fail(t, "DescribeExecution", dreq, err, "ExecutionNotExists", 404, execUnknown)
		sreq, _, err := o.stop(flowOrders, execUnknown)
		o.fail(t, "StopExecution", sreq, err, "ExecutionNotExists", 404, execUnknown)
		hreq := fnf.CreateGetExecutionHistoryRequest()
		o.prep(hreq.RpcRequest)
		hreq.FlowName, hreq.ExecutionName = flowOrders, execUnknown
		_, err = o.c.GetExecutionHistory(hreq)
		o.fail(t, "GetExecutionHistory", hreq, err, "ExecutionNotExists", 404, execUnknown)
	})
	step(t, column, "ReportTaskFailed", "ReportTaskFailed", func(t *testing.T) {
		approve = o.start(t, flowApprove, execApprove, `{"amount":7}`)
		checkStarted(t, approve, flowApprove, execApprove, `{"amount":7}`, approveDefinition)
		tok := waitingToken(t, o.h, o.session, flowApprove, execApprove)
		req, resp, err := o.reportFailed(tok)
		o.ok(t, "ReportTaskFailed", req, resp, err, resp.RequestId)
		checkEnded(t, o.poll(t, flowApprove, execApprove), approve, "Failed", "")
		events := o.history(t, flowApprove, execApprove, 3)
		checkHistory(t, events, "ExecutionFailed")
		if resp.EventId < 1 || resp.EventId > int64(len(events)) {
			t.Errorf("EventId=%d, want an event of the history (1 to %d)", resp.EventId, len(events))
		}
		if last := events[len(events)-1]; !strings.Contains(last.EventDetail, "Rejected") || !strings.Contains(last.EventDetail, "not approved") {
			t.Errorf("ExecutionFailed: EventDetail %s does not carry the reported Error and Cause", last.EventDetail)
		}
	})
	step(t, column, "StartSyncExecution", "StartSyncExecution Express", func(t *testing.T) {
		resp := o.startSync(t, flowExpress, execSync, `{"name":"sdk"}`)
		wantEq(t, "Status", resp.Status, "Succeeded")
		wantEq(t, "FlowName", resp.FlowName, flowExpress)
		if !strings.HasPrefix(resp.Name, execSync) {
			t.Errorf("Name=%q, want the ExecutionName given (%s) first", resp.Name, execSync)
		}
		jsonEq(t, "Output", resp.Output, expressOutput)
		wantEq(t, "ErrorCode", resp.ErrorCode, "")
		checkTime(t, "StartedTime", resp.StartedTime)
		checkTime(t, "StoppedTime", resp.StoppedTime)
	})
	step(t, column, rowSyncStandard, "StartSyncExecution Standard", func(t *testing.T) {
		resp := o.startSync(t, flowOrders, "sync-standard", `{}`)
		wantEq(t, "ErrorCode", resp.ErrorCode, "ActionNotSupported")
		wantEq(t, "ErrorMessage", resp.ErrorMessage, "Standard execution is not supported")
		wantEq(t, "FlowName", resp.FlowName, flowOrders)
		wantEq(t, "Output", resp.Output, "")
	})
	step(t, column, "ReportTaskSucceeded", "ReportTaskSucceeded old-dialect worker", func(t *testing.T) {
		started := o.start(t, flowWorker, execWorker, inputWorker)
		checkStarted(t, started, flowWorker, execWorker, inputWorker, workerDefinition)
		var token string
		waitFor(t, "the history hands the worker its token", func() bool {
			token = workerToken(t, o.history(t, flowWorker, execWorker, 100))
			return token != ""
		})
		checkWorkerToken(t, o.h, o.session, token)
		req, resp, err := o.reportSucceeded(token, workerResult)
		o.ok(t, "ReportTaskSucceeded", req, resp, err, resp.RequestId)
		checkEnded(t, o.poll(t, flowWorker, execWorker), started, "Succeeded", workerResult)
		checkHistory(t, o.history(t, flowWorker, execWorker, 100), "ExecutionSucceeded")
	})
}
