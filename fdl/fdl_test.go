package fdl_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/fdl"
)

// mustParse parses text and fails the test on any problem.
func mustParse(tb testing.TB, text string) *fdl.Definition {
	tb.Helper()
	d, err := fdl.Parse(text)
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return d
}

// state returns the state at path ("Fan/Branch1/Pause", "EachOrder/Processor/Ship"),
// which must be a T.
func state[T fdl.State](tb testing.TB, d *fdl.Definition, path string) T {
	tb.Helper()
	states := d.States
	parts := strings.Split(path, "/")
	for i := 0; i < len(parts); i++ {
		s := find(states, parts[i])
		if s == nil {
			tb.Fatalf("no state %q in path %q", parts[i], path)
		}
		if i == len(parts)-1 {
			t, ok := s.(T)
			if !ok {
				tb.Fatalf("state %q is a %T, want a %T", path, s, t)
			}
			return t
		}
		i++
		n := 0 // "Processor" is a Map's only scope, "BranchN" a Parallel's Nth
		if b, ok := strings.CutPrefix(parts[i], "Branch"); ok {
			n, _ = strconv.Atoi(b)
		}
		states = s.Scopes()[n].States
	}
	tb.Fatalf("path %q names a scope, not a state", path)
	var zero T
	return zero
}

func find(states []fdl.State, name string) fdl.State {
	for _, s := range states {
		if s.Common().Name == name {
			return s
		}
	}
	return nil
}

