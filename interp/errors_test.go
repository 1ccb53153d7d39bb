package interp_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/flowmock/flowmock/interp"
)

const retryStates = `
  - Type: Task
    Name: Call
    Action: FC:InvokeFunction
    Retry:
      - Errors: [FC.Other]
        MaxAttempts: 9
        IntervalSeconds: 100
      - Errors: [FC.ResourceThrottled]
        MaxAttempts: 3
        IntervalSeconds: 2
        BackoffRate: 1.5
        MaxBackoffSeconds: 4
    Catch:
      - Errors: [FC.Nope]
        Next: Never
      - Errors: [FnF.ALL]
        OutputConstructor:
          error.$: $Context.Current.Error
          retries.$: $Context.Current.RetryCount
          input.$: $Input
        Next: Handled
    Next: Done
  - Type: Succeed
    Name: Done
  - Type: Pass
    Name: Handled
    End: true
  - Type: Fail
    Name: Never
    Code: Never
    Detail: never
`

func TestRetryCatch(t *testing.T) {
	def := machine("Call", retryStates)
	th := throw("FC.ResourceThrottled: slow down")
	runCases(t, []newCase{
		{name: "ThrowsTwiceThenReturns", def: def, input: `{"a":1}`,
			answers: map[string][]answer{"Call": {th, th, ret(`{"ok":true}`)}},
			want:    `Succeeded {"ok":true}`, calls: "Call#0 Call#1 Call#2"},
		{name: "RetriesExhaustedThenCaught", def: def, input: `{"a":1}`,
			answers: map[string][]answer{"Call": {th}},
			want:    `Succeeded {"error":{"Code":"FC.ResourceThrottled","Detail":"slow down"},"input":{"a":1},"retries":3}`,
			calls:   "Call#0 Call#1 Call#2 Call#3"},
		{name: "NoRetryRuleCaught", def: def, input: `{"a":1}`,
			answers: map[string][]answer{"Call": {throw("FC.Unknown: x")}},
			want:    `Succeeded {"error":{"Code":"FC.Unknown","Detail":"x"},"input":{"a":1},"retries":0}`, calls: "Call#0"},
		{name: "FirstMatchingCatch", def: def,
			answers: map[string][]answer{"Call": {throw("FC.Nope: no")}},
			want:    `Failed Never: never`},
		{name: "CatchWithoutConstructor", def: machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    Catch:
      - Errors: [FC.X]
        Next: H
    End: true
  - Type: Pass
    Name: H
    End: true
`), answers: map[string][]answer{"T": {throw("FC.X: y")}}, want: `Succeeded {"Code":"FC.X","Detail":"y"}`},
		// A scope runs its states with one stateRun: the state after a retried, caught
		// task sees nothing of it in $Context.Current.
		{name: "NextStateStartsAfresh", def: machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    Retry:
      - Errors: [FC.X]
        MaxAttempts: 1
        IntervalSeconds: 0
    Catch:
      - Errors: [FC.X]
        Next: H
    End: true
  - Type: Pass
    Name: H
    OutputConstructor:
      retries.$: $Context.Current.RetryCount
      token.$: $Context.Current.TaskToken ?? "none"
      error.$: $Context.Current.Error ?? "none"
      input.$: $Input
    End: true
`), answers: map[string][]answer{"T": {throw("FC.X: y")}},
			want:  `Succeeded {"error":"none","input":{"Code":"FC.X","Detail":"y"},"retries":0,"token":"none"}`,
			calls: "T#0 T#1"},
	})
}

func TestRetryWaitsOnClock(t *testing.T) {
	th := throw("FC.ResourceThrottled: slow down")
	s := &script{answers: map[string][]answer{"Call": {th, th, th, ret(`{}`)}}}
	snap := interp.Run(context.Background(), params(t, machine("Call", retryStates), "", s))
	// Waits of 2 s, 3 s (2 × 1.5) and 4 s (4.5 capped by MaxBackoffSeconds).
	if got, want := snap.Stopped.Sub(snap.Started).String(), "9s"; got != want {
		t.Errorf("Stopped - Started = %s, want %s", got, want)
	}
}

const timeoutStates = `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    Timeout: 30
    Catch:
      - Errors: [FnF.Timeout]
        OutputConstructor:
          timedOut: true
        Next: H
    End: true
  - Type: Pass
    Name: H
    End: true
`

