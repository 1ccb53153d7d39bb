package interp_test

import (
	"context"
	"testing"

	"github.com/flowmock/flowmock/interp"
)

// flow is an old-dialect definition with the given steps (and top-level keys before them).
func flow(steps string) string {
	return "version: v1\ntype: flow\n" + steps
}

func TestOldPassAndMappings(t *testing.T) {
	runCases(t, []newCase{
		{name: "Minimal", def: flow("steps:\n  - type: pass\n    name: p\n"), input: `{"a":1}`, want: `Succeeded {}`},
		{name: "OutputMappings", def: flow(`
steps:
  - type: pass
    name: p
    outputMappings:
      - target: zero
        source: 0
      - target: copy
        source: $input.a
      - target: whole
        source: $input
      - target: dollar
        source: $.a
`), input: `{"a":1}`, want: `Succeeded {"copy":1,"dollar":1,"whole":{"a":1},"zero":0}`},
		{name: "FlowMappings", def: flow(`
inputMappings:
  - target: id
    source: $input.order.id
outputMappings:
  - target: result
    source: $local.seen
  - target: id
    source: $input.id
steps:
  - type: pass
    name: p
    outputMappings:
      - target: seen
        source: $input
`), input: `{"order":{"id":"o-1"},"noise":true}`, want: `Succeeded {"id":"o-1","result":{"id":"o-1"}}`},
		{name: "LocalFlowsToLaterSteps", def: flow(`
steps:
  - type: pass
    name: first
    outputMappings:
      - target: x
        source: 1
  - type: pass
    name: second
    outputMappings:
      - target: sawX
        source: $input.x
      - target: sawLocal
        source: $local
  - type: pass
    name: third
    inputMappings:
      - target: only
        source: $local.sawX
    outputMappings:
      - target: in
        source: $input
`), input: `{"a":1}`, want: `Succeeded {"in":{"only":1},"sawLocal":{},"sawX":1,"x":1}`},
	})
}

func TestOldTask(t *testing.T) {
	runCases(t, []newCase{
		{name: "ResultIsLocal", def: flow(`
steps:
  - type: task
    name: t
    resourceArn: acs:fc:cn-shanghai:1:services/s/functions/f
    inputMappings:
      - target: id
        source: $input.id
    outputMappings:
      - target: got
        source: $local.v
      - target: sent
        source: $input.id
`), input: `{"id":5,"other":1}`, answers: map[string][]answer{"t": {ret(`{"v":"ok"}`)}},
			want: `Succeeded {"got":"ok","sent":5}`, calls: "t#0"},
		{name: "RetryThenCatchGoto", def: flow(`
steps:
  - type: task
    name: t
    resourceArn: acs:fc:cn-shanghai:1:services/s/functions/f
    errorMappings:
      - target: reason
        source: $local.cause
    retry:
      - errors: [FC.ResourceExhausted]
        intervalSeconds: 1
        maxAttempts: 2
    catch:
      - errors: [FC.ResourceExhausted]
        goto: declined
  - type: pass
    name: skipped
    outputMappings:
      - target: skipped
        source: true
  - type: fail
    name: declined
    error: Declined
    cause: declined after retries
`), answers: map[string][]answer{"t": {throw("FC.ResourceExhausted: busy")}},
			want: `Failed Declined: declined after retries`, calls: "t#0 t#1 t#2"},
		{name: "RetrySucceeds", def: flow(`
steps:
  - type: task
    name: t
    resourceArn: acs:fc:cn-shanghai:1:services/s/functions/f
    retry:
      - errors: [FnF.ALL]
`), answers: map[string][]answer{"t": {throw("X: 1"), throw("Y: 2"), ret(`{"ok":1}`)}},
			want: `Succeeded {"ok":1}`, calls: "t#0 t#1 t#2"},
	})
}

func TestOldTaskInvocation(t *testing.T) {
	s := &script{answers: map[string][]answer{"cb": {ret(`{}`)}}}
	snap := interp.Run(context.Background(), params(t, flow(`
steps:
  - type: task
    name: cb
    resourceArn: acs:mns:::/topics/orders/messages
    pattern: waitForCallback
    timeoutSeconds: 60
    serviceParams:
      MessageBody: $
      Id: $.id
      Fixed: 3
`), `{"id":"a"}`, s))
	if snap.Status != interp.Succeeded {
		t.Fatalf("status = %s (%s), want Succeeded", snap.Status, snap.Cause)
	}
	inv := s.calls[0]
	if !inv.Callback || inv.Action != "acs:mns:::/topics/orders/messages" || inv.Token != "token-1" {
		t.Errorf("Callback, Action, Token = %v, %q, %q, want true, the resourceArn, token-1", inv.Callback, inv.Action, inv.Token)
	}
	if got := inv.Parameters["Id"]; got != "a" {
		t.Errorf("Parameters.Id = %v, want a", got)
	}
	if got, _ := inv.Parameters["MessageBody"].(map[string]any); got["id"] != "a" {
		t.Errorf("Parameters.MessageBody = %v, want the input", inv.Parameters["MessageBody"])
	}
}

