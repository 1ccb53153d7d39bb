package interp_test

import (
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/flowmock/flowmock/interp"
)

const callbackStates = `
  - Type: Task
    Name: Approve
    Action: HTTP:Request
    TaskMode: WaitForCustomCallback
    End: true
`

// settle waits, without sleeping, until no goroutine of the interpreter is left (a
// goroutine running interp code outside a test's own goroutine).
func settle(t *testing.T) {
	t.Helper()
	var left []string
	for range 10000 {
		if left = interpGoroutines(); len(left) == 0 {
			return
		}
		runtime.Gosched()
	}
	t.Errorf("%d interpreter goroutines left:\n%s", len(left), strings.Join(left, "\n\n"))
}

// interpGoroutines returns the stacks of the goroutines that run interp code and are not
// a test's.
func interpGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "flowmock/interp.") && !strings.Contains(g, "testing.tRunner") {
			out = append(out, g)
		}
	}
	return out
}

func TestStopBlockedCallback(t *testing.T) {
	s := &script{answers: map[string][]answer{"Approve": {{block: true}}}, started: make(chan interp.Invocation)}
	e := interp.Start(context.Background(), params(t, machine("Approve", callbackStates), `{"x":1}`, s))
	inv := <-s.started
	if !inv.Callback || inv.Token != "token-1" {
		t.Errorf("invocation Callback, Token = %v, %q; want true, token-1", inv.Callback, inv.Token)
	}
	if got := e.Snapshot(); got.Status != interp.Running || !got.Stopped.IsZero() {
		t.Errorf("before Stop: status %s, stopped %v; want Running, zero", got.Status, got.Stopped)
	}
	if len(interpGoroutines()) == 0 {
		t.Error("no interpreter goroutine found while the execution runs")
	}
	if !e.Stop("Manual", "stopped by the test") {
		t.Fatal("Stop = false, want true")
	}
	snap := e.Snapshot()
	if got, want := outcome(snap), "Stopped Manual: stopped by the test"; got != want {
		t.Errorf("after Stop: %s, want %s", got, want)
	}
	if snap.Stopped.IsZero() {
		t.Error("after Stop: Stopped is zero")
	}
	<-e.Done()
	if e.Stop("Again", "") {
		t.Error("second Stop = true, want false")
	}
	events, _ := e.Events(0, 0)
	if last := events[len(events)-1]; last.Type != interp.EventExecutionStopped ||
		last.Detail != `{"error":"Manual","cause":"stopped by the test"}` {
		t.Errorf("last event = %+v, want ExecutionStopped with the error", last)
	}
	settle(t)
}

func TestShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := &script{answers: map[string][]answer{"A": {{block: true}}}, started: make(chan interp.Invocation, 5)}
	e := interp.Start(ctx, params(t, machine("Each", `
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    Processor:
      StartAt: A
      States:
        - Type: Task
          Name: A
          Action: FC:InvokeFunction
          End: true
    End: true
`), `{"items":[{},{},{},{},{}]}`, s))
	for range 5 {
		<-s.started
	}
	cancel()
	<-e.Done()
	if got := e.Snapshot(); got.Status != interp.Stopped || got.Error != interp.ErrShutdown {
		t.Errorf("status, error = %s, %s; want Stopped, %s", got.Status, got.Error, interp.ErrShutdown)
	}
	settle(t)
}

func TestMaxEvents(t *testing.T) {
	loop := machine("A", `
  - Type: Pass
    Name: A
    Next: B
  - Type: Choice
    Name: B
    Branches:
      - Condition: "true"
        Next: A
    Default: A
`)
	for _, tc := range []struct {
		name string
		max  int
		want int
	}{{"Set", 50, 50}, {"Default", 0, interp.DefaultMaxEvents}} {
		t.Run(tc.name, func(t *testing.T) {
			p := params(t, loop, "", nil)
			p.MaxEvents = tc.max
			e := interp.Start(context.Background(), p)
			<-e.Done()
			if got := e.Snapshot(); got.Status != interp.Failed || got.Error != interp.ErrEventLimitExceeded {
				t.Errorf("status, error = %s, %s; want Failed, %s", got.Status, got.Error, interp.ErrEventLimitExceeded)
			}
			events, _ := e.Events(0, 0)
			if len(events) != tc.want || events[len(events)-1].Type != interp.EventExecutionFailed {
				t.Errorf("%d events, last %s; want %d, ExecutionFailed", len(events), events[len(events)-1].Type, tc.want)
			}
		})
	}
}