// readGood returns the text of testdata/good/name.
func readGood(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "good", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestParseStateMachine(t *testing.T) {
	tests := []struct {
		file  string
		check func(t *testing.T, d *fdl.Definition)
	}{
		{"api-hello-world.yaml", func(t *testing.T, d *fdl.Definition) {
			if got, want := d.Dialect, fdl.StateMachine; got != want {
				t.Errorf("Dialect = %v, want %v", got, want)
			}
			if got, want := d.Name, "hello-world"; got != want {
				t.Errorf("Name = %q, want %q", got, want)
			}
			if got, want := d.NameLine, 3; got != want {
				t.Errorf("NameLine = %d, want %d", got, want)
			}
			if s := state[*fdl.Pass](t, d, "Greet"); s.Type() != fdl.PassState || !s.End || s.Line != 7 {
				t.Errorf("Greet = %+v, want a Pass that ends, on line 7", s)
			}
		}},
		{"api-pass-constructor.yaml", func(t *testing.T, d *fdl.Definition) {
			got := state[fdl.State](t, d, "Shape").Common().InputConstructor
			if want := map[string]any{"FieldA": 123}; !reflect.DeepEqual(got, want) {
				t.Errorf("InputConstructor = %v, want %v", got, want)
			}
		}},
		{"api-choice.yaml", func(t *testing.T, d *fdl.Definition) {
			s := state[*fdl.Choice](t, d, "Route")
			want := []fdl.ChoiceBranch{
				{Line: 11, Condition: `$Input.status == "ready"`, Next: "Ready"},
				{Line: 13, Condition: "$Context.Current.Input.Size>=1024", Next: "Big"},
			}
			if !reflect.DeepEqual(s.Branches, want) {
				t.Errorf("Branches = %+v, want %+v", s.Branches, want)
			}
			if got, want := s.Default, "Other"; got != want {
				t.Errorf("Default = %q, want %q", got, want)
			}
			if f := state[*fdl.Fail](t, d, "Other"); f.Code != "customBizCode" || f.Detail != "no branch matched" {
				t.Errorf("Other = Code %q Detail %q, want customBizCode, no branch matched", f.Code, f.Detail)
			}
		}},
		{"api-task-fc.yaml", func(t *testing.T, d *fdl.Definition) {
			s := state[*fdl.Task](t, d, "Invoke")
			if got, want := s.TaskMode, fdl.RequestComplete; got != want {
				t.Errorf("TaskMode = %q, want %q", got, want)
			}
			if got, want := s.Parameters["body.$"], "$Input"; got != want {
				t.Errorf(`Parameters["body.$"] = %v, want %v`, got, want)
			}
			wantRetry := []fdl.Retry{{Line: 17, Errors: []string{"FC.ResourceThrottled"}, Description: "back off when throttled",
				MaxAttempts: 3, IntervalSeconds: 2, BackoffRate: 1.5, MaxBackoffSeconds: 60}}
			if !reflect.DeepEqual(s.Retry, wantRetry) {
				t.Errorf("Retry = %+v, want %+v", s.Retry, wantRetry)
			}
			if len(s.Catch) != 1 || s.Catch[0].Next != "Failed" || s.Catch[0].Errors[0] != "FnF.ALL" {
				t.Errorf("Catch = %+v, want one rule FnF.ALL -> Failed", s.Catch)
			}
		}},
		{"new-every-state.yaml", func(t *testing.T, d *fdl.Definition) {
			if got, want := len(d.States), 7; got != want {
				t.Errorf("len(States) = %d, want %d", got, want)
			}
			approve := state[*fdl.Task](t, d, "Approve")
			if approve.TaskMode != fdl.WaitForCustomCallback || approve.TimeoutSeconds != 3600 {
				t.Errorf("Approve = TaskMode %q Timeout %d, want WaitForCustomCallback 3600", approve.TaskMode, approve.TimeoutSeconds)
			}
			if got, want := len(state[*fdl.Parallel](t, d, "Fan").Branches), 2; got != want {
				t.Errorf("len(Fan.Branches) = %d, want %d", got, want)
			}
			if got, want := state[*fdl.Wait](t, d, "Fan/Branch1/Pause").SecondsPath, "$Input.delay"; got != want {
				t.Errorf("Pause.SecondsPath = %q, want %q", got, want)
			}
			m := state[*fdl.Map](t, d, "EachOrder")
			if m.ItemsPath != "$Input.orders" || m.MaxConcurrency != 5 || m.MaxConcurrencyKey != "MaxConcurrency" || m.Distributed {
				t.Errorf("EachOrder = %q %d %q %v, want $Input.orders 5 MaxConcurrency inline", m.ItemsPath, m.MaxConcurrency, m.MaxConcurrencyKey, m.Distributed)
			}
			if got, want := state[*fdl.Wait](t, d, "EachOrder/Processor/Settle").Seconds, 10; got != want {
				t.Errorf("Settle.Seconds = %d, want %d", got, want)
			}
		}},
		{"new-distributed-map.yaml", func(t *testing.T, d *fdl.Definition) {
			m := state[*fdl.Map](t, d, "Resize")
			if !m.Distributed || m.ExecutionMode != "Express" {
				t.Errorf("Resize = Distributed %v ExecutionMode %q, want true Express", m.Distributed, m.ExecutionMode)
			}
			if m.MaxConcurrency != 100 || m.MaxConcurrencyKey != "MaxConcuccency" {
				t.Errorf("Resize = MaxConcurrency %d key %q, want 100 MaxConcuccency", m.MaxConcurrency, m.MaxConcurrencyKey)
			}
			if m.ToleratedFailurePercentage != 12.5 || m.ToleratedFailureCount != 3 {
				t.Errorf("Resize tolerates %g%% %d, want 12.5%% 3", m.ToleratedFailurePercentage, m.ToleratedFailureCount)
			}
			if got, want := m.ItemBatcher, map[string]any{"MaxItemsPerBatch": 10}; !reflect.DeepEqual(got, want) {
				t.Errorf("ItemBatcher = %v, want %v", got, want)
			}
		}},
		{"new-json.json", func(t *testing.T, d *fdl.Definition) {
			if got, want := state[*fdl.Wait](t, d, "Hold").Seconds, 3; got != want {
				t.Errorf("Hold.Seconds = %d, want %d", got, want)
			}
			got := state[fdl.State](t, d, "Finish").Common().InputConstructor
			want := map[string]any{"n": 1.5, "ok": true, "list": []any{1, "two", nil}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("InputConstructor = %#v, want %#v", got, want)
			}
			if got, want := state[fdl.State](t, d, "Finish").Common().Line, 8; got != want {
				t.Errorf("Finish.Line = %d, want %d", got, want)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tt.check(t, mustParse(t, readGood(t, tt.file)))
		})
	}
}

func TestParseFlow(t *testing.T) {
	tests := []struct {
		file  string
		check func(t *testing.T, d *fdl.Definition)
	}{
		{"old-minimal.yaml", func(t *testing.T, d *fdl.Definition) {
			if d.Dialect != fdl.Flow || d.Version != "v1beta1" || len(d.Steps) != 1 || d.Steps[0].Type != fdl.PassStep {
				t.Errorf("got %v %q %d steps, want flow v1beta1 with one pass step", d.Dialect, d.Version, len(d.Steps))
			}
		}},
		{"old-foreach.yaml", func(t *testing.T, d *fdl.Definition) {
			s := d.Steps[0]
			want := &fdl.IterationMapping{Line: 9, Collection: "$.names", Item: "name"}
			if !reflect.DeepEqual(s.IterationMapping, want) {
				t.Errorf("IterationMapping = %+v, want %+v", s.IterationMapping, want)
			}
			if got, want := s.Steps[0].Pattern, fdl.RequestResponse; got != want {
				t.Errorf("greet.Pattern = %q, want %q", got, want)
			}
			if got, want := s.OutputMappings, []fdl.Mapping{{Line: 16, Target: "names", Source: "$local[*].name"}}; !reflect.DeepEqual(got, want) {
				t.Errorf("OutputMappings = %+v, want %+v", got, want)
			}
		}},
		{"old-every-step.yaml", func(t *testing.T, d *fdl.Definition) {
			if d.TimeoutSeconds != 3600 || len(d.InputMappings) != 1 {
				t.Errorf("TimeoutSeconds %d, %d inputMappings, want 3600 and 1", d.TimeoutSeconds, len(d.InputMappings))
			}
			charge := d.Steps[1]
			wantRetry := []fdl.StepRetry{{Line: 26, Errors: []string{"FC.ResourceExhausted"}, IntervalSeconds: 2,
				MaxIntervalSeconds: 86400, MaxAttempts: 5, Multiplier: 2}}
			if !reflect.DeepEqual(charge.Retry, wantRetry) {
				t.Errorf("retry = %+v, want %+v (defaults filled)", charge.Retry, wantRetry)
			}
			if charge.Pattern != fdl.WaitForCallback || charge.Catch[0].Goto != "declined" {
				t.Errorf("charge = pattern %q catch %+v, want waitForCallback, goto declined", charge.Pattern, charge.Catch)
			}
			if got, want := d.Steps[2].ServiceParams, map[string]any{"MessageBody": "$"}; !reflect.DeepEqual(got, want) {
				t.Errorf("serviceParams = %v, want %v", got, want)
			}
			fan := d.Steps[3]
			if len(fan.Branches) != 2 || fan.Branches[0].Steps[0].Duration != 5 || fan.Branches[1].Steps[0].Timestamp != "2030-01-01T00:00:00Z" {
				t.Errorf("fanOut = %+v, want 2 branches waiting 5 s and until 2030", fan.Branches)
			}
			route := d.Steps[4]
			if len(route.Choices) != 2 || route.Choices[0].Goto != "done" || route.Default.Goto != "declined" {
				t.Errorf("route = %+v default %+v, want 2 choices, goto done, default goto declined", route.Choices, route.Default)
			}
			if got, want := route.Choices[1].Steps[0].DurationPath, "$.sleep"; got != want {
				t.Errorf("hold.DurationPath = %q, want %q", got, want)
			}
			if f := d.Steps[6]; f.Error != "CardDeclined" || f.Cause != "the card was declined" {
				t.Errorf("declined = %q %q, want CardDeclined, the card was declined", f.Error, f.Cause)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tt.check(t, mustParse(t, readGood(t, tt.file)))
		})
	}
}

// TestParseGood parses every file of testdata/good.
func TestParseGood(t *testing.T) {
	for _, name := range goodFiles(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			mustParse(t, string(b))
		})
	}
}

func goodFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "good", "*"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no testdata/good files: %v", err)
	}
	return files
}

