package mock_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
)

// distFlow is a distributed Map over $Input.items, two at once; each child waits 10 s.
const distFlow = `Type: StateMachine
Name: NAME
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    MaxConcurrency: 2
    ToleratedFailureCount: 3
    ProcessorConfig:
      ExecutionMode: Express
    Processor:
      StartAt: Nap
      States:
        - Type: Wait
          Name: Nap
          Seconds: 10
          End: true
    End: true
`

// mapRunOf returns the map run the StepStarted event of an execution names.
func mapRunOf(t *testing.T, c *cloudflow.ClientWithResponses, flow, exec string) string {
	t.Helper()
	for _, ev := range history(t, c, flow, exec, 100) {
		if ev.Type == "StepStarted" {
			var d struct{ MapRunName string }
			if err := json.Unmarshal([]byte(deref(ev.EventDetail)), &d); err == nil && d.MapRunName != "" {
				return d.MapRunName
			}
		}
	}
	t.Fatalf("no StepStarted event of %s/%s names a map run", flow, exec)
	return ""
}

// listChildren lists a map run's children with pages of limit.
func listChildren(t *testing.T, c *cloudflow.ClientWithResponses, flow, mapRun string, limit int32) []string {
	t.Helper()
	var names []string
	var token *string
	for range 100 {
		p := &cloudflow.ListExecutionsParams{FlowName: flow, Limit: &limit, NextToken: token}
		if mapRun != "" {
			p.MapRunName = &mapRun
		}
		res, err := c.ListExecutionsWithResponse(context.Background(), p)
		if err != nil || res.JSON200 == nil {
			t.Fatalf("ListExecutions: %v %s", err, res.Body)
		}
		for _, e := range res.JSON200.Executions {
			names = append(names, e.Name)
		}
		if token = res.JSON200.NextToken; token == nil {
			return names
		}
	}
	t.Fatal("ListExecutions never ended")
	return nil
}

func TestMapRun(t *testing.T) {
	h, _ := newWallHarness(t, 0) // the wall stands still: the clock moves by its jumps only
	c, ctx := h.client("maprun"), context.Background()
	createDef(t, c, "fan", distFlow)
	start(t, c, "fan", "e1", ptrTo(`{"items":[{"i":0},{"i":1},{"i":2},{"i":3},{"i":4}]}`))
	if e := poll(t, c, "fan", "e1"); e.Status != cloudflow.ExecutionStatusSucceeded {
		t.Fatalf("the execution ended %s", e.Status)
	}
	name := mapRunOf(t, c, "fan", "e1")

	d, err := c.DescribeMapRunWithResponse(ctx, &cloudflow.DescribeMapRunParams{FlowName: "fan", ExecutionName: "e1", MapRunName: name})
	if err != nil || d.JSON200 == nil {
		t.Fatalf("DescribeMapRun: %v %s", err, d.Body)
	}
	got := d.JSON200
	want := cloudflow.MapRunItemCounts{Total: 5, Succeed: 5}
	if got.Status != cloudflow.ExecutionStatusSucceeded || got.ItemCounts == nil || *got.ItemCounts != want {
		t.Errorf("DescribeMapRun %s %+v, want Succeeded %+v", got.Status, got.ItemCounts, want)
	}
	if got.Concurrency == nil || *got.Concurrency != 2 || got.ToleratedFailedCount == nil || *got.ToleratedFailedCount != 3 {
		t.Errorf("Concurrency %v, ToleratedFailedCount %v, want 2, 3", got.Concurrency, got.ToleratedFailedCount)
	}
	if got.StoppedTime == nil || got.StoppedTime.Sub(got.StartedTime.Time) != 30*time.Second {
		t.Errorf("the map run ran from %s to %v, want 30s (5 children of 10 s, 2 at once)", got.StartedTime, got.StoppedTime)
	}

	four, pct := int64(4), float32(12.5)
	u, err := c.UpdateMapRunWithResponse(ctx, &cloudflow.UpdateMapRunParams{FlowName: "fan", ExecutionName: "e1", MapRunName: name,
		Concurrency: &four, ToleratedFailedPercentage: &pct})
	if err != nil || u.JSON200 == nil {
		t.Fatalf("UpdateMapRun: %v %s", err, u.Body)
	}
	if r := u.JSON200; *r.Concurrency != 4 || *r.ToleratedFailedCount != 3 || *r.ToleratedFailedPercentage != 12.5 || r.FlowName != "fan" {
		t.Errorf("UpdateMapRun answered %+v, want Concurrency 4, ToleratedFailedCount 3, ToleratedFailedPercentage 12.5", r)
	}

	kids := listChildren(t, c, "fan", name, 2)
	sorted := append([]string(nil), kids...)
	sort.Strings(sorted)
	for i, k := range sorted {
		if want := name + "-" + string(rune('0'+i)); k != want {
			t.Errorf("child %d is %s, want %s", i, k, want)
		}
	}
	if len(kids) != 5 {
		t.Errorf("ListExecutions MapRunName listed %d children, want 5: %v", len(kids), kids)
	}
	if top := listChildren(t, c, "fan", "", 10); strings.Join(top, ",") != "e1" {
		t.Errorf("ListExecutions without MapRunName = %v, want [e1]", top)
	}
	if other := listChildren(t, c, "fan", "0123456789abcdef0123456789abcdef", 10); len(other) != 0 {
		t.Errorf("ListExecutions of an unknown map run = %v, want none", other)
	}
	if e := poll(t, c, "fan", name+"-3"); e.Status != cloudflow.ExecutionStatusSucceeded || deref(e.Input) != `{"i":3}` {
		t.Errorf("child 3: %s input %s, want Succeeded {\"i\":3}", e.Status, deref(e.Input))
	}
}

