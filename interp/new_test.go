package interp_test

import (
	"context"
	"testing"

	"github.com/flowmock/flowmock/interp"
)

// machine is a StateMachine definition with the given StartAt and States.
func machine(start, states string) string {
	return "Type: StateMachine\nName: t\nSpecVersion: v1\nStartAt: " + start + "\nStates:\n" + states
}

// newCase is one execution of a new-dialect flow with a known outcome.
type newCase struct {
	name    string
	def     string
	input   string
	answers map[string][]answer
	want    string // outcome(snapshot)
	calls   string // "State#Index …"; "" to skip
}

func runCases(t *testing.T, cases []newCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &script{answers: tc.answers}
			snap := interp.Run(context.Background(), params(t, tc.def, tc.input, s))
			if got := outcome(snap); got != tc.want {
				t.Errorf("outcome = %s, want %s", got, tc.want)
			}
			if got := s.invocations(); tc.calls != "" && got != tc.calls {
				t.Errorf("invocations = %q, want %q", got, tc.calls)
			}
		})
	}
}

const passStates = `
  - Type: Pass
    Name: Shape
    InputConstructor:
      FieldA: 123
    End: true
`

func TestPass(t *testing.T) {
	runCases(t, []newCase{
		{name: "InputConstructorReplacesInput", def: machine("Shape", passStates),
			input: `{"requestId":"abc-123"}`, want: `Succeeded {"FieldA":123}`},
		{name: "NoConstructorForwardsInput", def: machine("P", `
  - Type: Pass
    Name: P
    End: true
`), input: `{"a":{"b":[1,2.5,"x",null,true]},"big":12345678901234567}`,
			want: `Succeeded {"a":{"b":[1,2.5,"x",null,true]},"big":12345678901234567}`},
		{name: "EmptyInputIsEmptyObject", def: machine("P", "  - {Type: Pass, Name: P, End: true}\n"),
			want: `Succeeded {}`},
		{name: "NowReadsTheClock", def: machine("P", `
  - Type: Pass
    Name: P
    OutputConstructor:
      at.$: now()
      year.$: now().Year()
    End: true
`), want: `Succeeded {"at":"2024-01-02T03:04:05Z","year":2024}`},
		{name: "AbsentFields", def: machine("P", `
  - Type: Pass
    Name: P
    OutputConstructor:
      x.$: $Input.a?.b ?? "none"
      n.$: len($Input.list ?? [])
      up.$: upper($Input.s)
    End: true
`), input: `{"s":"abc"}`, want: `Succeeded {"n":0,"up":"ABC","x":"none"}`},
		{name: "OutputConstructorExpressions", def: machine("P", `
  - Type: Pass
    Name: P
    InputConstructor:
      n.$: $Input.n * 2
      name.$: $Context.Execution.Name
    OutputConstructor:
      doubled.$: $Output.n
      input.$: $Context.Execution.Input.n
      state.$: $Context.Current.Name
      nested:
        list:
          - k.$: $Input.n + 1
      text.$: '"<" + string($Input.n) + ">"'
    Next: Q
  - Type: Pass
    Name: Q
    End: true
`), input: `{"n":21}`,
			want: `Succeeded {"doubled":42,"input":21,"nested":{"list":[{"k":43}]},"state":"P","text":"<42>"}`},
	})
}

