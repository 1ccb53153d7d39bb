package mock_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mockfile"
)

// orderFlow charges a card (retried up to 3 times on FC.CardDeclined) and ships.
const orderFlow = `Type: StateMachine
SpecVersion: v1
Name: NAME
StartAt: Charge
States:
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    Retry:
      - Errors: [FC.CardDeclined]
        MaxAttempts: 3
        IntervalSeconds: 10
    Next: Ship
  - Type: Task
    Name: Ship
    Action: FC:InvokeFunction
    End: true
`

// callbackFlow (the old dialect) waits for a report, then waits two hours.
const callbackFlow = `version: v1
type: flow
steps:
  - type: task
    name: Approve
    resourceArn: acs:mns:cn-hangzhou:123456789012:/queues/approvals
    pattern: waitForCallback
  - type: wait
    name: Sleep
    duration: 7200
  - type: succeed
    name: Done
`

const mocks = `Flows:
  orders:
    TestCases:
      DeclinedTwice: { Charge: DeclinedThenOK, Ship: ShipOK }
MockedResponses:
  DeclinedThenOK:
    "0-1": { Throw: { Error: FC.CardDeclined, Cause: "card declined" } }
    "2":   { Return: { charged: true } }
  ShipOK:
    "0": { Return: { tracking: "SF123" } }
`

func newExecHarness(t *testing.T, scale float64) *harness {
	t.Helper()
	mf, err := mockfile.Parse("mocks.yaml", []byte(mocks))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, mock.Config{Mocks: mf, TimeScale: scale})
	t.Cleanup(h.srv.Close)
	return h
}

func createDef(t *testing.T, c *cloudflow.ClientWithResponses, name, def string) {
	t.Helper()
	res, err := c.CreateFlowWithResponse(context.Background(), &cloudflow.CreateFlowParams{
		Name: name, Definition: strings.ReplaceAll(def, "NAME", name), Description: "d", Type: cloudflow.FlowTypeFDL,
	})
	if err != nil || res.JSON200 == nil {
		t.Fatalf("CreateFlow %s: %v %s", name, err, res.Body)
	}
}

func start(t *testing.T, c *cloudflow.ClientWithResponses, flow, name string, input *string) *cloudflow.StartExecutionResult {
	t.Helper()
	res, err := c.StartExecutionWithResponse(context.Background(), &cloudflow.StartExecutionParams{FlowName: flow, ExecutionName: &name, Input: input})
	if err != nil || res.JSON200 == nil {
		t.Fatalf("StartExecution %s/%s: %v %d %s", flow, name, err, res.StatusCode(), res.Body)
	}
	return (*cloudflow.StartExecutionResult)(res.JSON200)
}

// poll long-polls DescribeExecution until the execution ends.
func poll(t *testing.T, c *cloudflow.ClientWithResponses, flow, name string) *cloudflow.DescribeExecutionResult {
	t.Helper()
	wait := int32(60)
	for range 100 {
		res, err := c.DescribeExecutionWithResponse(context.Background(), &cloudflow.DescribeExecutionParams{FlowName: flow, ExecutionName: name, WaitTimeSeconds: &wait})
		if err != nil || res.JSON200 == nil {
			t.Fatalf("DescribeExecution: %v %s", err, res.Body)
		}
		if res.JSON200.Status != cloudflow.ExecutionStatusRunning && res.JSON200.Status != cloudflow.ExecutionStatusStarting {
			return (*cloudflow.DescribeExecutionResult)(res.JSON200)
		}
	}
	t.Fatalf("%s/%s still running after 100 long polls", flow, name)
	return nil
}