const oldChoice = `
steps:
  - type: choice
    name: route
    choices:
      - condition: $.status == "shipped"
        goto: done
      - condition: $input.status == "held" && $local.x == nil
        steps:
          - type: pass
            name: hold
            outputMappings:
              - target: held
                source: true
    default:
      goto: declined
  - type: pass
    name: after
    outputMappings:
      - target: after
        source: $input.held
  - type: succeed
    name: done
  - type: fail
    name: declined
    error: Declined
    cause: no choice
`

func TestOldChoice(t *testing.T) {
	runCases(t, []newCase{
		{name: "Goto", def: flow(oldChoice), input: `{"status":"shipped"}`, want: `Succeeded {}`},
		{name: "Steps", def: flow(oldChoice), input: `{"status":"held"}`, want: `Succeeded {"after":true,"held":true}`},
		{name: "Default", def: flow(oldChoice), input: `{"status":"lost"}`, want: `Failed Declined: no choice`},
		{name: "NoDefaultJustEnds", def: flow(`
steps:
  - type: choice
    name: route
    choices:
      - condition: $.go
        goto: never
  - type: pass
    name: next
    outputMappings:
      - target: n
        source: 1
  - type: fail
    name: never
    error: E
    cause: c
`), input: `{"go":false}`, want: `Failed E: c`},
	})
}

func TestOldParallelForeach(t *testing.T) {
	runCases(t, []newCase{
		{name: "ParallelOutputEmpty", def: flow(`
steps:
  - type: parallel
    name: fan
    branches:
      - steps:
          - type: pass
            name: a
            outputMappings:
              - target: name
                source: a
      - steps:
          - type: pass
            name: b
            outputMappings:
              - target: name
                source: b
`), want: `Succeeded {}`},
		{name: "ParallelLocalArray", def: flow(`
steps:
  - type: parallel
    name: fan
    branches:
      - steps:
          - type: pass
            name: a
            outputMappings:
              - target: name
                source: a
      - steps:
          - type: task
            name: b
            resourceArn: arn
    outputMappings:
      - target: names
        source: $local[*].name
      - target: all
        source: $local
`), answers: map[string][]answer{"b": {ret(`{"name":"b"}`)}},
			want: `Succeeded {"all":[{"name":"a"},{"name":"b"}],"names":["a","b"]}`},
		{name: "ForeachDocumented", def: flow(`
steps:
  - type: foreach
    name: greetAll
    iterationMapping:
      collection: $.names
      item: name
      index: i
    steps:
      - type: task
        name: greet
        resourceArn: acs:fc:cn-shanghai:123456789012:services/fnf_test/functions/hello
    outputMappings:
      - target: names
        source: $local[*].name
      - target: positions
        source: $local[*].i
`), input: `{"names":["x","y","z"]}`,
			want: `Succeeded {"names":["x","y","z"],"positions":[0,1,2]}`},
		{name: "ForeachNotArray", def: flow(`
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.names
      item: name
    steps:
      - type: pass
        name: p
`), input: `{"names":"x"}`, want: `Failed FnF.RuntimeError: step each: collection "$.names" is not an array`},
	})
}

func TestOldWaitFail(t *testing.T) {
	runCases(t, []newCase{
		{name: "DurationPath", def: flow(`
steps:
  - type: wait
    name: w
    duration: $.sleep
`), input: `{"sleep":3}`, want: `Succeeded {}`},
		{name: "PastTimestamp", def: flow(`
steps:
  - type: wait
    name: w
    timestamp: "2020-01-01T00:00:00Z"
`), want: `Succeeded {}`},
		{name: "Fail", def: flow(`
steps:
  - type: fail
    name: f
    error: Oops
    cause: it failed
`), want: `Failed Oops: it failed`},
		{name: "FlowTimeout", def: flow(`
timeoutSeconds: 60
steps:
  - type: wait
    name: w
    duration: 120
  - type: pass
    name: p
`), want: `TimedOut FnF.Timeout: the flow ran past its timeoutSeconds (60 s)`},
	})
}

func TestOldWaitTakesClockTime(t *testing.T) {
	p := params(t, flow(`
steps:
  - type: wait
    name: w
    timestamp: $.until
`), `{"until":"2024-01-02T05:04:05Z"}`, nil)
	snap := interp.Run(context.Background(), p)
	if got, want := snap.Stopped.Sub(snap.Started).String(), "2h0m0s"; got != want {
		t.Errorf("Stopped - Started = %s, want %s", got, want)
	}
}
