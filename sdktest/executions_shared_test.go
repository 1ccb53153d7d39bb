package sdktest_test

// What the execution life cycles of every client share: the flows, the mock file, checks of
// executions and histories. Executions run: flowmock interprets the flow's definition, the Task
// states answer from testdata/mocks.yaml (test case SdkTest), and the mocktest servers run session
// clocks at scale 0, so retries and waits take no time. The life cycles are executions_test.go (the
// old Go SDK), executions_dara_test.go (Darabonba) and node/resources.test.js (Node).

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"
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
