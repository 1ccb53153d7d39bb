package interp_test

import (
	"context"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/interp"
)

func TestOldContext(t *testing.T) {
	runCases(t, []newCase{
		{name: "TaskTokenInInputMappings", def: flow(`
steps:
  - type: task
    name: t
    resourceArn: acs:fc:::services/s/functions/f
    pattern: waitForCallback
    inputMappings:
      - target: taskToken
        source: $context.task.token
`), input: `{}`, want: `Succeeded {"taskToken":"token-1"}`},
		{name: "NamesAndEventId", def: flow(`
steps:
  - type: pass
    name: first
  - type: pass
    name: p
    inputMappings:
      - target: before
        source: $context.step.eventId
    outputMappings:
      - target: exec
        source: $context.execution.name
      - target: flow
        source: $context.flow.name
      - target: step
        source: $context.step.name
      - target: eventId
        source: $context.step.eventId
      - target: before
        source: $input.before
`), input: `{}`, want: `Succeeded {"before":5,"eventId":5,"exec":"e1","flow":"f","step":"p"}`},
		{name: "InCondition", def: flow(`
steps:
  - type: choice
    name: c
    choices:
      - condition: $context.step.eventId < 4000 && $context.flow.name == "f"
        steps:
          - type: pass
            name: small
            outputMappings:
              - target: small
                source: true
`), input: `{}`, want: `Succeeded {"small":true}`},
		{name: "InServiceParams", def: flow(`
steps:
  - type: task
    name: t
    action: fnf:StartExecution
    serviceParams:
      FlowName: $context.flow.name
      ExecutionName: $context.execution.name
`), input: `{}`, answers: map[string][]answer{"t": {ret(`{"ok":1}`)}}, want: `Succeeded {"ok":1}`},
		{name: "NoTaskOutsideATask", def: flow(`
steps:
  - type: pass
    name: p
    outputMappings:
      - target: t
        source: $context.task.token
`), input: `{}`, want: `Failed FnF.RuntimeError: $context.task.token does not exist here: the context has $context.execution.name, $context.flow.name, $context.step.eventId, $context.step.name`},
		{name: "NoSuchMember", def: flow(`
steps:
  - type: pass
    name: p
    inputMappings:
      - target: t
        source: $context.execution.color
`), input: `{}`, want: `Failed FnF.RuntimeError: step p, inputMappings: $context.execution.color does not exist here: the context has $context.execution.name, $context.flow.name, $context.step.eventId, $context.step.name`},
		{name: "UnknownField", def: flow(`
steps:
  - type: pass
    name: p
    outputMappings:
      - target: t
        source: $context.region
`), input: `{}`, want: `Failed FnF.InvalidExpression: step p, field outputMappings[0].source: path "$context.region": $context has no field "region"; want one of execution, flow, step, task`},
	})
}

// TestOldActionTask checks that an API-integration task is invoked with its action and
// its serviceParams resolved, like a resourceArn task.
func TestOldActionTask(t *testing.T) {
	def := flow(`
steps:
  - type: task
    name: ocr
    action: ocr:RecognizeIdentityCard
    inputMappings:
      - target: imageURL
        source: $input.url
    serviceParams:
      ImageURL: $.imageURL
      Side: face
    outputMappings:
      - target: id
        source: $local.Data.FrontResult.IDNumber
`)
	s := &script{answers: map[string][]answer{"ocr": {ret(`{"Data":{"FrontResult":{"IDNumber":"42"}}}`)}}}
	snap := interp.Run(context.Background(), params(t, def, `{"url":"http://x/a.jpg"}`, s))
	if got, want := outcome(snap), `Succeeded {"id":"42"}`; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
	if len(s.calls) != 1 {
		t.Fatalf("calls = %d, want 1", len(s.calls))
	}
	inv := s.calls[0]
	if inv.Action != "ocr:RecognizeIdentityCard" || inv.Parameters["ImageURL"] != "http://x/a.jpg" || inv.Parameters["Side"] != "face" {
		t.Errorf("invocation = %s %v, want ocr:RecognizeIdentityCard {ImageURL:http://x/a.jpg Side:face}", inv.Action, inv.Parameters)
	}
}

func TestGlobal(t *testing.T) {
	runCases(t, []newCase{
		{name: "WrittenThenRead", def: `
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - Type: Task
    Name: A
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:::functions/f
    GlobalConstructor:
      variable_a.$: $Input.key_a
      variable_b.$: $Output.key_b
    OutputConstructor:
      sawGlobal.$: $Global
    Next: Z
  - Type: Pass
    Name: Z
    InputConstructor:
      a.$: $Global.variable_a
      b.$: $Global.variable_b
      before.$: $Input.sawGlobal
    End: true
`, input: `{"key_a":"A"}`, answers: map[string][]answer{"A": {ret(`{"key_b":"B"}`)}},
			want: `Succeeded {"a":"A","b":"B","before":{}}`},
		{name: "MergedKeyByKey", def: `
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - Type: Pass
    Name: A
    GlobalConstructor:
      x: 1
      y: 1
    Next: B
  - Type: Pass
    Name: B
    GlobalConstructor:
      y: 2
    Next: C
  - Type: Choice
    Name: C
    Branches:
      - Condition: $Global.x == 1 && $Global.y == 2
        Next: Ok
    Default: No
  - Type: Succeed
    Name: Ok
    End: true
  - Type: Fail
    Name: No
    Code: NotMerged
    End: true
`, input: `{}`, want: `Succeeded {}`},
		{name: "NamedOnlyWhereNeeded", def: `
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - Type: Pass
    Name: A
    GlobalConstructor:
      g: 1
    Next: B
  - Type: Pass
    Name: B
    InputConstructor:
      a.$: $Input.k
      b.$: $Context.Current.Name
      c.$: $Global.g
      d.$: $Input.k
    OutputConstructor:
      env.$: $env["$Global"].g + len($env["$Context"].Current.Name)
      in.$: $Input
    End: true
`, input: `{"k":"v"}`, want: `Succeeded {"env":2,"in":{"a":"v","b":"B","c":1,"d":"v"}}`},
		{name: "KeyTooLong", def: `
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - Type: Pass
    Name: A
    GlobalConstructor:
      ` + strings.Repeat("k", 129) + `: 1
    End: true
`, input: `{}`, want: `Failed FnF.DataLimitExceeded: state A: GlobalConstructor key "kkkkkkkkkkkkkkkkkkkk"… is 129 bytes, more than 128`},
	})
}