func TestTask(t *testing.T) {
	runCases(t, []newCase{
		{name: "OutputIsResult", def: machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    End: true
`), input: `{"x":1}`, answers: map[string][]answer{"T": {ret(`{"done":true}`)}},
			want: `Succeeded {"done":true}`, calls: "T#0"},
		{name: "OutputConstructorSeesOutput", def: machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    OutputConstructor:
      result.$: $Output
      was.$: $Input.x
    End: true
`), input: `{"x":1}`, answers: map[string][]answer{"T": {ret(`{"done":true}`)}},
			want: `Succeeded {"result":{"done":true},"was":1}`},
		{name: "ResultNotObjectFails", def: machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    End: true
`), answers: map[string][]answer{"T": {ret(`[1]`)}},
			want: `Failed FnF.RuntimeError: the result of task T is not a JSON object: want a JSON object, got an array`},
		{name: "ErrorFailsExecution", def: machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    End: true
`), answers: map[string][]answer{"T": {throw("FC.Unhandled: boom")}},
			want: `Failed FC.Unhandled: boom`},
		{name: "EchoWithoutAnswers", def: machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    Next: U
  - Type: Task
    Name: U
    Action: FC:InvokeFunction
    End: true
`), input: `{"x":1}`, want: `Succeeded {"x":1}`, calls: "T#0 U#0"},
	})
}

func TestTaskInvocation(t *testing.T) {
	def := machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    TaskMode: WaitForCustomCallback
    Timeout: 60
    InputConstructor:
      order.$: $Input.id
    Parameters:
      resourceArn: acs:fc:cn-hangzhou:1:functions/f
      body.$: $Input
      token.$: $Context.Current.TaskToken
    End: true
`)
	s := &script{answers: map[string][]answer{"T": {ret(`{}`)}}}
	snap := interp.Run(context.Background(), params(t, def, `{"id":7}`, s))
	if snap.Status != interp.Succeeded {
		t.Fatalf("status = %s (%s), want Succeeded", snap.Status, snap.Cause)
	}
	inv := s.calls[0]
	for _, c := range []struct{ name, got, want string }{
		{"Input", string(inv.Input), `{"order":7}`},
		{"Action", inv.Action, "FC:InvokeFunction"},
		{"Token", inv.Token, "token-1"},
		{"Parameters.token", inv.Parameters["token"].(string), "token-1"},
		{"Parameters.resourceArn", inv.Parameters["resourceArn"].(string), "acs:fc:cn-hangzhou:1:functions/f"},
		{"Flow", inv.Flow, "f"},
		{"Execution", inv.Execution, "e1"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if body, _ := inv.Parameters["body"].(map[string]any); body["order"] != 7 {
		t.Errorf("Parameters.body = %v, want {order: 7}", inv.Parameters["body"])
	}
	if !inv.Callback || inv.Timeout.Seconds() != 60 {
		t.Errorf("Callback, Timeout = %v, %v, want true, 1m0s", inv.Callback, inv.Timeout)
	}
}

const choiceStates = `
  - Type: Choice
    Name: Route
    Branches:
      - Condition: $Input.status == "ready"
        Next: Ready
      - Condition: $Context.Current.Input.Size>=1024
        Next: Big
      - Condition: $Input.status == ` + "`ready`" + ` || ($Input.a > 1 && $Input.b != "x")
        Next: Big
    Default: Other
  - Type: Succeed
    Name: Ready
  - Type: Pass
    Name: Big
    OutputConstructor:
      big: true
    End: true
  - Type: Fail
    Name: Other
    Code: customBizCode
    Detail: no branch matched
`

func TestChoice(t *testing.T) {
	def := machine("Route", choiceStates)
	runCases(t, []newCase{
		{name: "FirstBranch", def: def, input: `{"status":"ready","Size":4096}`, want: `Succeeded {"Size":4096,"status":"ready"}`},
		{name: "SecondBranch", def: def, input: `{"status":"new","Size":1024}`, want: `Succeeded {"big":true}`},
		{name: "ThirdBranch", def: def, input: `{"a":2,"b":"y","Size":1}`, want: `Succeeded {"big":true}`},
		{name: "Default", def: def, input: `{"a":2,"b":"x","Size":1}`, want: `Failed customBizCode: no branch matched`},
		{name: "MissingFieldIsRuntimeError", def: def, input: `{}`,
			want: `Failed FnF.RuntimeError: state Route: expression "$Context.Current.Input.Size>=1024": invalid operation: <nil> >= int (1:28)`},
	})
}

const parallelStates = `
  - Type: Parallel
    Name: Fan
    Branches:
      - StartAt: A
        States:
          - Type: Pass
            Name: A
            OutputConstructor:
              a.$: $Input.n + 1
            End: true
      - StartAt: B
        States:
          - Type: Task
            Name: B
            Action: FC:InvokeFunction
            Next: B2
          - Type: Succeed
            Name: B2
    End: true
`

func TestParallel(t *testing.T) {
	runCases(t, []newCase{
		{name: "Branches", def: machine("Fan", parallelStates), input: `{"n":1}`,
			answers: map[string][]answer{"B": {ret(`{"b":2}`)}},
			want:    `Succeeded {"Branch0":{"a":2},"Branch1":{"b":2}}`},
		{name: "BranchFailureFailsState", def: machine("Fan", parallelStates), input: `{"n":1}`,
			answers: map[string][]answer{"B": {throw("FC.Boom: b failed")}},
			want:    `Failed FC.Boom: b failed`},
		{name: "CaughtWithRetry", def: machine("Fan", parallelStates[:len(parallelStates)-len("    End: true\n")]+`    Retry:
      - Errors: [FC.Boom]
        MaxAttempts: 1
        IntervalSeconds: 1
    Catch:
      - Errors: [FnF.ALL]
        OutputConstructor:
          code.$: $Context.Current.Error.Code
          cause.$: $Context.Current.Error.Detail
        Next: Done
    End: true
  - Type: Pass
    Name: Done
    End: true
`), input: `{"n":1}`, answers: map[string][]answer{"B": {throw("FC.Boom: b failed")}},
			want: `Succeeded {"cause":"b failed","code":"FC.Boom"}`, calls: "B#0 B#1"},
	})
}

const mapStates = `
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    MaxConcurrency: 1
    Processor:
      StartAt: Work
      States:
        - Type: Task
          Name: Work
          Action: FC:InvokeFunction
          OutputConstructor:
            v.$: $Input.v * 10
          End: true
    End: true
`

func TestMap(t *testing.T) {
	runCases(t, []newCase{
		{name: "Items", def: machine("Each", mapStates), input: `{"items":[{"v":1},{"v":2},{"v":3}]}`,
			want: `Succeeded {"Items":[{"v":10},{"v":20},{"v":30}]}`, calls: "Work#0 Work#1 Work#2"},
		{name: "Empty", def: machine("Each", mapStates), input: `{"items":[]}`, want: `Succeeded {"Items":[]}`},
		{name: "ItemConstructor", def: machine("Each", `
  - Type: Map
    Name: Each
    ItemsPath: $Input.names
    ItemConstructor:
      name.$: $Item
      bucket.$: $Input.bucket
    Processor:
      StartAt: P
      States:
        - Type: Pass
          Name: P
          End: true
    OutputConstructor:
      all.$: $Output.Items
    End: true
`), input: `{"names":["a","b"],"bucket":"k"}`,
			want: `Succeeded {"all":[{"bucket":"k","name":"a"},{"bucket":"k","name":"b"}]}`},
		{name: "ItemNotObject", def: machine("Each", mapStates), input: `{"items":[1]}`,
			want: `Failed FnF.RuntimeError: state Each: item 0 is a number, not an object; build one with ItemConstructor`},
		{name: "ItemsPathNotArray", def: machine("Each", mapStates), input: `{"items":{}}`,
			want: `Failed FnF.RuntimeError: state Each: ItemsPath "$Input.items" gave an object, want an array`},
		{name: "ItemFailure", def: machine("Each", mapStates), input: `{"items":[{"v":1},{"v":2}]}`,
			answers: map[string][]answer{"Work": {ret(`{"v":1}`), throw("FC.Bad: item 1")}},
			want:    `Failed FC.Bad: item 1`, calls: "Work#0 Work#1"},
	})
}

func TestWaitSucceedFail(t *testing.T) {
	runCases(t, []newCase{
		{name: "Seconds", def: machine("W", `
  - Type: Wait
    Name: W
    Seconds: 5
    End: true
`), input: `{"a":1}`, want: `Succeeded {"a":1}`},
		{name: "SecondsExpression", def: machine("W", `
  - Type: Wait
    Name: W
    Seconds.$: $Input.delay
    End: true
`), input: `{"delay":300}`, want: `Succeeded {"delay":300}`},
		{name: "SecondsExpressionNotNumber", def: machine("W", `
  - Type: Wait
    Name: W
    Seconds.$: $Input.delay
    End: true
`), input: `{"delay":"x"}`, want: `Failed FnF.RuntimeError: state W: Seconds.$ "$Input.delay" gave a string, want a number of seconds from 0 to 300`},
		{name: "SucceedEndsFlow", def: machine("S", `
  - Type: Succeed
    Name: S
`), input: `{"a":1}`, want: `Succeeded {"a":1}`},
		{name: "FailEndsFlow", def: machine("P", `
  - Type: Pass
    Name: P
    Next: F
  - Type: Fail
    Name: F
    Code: Broken
    Detail: it broke
`), want: `Failed Broken: it broke`},
	})
}

func TestWaitTakesClockTime(t *testing.T) {
	p := params(t, machine("W", `
  - Type: Wait
    Name: W
    Seconds.$: $Input.delay
    End: true
`), `{"delay":300}`, nil)
	snap := interp.Run(context.Background(), p)
	if got, want := snap.Stopped.Sub(snap.Started).String(), "5m0s"; got != want {
		t.Errorf("Stopped - Started = %s, want %s", got, want)
	}
}
