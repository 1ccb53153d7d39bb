package emulator_test

import (
	"strconv"
	"testing"

	"go.uber.org/goleak"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/emulator"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/store"
)

const passDef = "Type: StateMachine\nSpecVersion: v1\nName: f\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n"

// newEmulator is an emulator over a store at time scale 0 with the flow f (Standard) and x
// (Express); both end with the test.
func newEmulator(t *testing.T) (*emulator.Emulator, *store.Store) {
	t.Helper()
	set, err := fixtures.Default()
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(store.Config{Base: set, Listed: set.Flows()})
	n := 0
	e, err := emulator.New(emulator.Config{Seed: 7, RequestID: func() string { n++; return "req-" + strconv.Itoa(n) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close(); st.Close() })
	return e, st
}

func mustFlow(t *testing.T, ss *store.Session, name, mode string) {
	t.Helper()
	if _, err := ss.CreateFlow(store.Flow{Name: name, Definition: passDef, ExecutionMode: mode}); err != nil {
		t.Fatal(err)
	}
}

func TestStart(t *testing.T) {
	e, st := newEmulator(t)
	ss := st.Session("s")
	mustFlow(t, ss, "f", "")
	mustFlow(t, ss, "x", "Express")
	tests := []struct {
		name     string
		req      emulator.StartRequest
		wantCode flowmock.Code
		wantName string
	}{
		{name: "named", req: emulator.StartRequest{Flow: "f", Name: "e1", Input: `{"a":1}`}, wantName: "e1"},
		{name: "minted from the request", req: emulator.StartRequest{Flow: "f", RequestID: "r1"}, wantName: e.Mint("exec", "s", "f", "r1")},
		{name: "input not an object", req: emulator.StartRequest{Flow: "f", Input: `[1]`}, wantCode: flowmock.InvalidArgument},
		{name: "unknown flow", req: emulator.StartRequest{Flow: "nope"}, wantCode: flowmock.FlowNotExists},
		{name: "express flow", req: emulator.StartRequest{Flow: "x"}, wantCode: flowmock.InvalidArgument},
		{name: "test case without a mock file", req: emulator.StartRequest{Flow: "f", TestCase: "happy", TestCaseFrom: "h"}, wantCode: flowmock.InvalidArgument},
		{name: "unknown version", req: emulator.StartRequest{Flow: "f", Qualifier: "9"}, wantCode: flowmock.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Session = ss
			run, err := e.Start(tt.req)
			if got := flowmock.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("Start: code %q (%v), want %q", got, err, tt.wantCode)
			}
			if err != nil {
				return
			}
			if run.Name != tt.wantName || run.Parsed == nil {
				t.Errorf("run %q (parsed %v), want %q with its parse", run.Name, run.Parsed != nil, tt.wantName)
			}
			<-run.Exec.Done()
			if sn := run.Exec.Snapshot(); sn.Status != interp.Succeeded {
				t.Errorf("status %s, want %s", sn.Status, interp.Succeeded)
			}
		})
	}
}

func TestRunSync(t *testing.T) {
	e, st := newEmulator(t)
	ss := st.Session("s")
	mustFlow(t, ss, "f", "")
	mustFlow(t, ss, "x", "Express")
	tests := []struct {
		name         string
		flow         string
		wantStandard bool
		wantStatus   interp.Status
	}{
		{name: "express runs", flow: "x", wantStatus: interp.Succeeded},
		{name: "standard refused in the result", flow: "f", wantStandard: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.RunSync(t.Context(), emulator.StartRequest{Session: ss, Flow: tt.flow, Name: "n"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Standard != tt.wantStandard || res.Snapshot.Status != tt.wantStatus {
				t.Errorf("Standard, Status = %v, %q, want %v, %q", res.Standard, res.Snapshot.Status, tt.wantStandard, tt.wantStatus)
			}
			if want := "n:" + e.Mint("uuid", "s", tt.flow, "n"); res.Name != want {
				t.Errorf("Name = %q, want %q", res.Name, want)
			}
		})
	}
}

// TestSchedulesJoined: every schedule loop has ended when the schedule is deleted or
// disabled, its flow unscheduled, or the emulator closed.
func TestSchedulesJoined(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	e, st := newEmulator(t)
	ss := st.Session("a")
	mustFlow(t, ss, "f", "")
	mustFlow(t, ss, "g", "")
	for _, k := range []struct{ flow, name string }{{"f", "s1"}, {"f", "s2"}, {"g", "s1"}} {
		sc, err := ss.CreateSchedule(store.Schedule{Flow: k.flow, Name: k.name, Cron: "0 0 * * * *", Enable: true})
		if err != nil {
			t.Fatal(err)
		}
		e.Schedule(ss, sc, false)
	}
	steps := []struct {
		name string
		do   func()
		want int
	}{
		{name: "all running", do: func() {}, want: 3},
		{name: "one deleted", do: func() { e.Schedule(ss, store.Schedule{Flow: "f", Name: "s1"}, true) }, want: 2},
		{name: "one disabled", do: func() { e.Schedule(ss, store.Schedule{Flow: "f", Name: "s2"}, false) }, want: 1},
		{name: "a flow unscheduled", do: func() { e.Unschedule(ss, "g") }, want: 0},
		{name: "after close nothing starts", do: func() {
			e.Close()
			sc, _ := ss.Schedule("f", "s1")
			e.Schedule(ss, sc, false)
		}, want: 0},
	}
	for _, s := range steps {
		s.do()
		if got := ss.Goroutines(); got != s.want {
			t.Fatalf("%s: %d loops, want %d", s.name, got, s.want)
		}
	}
}

func TestFind(t *testing.T) {
	e, st := newEmulator(t)
	ss := st.Session("s")
	mustFlow(t, ss, "f", "")
	run, err := e.Start(emulator.StartRequest{Session: ss, Flow: "f", Name: "mine"})
	if err != nil {
		t.Fatal(err)
	}
	hist, err := ss.Executions("demo_flow")
	if err != nil || len(hist.Executions) == 0 {
		t.Fatalf("demo_flow's history: %v", err)
	}
	old := hist.Executions[0].Name
	tests := []struct {
		name, flow, exec string
		wantRun          bool
		wantHistory      string
		wantCode         flowmock.Code
	}{
		{name: "started in the session", flow: "f", exec: "mine", wantRun: true},
		{name: "from the history", flow: "demo_flow", exec: old, wantHistory: old},
		{name: "unknown execution", flow: "f", exec: "nope", wantCode: flowmock.ExecutionNotExists},
		{name: "unknown flow", flow: "nope", exec: "x", wantCode: flowmock.FlowNotExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := emulator.Find(ss, tt.flow, tt.exec)
			if got := flowmock.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("code %q (%v), want %q", got, err, tt.wantCode)
			}
			if (f.Run == run) != tt.wantRun {
				t.Errorf("Run = %v, want the started one: %v", f.Run, tt.wantRun)
			}
			got := ""
			if f.History != nil {
				got = f.History.Name
			}
			if got != tt.wantHistory {
				t.Errorf("History = %q, want %q", got, tt.wantHistory)
			}
		})
	}
}