func TestTaskTimeout(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sleeper bool // a clock without WaitUntil
		block   bool
		want    string
		took    string // Stopped - Started
	}{
		{name: "DeadlineClockAdvanced", block: true, want: `Succeeded {"timedOut":true}`, took: "30s"},
		{name: "SleepClock", sleeper: true, block: true, want: `Succeeded {"timedOut":true}`, took: "30s"},
		{name: "InTimeDoesNotMoveClock", want: `Succeeded {"ok":1}`, took: "0s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := answer{out: `{"ok":1}`, block: tc.block}
			s := &script{answers: map[string][]answer{"T": {a}}, started: make(chan interp.Invocation, 1)}
			p := params(t, machine("T", timeoutStates), "", s)
			clk := p.Clock.(*testClock)
			if tc.sleeper {
				p.Clock = sleepClock{clk}
			}
			e := interp.Start(context.Background(), p)
			if tc.block && !tc.sleeper {
				<-s.started
				clk.Advance(30 * time.Second)
			}
			<-e.Done()
			snap := e.Snapshot()
			if got := outcome(snap); got != tc.want {
				t.Errorf("outcome = %s, want %s", got, tc.want)
			}
			if got := snap.Stopped.Sub(snap.Started).String(); got != tc.took {
				t.Errorf("Stopped - Started = %s, want %s", got, tc.took)
			}
			if ev, ok := e.Event(5); tc.block && (!ok || ev.Type != interp.EventTaskTimedOut) {
				t.Errorf("event 5 = %+v, want TaskTimedOut", ev)
			}
		})
	}
}

func TestExpressionErrors(t *testing.T) {
	runCases(t, []newCase{
		{name: "SyntaxFailsAtStart", def: machine("Route", `
  - Type: Choice
    Name: Route
    Branches:
      - Condition: $Input.status = "ready"
        Next: Done
    Default: Done
  - Type: Succeed
    Name: Done
`), want: `Failed FnF.InvalidExpression: state Route, field Branches[0].Condition: expression "$Input.status = \"ready\"": unexpected token Operator("=") (1:15)`},
		{name: "OutputOutsideOutputConstructor", def: machine("P", `
  - Type: Pass
    Name: P
    InputConstructor:
      x.$: $Output
    End: true
`), want: `Failed FnF.InvalidExpression: state P, field InputConstructor: expression "$Output": unknown name $Output (1:1)`},
		{name: "UnknownVariable", def: machine("Fan", `
  - Type: Parallel
    Name: Fan
    Branches:
      - StartAt: In
        States:
          - Type: Pass
            Name: In
            OutputConstructor:
              x.$: $Nope.a
            End: true
    End: true
`), want: `Failed FnF.InvalidExpression: state In, field OutputConstructor: expression "$Nope.a": unknown name $Nope (1:1)`},
		{name: "OldPathRoot", def: flow(`
steps:
  - type: pass
    name: p
    outputMappings:
      - target: x
        source: $inputs.x
`), want: `Failed FnF.InvalidExpression: step p, field outputMappings[0].source: path "$inputs.x": want $input, $local, $context or $ followed by . or [`},
		{name: "OldPathSyntax", def: flow(`
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items[
      item: i
    steps:
      - type: pass
        name: p
`), want: `Failed FnF.InvalidExpression: step each, field iterationMapping.collection: path "$.items[": jsonpath: unexpected eof at position 9`},
		{name: "OldCondition", def: flow(`
steps:
  - type: choice
    name: c
    choices:
      - condition: $.a ==
        goto: d
  - type: succeed
    name: d
`), want: `Failed FnF.InvalidExpression: step c, field choices[0].condition: expression "$.a ==": unexpected token EOF (1:6)`},
		{name: "RuntimeFailure", def: machine("P", `
  - Type: Pass
    Name: P
    InputConstructor:
      x.$: $Input.a.b
    End: true
`), input: `{}`, want: `Failed FnF.RuntimeError: state P: expression "$Input.a.b": cannot fetch b from <nil> (1:10)`},
	})
}

func TestInvalidInput(t *testing.T) {
	for _, tc := range []struct{ name, input, want string }{
		{"NotJSON", `{`, "Failed FnF.InvalidInput: the execution input is not a JSON object: unexpected EOF"},
		{"Array", `[1]`, "Failed FnF.InvalidInput: the execution input is not a JSON object: want a JSON object, got an array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			snap := interp.Run(context.Background(), params(t, machine("P", "  - {Type: Pass, Name: P, End: true}\n"), tc.input, nil))
			if got := outcome(snap); got != tc.want {
				t.Errorf("outcome = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestTaskErrorMessage(t *testing.T) {
	for _, tc := range []struct {
		err  *interp.TaskError
		want string
	}{
		{&interp.TaskError{Code: "FC.X", Cause: "why"}, "FC.X: why"},
		{&interp.TaskError{Code: "FC.X"}, "FC.X"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// plainError is a Tasks whose every invocation fails with an error that is not a TaskError.
type plainError struct{}

func (plainError) Invoke(context.Context, interp.Invocation) (json.RawMessage, error) {
	return nil, errors.New("connection refused")
}

func TestPlainTaskError(t *testing.T) {
	p := params(t, machine("T", "  - {Type: Task, Name: T, Action: \"FC:InvokeFunction\", End: true}\n"), "", plainError{})
	if got, want := outcome(interp.Run(context.Background(), p)), "Failed FnF.TaskFailed: connection refused"; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
}