// history reads an execution's whole history with pages of limit.
func history(t *testing.T, c *cloudflow.ClientWithResponses, flow, name string, limit int32) []cloudflow.HistoryEvent {
	t.Helper()
	var all []cloudflow.HistoryEvent
	var token *string
	for range 1000 {
		res, err := c.GetExecutionHistoryWithResponse(context.Background(), &cloudflow.GetExecutionHistoryParams{FlowName: flow, ExecutionName: name, Limit: &limit, NextToken: token})
		if err != nil || res.JSON200 == nil {
			t.Fatalf("GetExecutionHistory: %v %s", err, res.Body)
		}
		all = append(all, res.JSON200.Events...)
		if token = res.JSON200.NextToken; token == nil {
			return all
		}
	}
	t.Fatal("history never ended")
	return nil
}

// TestExecutionRetriesThenSucceeds: a test case whose task throws twice then returns, with
// MaxAttempts 3: the execution succeeds, the history shows the three attempts, the list shows
// the execution first.
func TestExecutionRetriesThenSucceeds(t *testing.T) {
	h := newExecHarness(t, 0)
	c := h.client("retry")
	h.srv.SetTestCase("retry", "DeclinedTwice")
	createDef(t, c, "orders", orderFlow)
	in := `{"order":42}`
	st := start(t, c, "orders", "o-1", &in)
	if st.Name != "o-1" || *st.Input != in {
		t.Errorf("StartExecution = %+v, want o-1 with the input", st)
	}
	d := poll(t, c, "orders", "o-1")
	if d.Status != cloudflow.ExecutionStatusSucceeded || d.Output == nil || !strings.Contains(*d.Output, "SF123") || d.StoppedTime == nil {
		t.Fatalf("DescribeExecution = %+v, want Succeeded with the shipment's output", d)
	}
	events := history(t, c, "orders", "o-1", 3)
	var types []string
	failed := 0
	for i, e := range events {
		if e.EventId != int64(i+1) {
			t.Errorf("event %d has EventId %d, want %d", i, e.EventId, i+1)
		}
		types = append(types, string(e.Type))
		if e.Type == "TaskFailed" {
			failed++
		}
	}
	if failed != 2 || types[0] != "ExecutionStarted" || types[len(types)-1] != "ExecutionSucceeded" {
		t.Errorf("history = %v, want ExecutionStarted … two TaskFailed … ExecutionSucceeded", types)
	}
	l, err := c.ListExecutionsWithResponse(context.Background(), &cloudflow.ListExecutionsParams{FlowName: "orders"})
	if err != nil || l.JSON200 == nil || len(l.JSON200.Executions) != 1 || l.JSON200.Executions[0].Name != "o-1" {
		t.Errorf("ListExecutions = %v %s, want o-1", err, l.Body)
	}
}