func TestMapRunNotFound(t *testing.T) {
	h := newExecHarness(t, 0)
	c, ctx := h.client("maprun-errors"), context.Background()
	createDef(t, c, "fan", distFlow)
	start(t, c, "fan", "e1", ptrTo(`{"items":[]}`))
	poll(t, c, "fan", "e1")
	tests := []struct {
		name, flow, exec, mapRun string
		status                   int
		code                     string
	}{
		{"unknown map run", "fan", "e1", "0123456789abcdef0123456789abcdef", http.StatusBadRequest, "InvalidArgument"},
		{"unknown execution", "fan", "nope", "m", http.StatusNotFound, "ExecutionNotExists"},
		{"unknown flow", "nope", "e1", "m", http.StatusNotFound, "FlowNotExists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := c.DescribeMapRunWithResponse(ctx, &cloudflow.DescribeMapRunParams{FlowName: tt.flow, ExecutionName: tt.exec, MapRunName: tt.mapRun})
			if err != nil {
				t.Fatal(err)
			}
			one := int64(1)
			u, err := c.UpdateMapRunWithResponse(ctx, &cloudflow.UpdateMapRunParams{FlowName: tt.flow, ExecutionName: tt.exec, MapRunName: tt.mapRun, Concurrency: &one})
			if err != nil {
				t.Fatal(err)
			}
			for action, r := range map[string]struct {
				status int
				body   []byte
			}{"DescribeMapRun": {d.StatusCode(), d.Body}, "UpdateMapRun": {u.StatusCode(), u.Body}} {
				var e cloudflow.Error
				_ = json.Unmarshal(r.body, &e)
				if r.status != tt.status || e.Code != tt.code || e.Message == "" {
					t.Errorf("%s answered %d %s %q, want %d %s", action, r.status, e.Code, e.Message, tt.status, tt.code)
				}
			}
		})
	}
}

// askFlow is a distributed Map, one child at once, whose children wait for a callback.
const askFlow = `Type: StateMachine
Name: NAME
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    MaxConcurrency: 1
    ProcessorConfig:
      ExecutionMode: Standard
    Processor:
      StartAt: Ask
      States:
        - Type: Task
          Name: Ask
          Action: MNS:SendMessage
          TaskMode: WaitForCustomCallback
          End: true
    End: true
`

// TestUpdateRunningMapRun: UpdateMapRun raises the concurrency of a running map run, and
// its waiting items start; stopping the parent stops the map run and its children.
func TestUpdateRunningMapRun(t *testing.T) {
	h := newExecHarness(t, 0)
	c, ctx := h.client("maprun-update"), context.Background()
	createDef(t, c, "asks", askFlow)
	start(t, c, "asks", "e1", ptrTo(`{"items":[{"i":0},{"i":1},{"i":2}]}`))
	var name string
	eventually(t, "the map run starts", func() bool {
		res, err := c.GetExecutionHistoryWithResponse(ctx, &cloudflow.GetExecutionHistoryParams{FlowName: "asks", ExecutionName: "e1"})
		if err != nil || res.JSON200 == nil {
			t.Fatalf("GetExecutionHistory: %v", err)
		}
		for _, ev := range res.JSON200.Events {
			if ev.Type == "StepStarted" {
				name = mapRunOf(t, c, "asks", "e1")
			}
		}
		return name != ""
	})
	counts := func() cloudflow.MapRunItemCounts {
		d, err := c.DescribeMapRunWithResponse(ctx, &cloudflow.DescribeMapRunParams{FlowName: "asks", ExecutionName: "e1", MapRunName: name})
		if err != nil || d.JSON200 == nil || d.JSON200.ItemCounts == nil {
			t.Fatalf("DescribeMapRun: %v %s", err, d.Body)
		}
		return *d.JSON200.ItemCounts
	}
	eventually(t, "one child runs", func() bool { return counts() == cloudflow.MapRunItemCounts{Total: 3, Pending: 2, Running: 1} })
	three := int64(3)
	if u, err := c.UpdateMapRunWithResponse(ctx, &cloudflow.UpdateMapRunParams{FlowName: "asks", ExecutionName: "e1", MapRunName: name, Concurrency: &three}); err != nil || u.JSON200 == nil {
		t.Fatalf("UpdateMapRun: %v %s", err, u.Body)
	}
	eventually(t, "three children run", func() bool { return counts() == cloudflow.MapRunItemCounts{Total: 3, Running: 3} })
	if s, err := c.StopExecutionWithResponse(ctx, &cloudflow.StopExecutionParams{FlowName: "asks", ExecutionName: "e1"}); err != nil || s.JSON200 == nil {
		t.Fatalf("StopExecution: %v %s", err, s.Body)
	}
	eventually(t, "the children stop", func() bool { return counts() == cloudflow.MapRunItemCounts{Total: 3, Aborted: 3} })
	d, _ := c.DescribeMapRunWithResponse(ctx, &cloudflow.DescribeMapRunParams{FlowName: "asks", ExecutionName: "e1", MapRunName: name})
	if d.JSON200.Status != cloudflow.ExecutionStatusStopped || d.JSON200.StoppedTime == nil {
		t.Errorf("the map run is %s (StoppedTime %v), want Stopped with a StoppedTime", d.JSON200.Status, d.JSON200.StoppedTime)
	}
	if e := poll(t, c, "asks", name+"-2"); e.Status != cloudflow.ExecutionStatusStopped {
		t.Errorf("child 2 is %s, want Stopped", e.Status)
	}
}
