package interp_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/interp"
)

// conditionNew is a new-dialect flow whose one Choice branch has the condition %s (a
// double-quoted YAML string); it ends in Taken or Other, which say which way it went.
const conditionNew = `Type: StateMachine
Name: fuzz
SpecVersion: v1
StartAt: Route
States:
  - Type: Choice
    Name: Route
    Branches:
      - Condition: %s
        Next: Taken
    Default: Other
  - Type: Pass
    Name: Taken
    OutputConstructor: {"branch": "taken"}
    End: true
  - Type: Pass
    Name: Other
    OutputConstructor: {"branch": "other"}
    End: true
`

// conditionOld is conditionNew in the old dialect.
const conditionOld = `version: v1
type: flow
steps:
  - type: choice
    name: route
    choices:
      - condition: %s
        goto: taken
    default:
      goto: other
  - type: pass
    name: taken
    outputMappings:
      - target: branch
        source: taken
    end: true
  - type: pass
    name: other
    outputMappings:
      - target: branch
        source: other
`

// conditionDefinition returns the flow of the dialect with cond as its condition, quoted as
// JSON (which YAML reads), or nil when fdl refuses it.
func conditionDefinition(cond string, old bool) *fdl.Definition {
	q, _ := json.Marshal(cond)
	text := conditionNew
	if old {
		text = conditionOld
	}
	d, err := fdl.Parse(strings.Replace(text, "%s", string(q), 1))
	if err != nil {
		return nil
	}
	return d
}

// conditionFails are the codes a run of a condition flow may fail with: a condition that
// does not compile or fails when it runs, an input that is not an object or too big.
var conditionFails = []string{interp.ErrInvalidExpression, interp.ErrRuntime, interp.ErrInvalidInput, interp.ErrDataLimitExceeded}

// maxRun is how long one run of a condition may take, in wall time, before it counts as a
// hang: the clock takes no time, so a run only computes.
const maxRun = 20 * time.Second

// FuzzCondition runs a Choice whose Condition is the fuzzed expression, in either dialect,
// on a fuzzed execution input, on a clock where waits take no time. Seeds are the
// conditions of the FDL test definitions, of interp's tests and of the API documentation,
// with the inputs of the fixtures. It checks that the run never panics and always ends,
// within maxRun (a context ends it after that; an expression that ignores the context is
// caught by the same deadline): Succeeded through one of the two branches, or Failed with
// one of conditionFails and a cause; and that the history ends with the matching event.
func FuzzCondition(f *testing.F) {
	conds := []string{
		`$Input.status == "ready"`, `$Context.Current.Input.Size>=1024`,
		"$Input.status == `ready` || ($Input.a > 1 && $Input.b != \"x\")",
		`$Input.status = "ready"`, `$.status == "shipped"`, `$input.status == "held" && $local.x == nil`,
		`$.go`, `true`, `false`, `nil`, `1`, `now() > now()`, `len($Input) > 0`, `$Input?.a?.b ?? false`,
		`all(1..3, # > 0)`, `"a" matches "^a+$"`, `$Global == {}`, `$Output`, `$Item`, `1 / 0 == 1`,
		`int("x") == 1`, `$Input.items[0].id == "a"`, `keys($Input)[0] == "status"`,
	}
	conds = append(conds, definitionConditions(f)...)
	inputs := []string{
		`{"status":"ready","Size":4096}`, `{"status":"new","Size":1024}`, `{"a":2,"b":"y","Size":1}`, `{}`,
		`{"status":"shipped"}`, `{"status":"held"}`, `{"go":false}`, `{"items":[{"id":"a"}]}`, `[]`, ``, `{`,
		`{"orderId":100010,"customerId":"C6877021","amount":1098.43,"currency":"CNY","items":4,"region":"cn-hangzhou"}`,
	}
	for _, old := range []bool{false, true} {
		if conditionDefinition("true", old) == nil {
			f.Fatalf("the condition flow (old dialect: %v) does not parse", old)
		}
	}
	for i, c := range conds {
		f.Add(c, inputs[i%len(inputs)], false)
		f.Add(c, inputs[(i+1)%len(inputs)], true)
	}
	f.Fuzz(func(t *testing.T, cond, input string, old bool) {
		d := conditionDefinition(cond, old)
		if d == nil {
			return // not a definition: fdl's business (FuzzParse)
		}
		ctx, cancel := context.WithTimeout(context.Background(), maxRun)
		defer cancel()
		e := interp.Start(ctx, interp.Params{Flow: "f", Name: "e1", Definition: d, Input: input,
			Clock: newClock(), Tokens: tokens()})
		select {
		case <-e.Done():
		case <-time.After(maxRun + 5*time.Second):
			t.Fatalf("condition %q on input %q: the run did not end in %v: %+v", cond, input, maxRun+5*time.Second, e.Snapshot())
		}
		sn := e.Snapshot()
		events, _ := e.Events(0, 0)
		last := ""
		if len(events) > 0 {
			last = events[len(events)-1].Type
		}
		switch sn.Status {
		case interp.Succeeded:
			var out struct{ Branch string }
			if err := json.Unmarshal([]byte(sn.Output), &out); err != nil || (out.Branch != "taken" && out.Branch != "other") {
				t.Fatalf("condition %q on input %q: Succeeded with output %q, want one of the two branches' outputs", cond, input, sn.Output)
			}
			if last != interp.EventExecutionSucceeded {
				t.Fatalf("condition %q on input %q: Succeeded, but the last event is %q", cond, input, last)
			}
		case interp.Failed:
			if !slices.Contains(conditionFails, sn.Error) || sn.Cause == "" {
				t.Fatalf("condition %q on input %q: Failed %q (%q), want one of %q with a cause", cond, input, sn.Error, sn.Cause, conditionFails)
			}
			if last != interp.EventExecutionFailed {
				t.Fatalf("condition %q on input %q: Failed, but the last event is %q", cond, input, last)
			}
		default:
			t.Fatalf("condition %q on input %q: ended %s %s: %s, want Succeeded or Failed (a Stopped run hit the %v deadline)",
				cond, input, sn.Status, sn.Error, sn.Cause, maxRun)
		}
		if sn.Stopped.IsZero() {
			t.Fatalf("condition %q on input %q: %s without a Stopped time", cond, input, sn.Status)
		}
	})
}

// definitionConditions returns the Choice conditions of fdl's good test definitions.
func definitionConditions(tb testing.TB) []string {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join("..", "fdl", "testdata", "good", "*"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		d, err := fdl.Parse(string(b))
		if err != nil {
			continue
		}
		for _, s := range d.States {
			if ch, ok := s.(*fdl.Choice); ok {
				for _, c := range ch.Branches {
					out = append(out, c.Condition)
				}
			}
		}
		for _, s := range d.Steps {
			for _, c := range s.Choices {
				out = append(out, c.Condition)
			}
		}
	}
	return out
}