// TestCallbackStopAndIdempotentStart: a callback task waits for its report; a start of the
// running name returns it; the report moves it on; a two-hour Wait ends only when the
// clock is advanced (scale 1); a finished name cannot be started again.
func TestCallbackStopAndIdempotentStart(t *testing.T) {
	h := newExecHarness(t, 1)
	c := h.client("cb")
	ctx := context.Background()
	createDef(t, c, "approve", callbackFlow)
	start(t, c, "approve", "a-1", nil)
	again := start(t, c, "approve", "a-1", nil)
	if again.Status != cloudflow.ExecutionStatusRunning {
		t.Errorf("second StartExecution of a running name = %s, want the running execution", again.Status)
	}
	// The execution reaches its task on its own goroutine.
	eventually(t, "a callback task waits", func() bool { return len(h.srv.State("cb").Waiting()) > 0 })
	var tasks []string
	for _, p := range h.srv.State("cb").Waiting() {
		tasks = append(tasks, p.Token)
	}
	if len(tasks) != 1 {
		t.Fatalf("waiting tasks = %v, want one", tasks)
	}
	rep, err := c.ReportTaskSucceededWithResponse(ctx, &cloudflow.ReportTaskSucceededParams{TaskToken: tasks[0], Output: `{"approved":true}`})
	if err != nil || rep.JSON200 == nil || rep.JSON200.EventId < 1 {
		t.Fatalf("ReportTaskSucceeded: %v %s", err, rep.Body)
	}
	rep, err = c.ReportTaskSucceededWithResponse(ctx, &cloudflow.ReportTaskSucceededParams{TaskToken: tasks[0], Output: `{}`})
	if err != nil || rep.JSON400 == nil || rep.JSON400.Code != "TaskAlreadyCompleted" {
		t.Errorf("second report: %v %d %s, want 400 TaskAlreadyCompleted", err, rep.StatusCode(), rep.Body)
	}
	// The execution now waits two hours on the session's clock (scale 1): advance it.
	eventually(t, "the Wait state waits", func() bool { return h.srv.State("cb").Clock().Waiting() > 0 })
	if err := h.srv.State("cb").Clock().Advance(2 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if d := poll(t, c, "approve", "a-1"); d.Status != cloudflow.ExecutionStatusSucceeded {
		t.Fatalf("after the report and 2h: %s, want Succeeded", d.Status)
	}
	res, err := c.StartExecutionWithResponse(ctx, &cloudflow.StartExecutionParams{FlowName: "approve", ExecutionName: ptrTo("a-1")})
	if err != nil || res.JSON400 == nil || res.JSON400.Code != "ExecutionAlreadyExists" {
		t.Errorf("start of a finished name: %v %d %s, want 400 ExecutionAlreadyExists", err, res.StatusCode(), res.Body)
	}

	start(t, c, "approve", "a-2", nil)
	stop, err := c.StopExecutionWithResponse(ctx, &cloudflow.StopExecutionParams{FlowName: "approve", ExecutionName: "a-2", Error: ptrTo("Cancelled"), Cause: ptrTo("by the test")})
	if err != nil || stop.JSON200 == nil || stop.JSON200.Status != cloudflow.ExecutionStatusStopped {
		t.Fatalf("StopExecution: %v %s, want Stopped", err, stop.Body)
	}
	stop, err = c.StopExecutionWithResponse(ctx, &cloudflow.StopExecutionParams{FlowName: "approve", ExecutionName: "a-2"})
	if err != nil || stop.JSON400 == nil || stop.JSON400.Code != "ExecutionAlreadyCompleted" {
		t.Errorf("second stop: %v %s, want 400 ExecutionAlreadyCompleted", err, stop.Body)
	}
	stop, err = c.StopExecutionWithResponse(ctx, &cloudflow.StopExecutionParams{FlowName: "approve", ExecutionName: "nope"})
	if err != nil || stop.JSON404 == nil || stop.JSON404.Code != "ExecutionNotExists" {
		t.Errorf("stop of an unknown execution: %v %s, want 404 ExecutionNotExists", err, stop.Body)
	}
}

func ptrTo(s string) *string { return &s }

// eventually yields until cond holds (another goroutine got there), failing after 10s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		runtime.Gosched()
	}
}

// TestExecutionBadInput: what a start refuses, each named.
func TestExecutionBadInput(t *testing.T) {
	h := newExecHarness(t, 0)
	c := h.client("bad")
	createDef(t, c, "orders", orderFlow)
	tests := []struct {
		name, input, testCase string
		code, contains        string
	}{
		{"input not an object", `[1,2]`, "", "InvalidArgument", "Input: must be a JSON object"},
		{"unknown test case", `{}`, "Nope", "InvalidArgument", `no test case "Nope" for flow orders`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := map[string][]string{"FlowName": {"orders"}, "ExecutionName": {fmt.Sprintf("bad-%d", i)}, "Input": {tt.input}}
			r := h.action("StartExecution", params, mock.HeaderSession, "bad", mock.HeaderTestCase, tt.testCase)
			e := decodeError(t, r)
			if e.Code != tt.code || !strings.Contains(e.Message, tt.contains) {
				t.Errorf("got %s %q, want %s containing %q", e.Code, e.Message, tt.code, tt.contains)
			}
		})
	}
}