// TestParseFixtures parses the definitions of the shipped fixtures.
func TestParseFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "fixtures", "data", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var fixture struct {
				Flow       string `yaml:"flow"`
				Definition string `yaml:"definition"`
			}
			if err := yaml.Unmarshal(b, &fixture); err != nil {
				t.Fatal(err)
			}
			d := mustParse(t, fixture.Definition)
			if got, want := d.Name, fixture.Flow; got != want {
				t.Errorf("Name = %q, want the flow's name %q", got, want)
			}
		})
	}
}

func TestProblemError(t *testing.T) {
	tests := []struct {
		name string
		p    fdl.Problem
		want string
	}{
		{"all parts", fdl.Problem{Line: 12, State: "ChargePayment", Field: "Next", Message: `no state named "Shipit" in this scope`},
			`line 12, state ChargePayment, field Next: no state named "Shipit" in this scope`},
		{"no state", fdl.Problem{Line: 3, Field: "StartAt", Message: "missing required field"},
			"line 3, field StartAt: missing required field"},
		{"no field", fdl.Problem{Line: 9, State: "P/Branch0/A", Message: `unreachable from StartAt "B"`},
			`line 9, state P/Branch0/A: unreachable from StartAt "B"`},
		{"message only", fdl.Problem{Message: "empty definition"}, "empty definition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProblemsError(t *testing.T) {
	ps := fdl.Problems{{Line: 1, Message: "a"}, {Line: 2, Field: "F", Message: "b"}}
	if got, want := ps.Error(), "line 1: a; line 2, field F: b"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseErrorIsProblems(t *testing.T) {
	d, err := fdl.Parse("Type: StateMachine\n")
	if d != nil {
		t.Errorf("got definition %+v, want nil", d)
	}
	var ps fdl.Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("got %v (%T), want Problems", err, err)
	}
}

func TestParseCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("Type: StateMachine\nStartAt: S0\nStates:\n")
	for range 30 {
		b.WriteString("  - Type: Pass\n    Name: S0\n    End: true\n")
	}
	_, err := fdl.Parse(b.String())
	var ps fdl.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v, want Problems", err)
	}
	if got, want := len(ps), fdl.MaxProblems; got != want {
		t.Fatalf("got %d problems, want %d", got, want)
	}
	// 29 states repeat the name S0: 19 are shown, then a note for the other 10.
	if got, want := ps[len(ps)-1].Message, "10 more problems not shown"; got != want {
		t.Errorf("last problem = %q, want %q", got, want)
	}
}

func TestTaskStates(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"new dialect, nested", "Type: StateMachine\nSpecVersion: v1\nName: f\nStartAt: P\nStates:\n  - Type: Parallel\n    Name: P\n    Branches:\n      - StartAt: A\n        States:\n          - Type: Task\n            Name: A\n            Action: FC:InvokeFunction\n            End: true\n    Next: B\n  - Type: Task\n    Name: B\n    Action: FC:InvokeFunction\n    End: true\n", []string{"A", "B"}},
		{"old dialect", "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: T\n    resourceArn: acs:fc:::functions/x\n  - type: pass\n    name: P\n", []string{"T"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def, err := fdl.Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if got := def.TaskStates(); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("TaskStates = %v, want %v", got, tt.want)
			}
		})
	}
}