func TestMaxPayload(t *testing.T) {
	task := machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    Catch:
      - Errors: [FnF.ALL]
        Next: H
    End: true
  - Type: Pass
    Name: H
    End: true
`)
	big := `{"s":"` + strings.Repeat("x", 200) + `"}`
	for _, tc := range []struct {
		name, input, result, want string
	}{
		{"Output", `{}`, big, "Failed FnF.DataLimitExceeded: the result of task T is 208 bytes, more than 100"},
		{"Input", big, `{}`, "Failed FnF.DataLimitExceeded: the execution input is 208 bytes, more than 100"},
		{"Within", `{}`, `{"s":"x"}`, `Succeeded {"s":"x"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := params(t, task, tc.input, &script{answers: map[string][]answer{"T": {ret(tc.result)}}})
			p.MaxPayload = 100
			if got := outcome(interp.Run(context.Background(), p)); got != tc.want {
				t.Errorf("outcome = %s, want %s", got, tc.want)
			}
		})
	}
}

// gauge is a Tasks that counts how many invocations run at once.
type gauge struct {
	mu       sync.Mutex
	now, max int
}

func (g *gauge) Invoke(_ context.Context, inv interp.Invocation) (json.RawMessage, error) {
	g.mu.Lock()
	g.now++
	g.max = max(g.max, g.now)
	g.mu.Unlock()
	for range 20 {
		runtime.Gosched()
	}
	g.mu.Lock()
	g.now--
	g.mu.Unlock()
	return inv.Input, nil
}

func TestMapConcurrency(t *testing.T) {
	items := `{"items":[` + strings.TrimSuffix(strings.Repeat(`{"v":1},`, 30), ",") + `]}`
	for _, tc := range []struct {
		name  string
		limit string
		want  int
	}{{"One", "1", 1}, {"Three", "3", 3}, {"Unbounded", "0", 30}} {
		t.Run(tc.name, func(t *testing.T) {
			g := &gauge{}
			p := params(t, machine("Each", strings.Replace(mapStates, "MaxConcurrency: 1", "MaxConcurrency: "+tc.limit, 1)), items, g)
			e := interp.Start(context.Background(), p)
			for e.Snapshot().Status == interp.Running { // read while it runs (for -race)
				e.Events(0, 5)
				runtime.Gosched()
			}
			<-e.Done()
			if got := e.Snapshot(); got.Status != interp.Succeeded {
				t.Fatalf("status = %s (%s), want Succeeded", got.Status, got.Cause)
			}
			if g.max > tc.want {
				t.Errorf("at most %d invocations ran at once, want at most %d", g.max, tc.want)
			}
		})
	}
}

func TestParallelBranchesRunAtOnce(t *testing.T) {
	block := []answer{{block: true}}
	s := &script{answers: map[string][]answer{"A": block, "B": block}, started: make(chan interp.Invocation)}
	e := interp.Start(context.Background(), params(t, machine("Fan", `
  - Type: Parallel
    Name: Fan
    Branches:
      - StartAt: A
        States:
          - {Type: Task, Name: A, Action: "FC:InvokeFunction", End: true}
      - StartAt: B
        States:
          - {Type: Task, Name: B, Action: "FC:InvokeFunction", End: true}
    End: true
`), "", s))
	got := map[string]bool{}
	for range 2 { // both branches are blocked in Invoke at the same time
		got[(<-s.started).State] = true
	}
	if !got["A"] || !got["B"] {
		t.Errorf("blocked invocations = %v, want A and B", got)
	}
	e.Stop("Manual", "")
	<-e.Done()
	settle(t)
}

func TestDefaults(t *testing.T) {
	p := interp.Params{Flow: "f", Name: "e1", Definition: parse(t, machine("T", `
  - {Type: Task, Name: T, Action: "FC:InvokeFunction", End: true}
`)), Input: `{"a":1}`}
	e := interp.Start(context.Background(), p)
	<-e.Done()
	if got, want := outcome(e.Snapshot()), `Succeeded {"a":1}`; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
	ev, _ := e.Event(3)
	if want := `{"resource":"FC:InvokeFunction","input":{"a":1},"taskToken":"f/e1/1"}`; ev.Detail != want {
		t.Errorf("TaskScheduled detail = %s, want %s", ev.Detail, want)
	}
}
