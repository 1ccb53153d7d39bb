package scenarios_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fault"
	"github.com/flowmock/flowmock/scenarios"
)

// codes is the contract's error catalogue as the server builds it (code → HTTP status).
var codes = map[flowmock.Code]int{
	flowmock.ActionNotSupported:     400,
	flowmock.APIVersionNotSupported: 400,
	flowmock.EntityTooLarge:         400,
	flowmock.InvalidArgument:        400,
	flowmock.MissingRequiredHeader:  400,
	flowmock.MissingRequiredParams:  400,
	flowmock.AccessDenied:           403,
	flowmock.InvalidAccessKeyID:     403,
	flowmock.RequestTimeTooSkewed:   403,
	flowmock.SignatureNotMatch:      403,
	flowmock.FlowNotExists:          404,
	flowmock.PreconditionFailed:     412,
	flowmock.UnsupportedMediaType:   415,
	flowmock.ResourceThrottled:      429,
	flowmock.InternalServerError:    500,
}

// loadFile loads one file of testdata through Load, so errors name it by its base name.
func loadFile(t *testing.T, path string) ([]*scenarios.Scenario, error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return scenarios.Load(fstest.MapFS{filepath.Base(path): {Data: b}}, codes)
}

// errorLines returns the joined errors' messages, one per problem.
func errorLines(err error) []string {
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

const allCodes = "APIVersionNotSupported, AccessDenied, ActionNotSupported, EntityTooLarge, FlowNotExists, " +
	"InternalServerError, InvalidAccessKeyID, InvalidArgument, MissingRequiredHeader, MissingRequiredParams, " +
	"PreconditionFailed, RequestTimeTooSkewed, ResourceThrottled, SignatureNotMatch, UnsupportedMediaType"

// loadErrorTests are the files of testdata/invalid and the problems Load must report, in order.
var loadErrorTests = []struct {
	file string
	want []string
}{
	{"unknown-key.yaml", []string{
		"unknown-key.yaml:3: colour: unknown field (known: name, description, rules)",
		"unknown-key.yaml:6: rules[0].eror: unknown field (known: name, match, steps, loop, every, probability, rate_limit, error, message, respond, fault, latency)",
	}},
	{"bad-duration.yaml", []string{
		`bad-duration.yaml:5: rules[0].latency.value: invalid duration "200 milliseconds": want a Go duration such as "250ms" or "1.5s"`,
	}},
	{"unknown-code.yaml", []string{
		`unknown-code.yaml:4: rules[0].error: "Throttling" is not an error code of the contract (known: ` + allCodes + `)`,
	}},
	{"unknown-action.yaml", []string{
		`unknown-action.yaml:5: rules[0].match.action: "ListExecution" is not an action of the contract (known: CreateFlow, CreateFlowAlias, CreateSchedule, DeleteFlow, DeleteFlowAlias, DeleteFlowVersion, DeleteSchedule, DescribeExecution, DescribeFlow, DescribeFlowAlias, DescribeMapRun, DescribeRegions, DescribeSchedule, GetExecutionHistory, ListExecutions, ListFlowAliases, ListFlowVersions, ListFlows, ListSchedules, PublishFlowVersion, ReportTaskFailed, ReportTaskSucceeded, StartExecution, StartSyncExecution, StopExecution, UpdateFlow, UpdateFlowAlias, UpdateMapRun, UpdateSchedule)`,
	}},
	{"probability-range.yaml", []string{
		"probability-range.yaml:4: rules[0].probability: must be between 0 and 1, got 1.5",
		"probability-range.yaml:7: rules[1].probability: must be between 0 and 1, got -0.1",
	}},
	{"empty-rules.yaml", []string{
		"empty-rules.yaml:3: rules: a scenario needs at least one rule",
	}},
	{"missing-names.yaml", []string{
		"missing-names.yaml:1: name: required",
		"missing-names.yaml:3: rules[0].name: required",
	}},
	{"bad-name.yaml", []string{
		`bad-name.yaml:1: name: use letters, digits, '.', '_' and '-', starting with a letter or digit; got "Bad Name!"`,
		`bad-name.yaml:3: rules[0].name: use letters, digits, '.', '_' and '-', starting with a letter or digit; got "-dash-first"`,
	}},
	{"duplicate-rule.yaml", []string{
		`duplicate-rule.yaml:5: rules[1].name: duplicate rule name "same" (also rules[0])`,
	}},
	{"duplicate-key.yaml", []string{
		"duplicate-key.yaml:5: rules[0].error: duplicate key (first at line 4)",
	}},
	{"two-triggers.yaml", []string{
		"two-triggers.yaml:3: rules[0]: choose one trigger, not every and probability",
	}},
	{"every-zero.yaml", []string{
		"every-zero.yaml:4: rules[0].every: must be at least 1, got 0",
	}},
	{"bad-rate.yaml", []string{
		`bad-rate.yaml:5: rules[0].rate_limit.rate: invalid rate "5 per second": no '/'; write COUNT/PERIOD such as "5/s", "100/m" or "1/500ms"`,
		"bad-rate.yaml:6: rules[0].rate_limit.burst: must be at least 1, got 0",
	}},
	{"bad-fault.yaml", []string{
		`bad-fault.yaml:5: rules[0].fault.type: unknown fault "resett" (known: dribble, empty, malformed, reset, truncate)`,
		"bad-fault.yaml:10: rules[1].fault.attributes.fractio: unknown attribute (known: fraction)",
		"bad-fault.yaml:15: rules[2].fault.attributes.fraction: must be at least 0 and below 1, got 2",
	}},
	{"steps.yaml", []string{
		"steps.yaml:4: rules[0].error: a rule with steps answers from its steps: move error into a step",
		"steps.yaml:6: rules[0].steps[0].times: must be at least 1, got 0",
		"steps.yaml:8: rules[0].steps[1].respond: cannot be combined with error: an answer is an error or data",
		"steps.yaml:10: rules[0].steps[2]: needs an answer: error, respond, fault or latency",
	}},
	{"responses.yaml", []string{
		"responses.yaml:3: rules[0]: needs an answer: error, respond, fault or latency",
		"responses.yaml:7: rules[1].message: only with error",
		`responses.yaml:9: rules[2].respond: must be data, fixtures or fake, got "json"`,
		"responses.yaml:11: rules[3].loop: only for a rule with steps",
	}},
	{"latency.yaml", []string{
		"latency.yaml:7: rules[0].latency.max: must be greater than min (2s), got 1s",
		"latency.yaml:11: rules[1].latency.sigma: not used by the fixed distribution",
		"latency.yaml:13: rules[2].latency.median: required: the median delay, such as 200ms",
		`latency.yaml:18: rules[3].latency.distribution: must be fixed, uniform or lognormal, got "normal"`,
	}},
	{"wrong-types.yaml", []string{
		`wrong-types.yaml:4: rules[0].probability: want a number, got "high"`,
		`wrong-types.yaml:7: rules[1].every: want an integer, got "2.5"`,
		`wrong-types.yaml:10: rules[2].match: want a mapping with action, params, got "ListExecutions"`,
		`wrong-types.yaml:13: rules[3].loop: want true or false, got "maybe"`,
		"wrong-types.yaml:14: rules[3].steps: want a list, got a mapping",
	}},
	{"rules-not-list.yaml", []string{
		"rules-not-list.yaml:3: rules: want a list, got a mapping",
	}},
	{"not-mapping.yaml", []string{
		"not-mapping.yaml:1: want a mapping with name, description, rules, got a list",
	}},
	{"syntax.yaml", []string{ // a parser error, at the unclosed '['
		"syntax.yaml:4: invalid YAML: did not find expected ',' or ']'",
	}},
	{"scanner.yaml", []string{ // a scanner error
		"scanner.yaml:2: invalid YAML: mapping values are not allowed in this context",
	}},
	{"first-line.yaml", []string{ // the parser notices at the end of the file, past line 1
		"first-line.yaml:2: invalid YAML: did not find expected ',' or ']'",
	}},
	{"empty.yaml", []string{
		"empty.yaml:1: empty file: want a scenario with name, description and rules",
	}},
	{"two-documents.yaml", []string{
		"two-documents.yaml:5: a second YAML document: write one scenario per file",
	}},
}

func TestLoadErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) != len(loadErrorTests) {
		t.Errorf("testdata/invalid has %d files, the table %d cases", len(files), len(loadErrorTests))
	}
	for _, tt := range loadErrorTests {
		t.Run(strings.TrimSuffix(tt.file, ".yaml"), func(t *testing.T) {
			scs, err := loadFile(t, filepath.Join("testdata/invalid", tt.file))
			if err == nil {
				t.Fatalf("Load = %d scenarios, want an error", len(scs))
			}
			if got := errorLines(err); !slices.Equal(got, tt.want) {
				t.Errorf("Load error:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
			}
			var le *scenarios.LoadError
			if !errors.As(err, &le) || le.File != tt.file || le.Line < 1 {
				t.Errorf("Load error = %#v, want a *LoadError naming %s and a line", le, tt.file)
			}
		})
	}
}

// TestLoadDir checks that one load reports the problems of every file, named by path.
func TestLoadDir(t *testing.T) {
	t.Run("all files", func(t *testing.T) {
		_, err := scenarios.LoadDir("testdata/invalid", codes)
		got := errorLines(err)
		want := 0
		for _, tt := range loadErrorTests {
			want += len(tt.want)
		}
		if len(got) != want {
			t.Errorf("LoadDir reported %d problems, want %d:\n%s", len(got), want, err)
		}
		for _, line := range got {
			if !strings.HasPrefix(line, filepath.Join("testdata", "invalid")+string(filepath.Separator)) {
				t.Errorf("problem %q does not name its file by path", line)
			}
		}
	})
	t.Run("duplicate scenario names", func(t *testing.T) {
		_, err := scenarios.LoadDir("testdata/dup", codes)
		want := []string{`testdata/dup/b.yaml:2: name: scenario "twin" is also defined in testdata/dup/a.yaml`}
		if got := errorLines(err); !slices.Equal(got, want) {
			t.Errorf("LoadDir error = %q, want %q", got, want)
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		if _, err := scenarios.LoadDir("testdata/nowhere", codes); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("LoadDir = %v, want an error wrapping os.ErrNotExist", err)
		}
	})
	t.Run("no files", func(t *testing.T) {
		_, err := scenarios.Load(fstest.MapFS{"README.md": {Data: []byte("hi")}}, codes)
		if err == nil || !strings.Contains(err.Error(), "no *.yaml files") {
			t.Errorf("Load = %v, want a 'no *.yaml files' error", err)
		}
	})
	t.Run("no codes", func(t *testing.T) {
		if _, err := scenarios.Default(nil); err == nil {
			t.Error("Default(nil) succeeded, want an error: files are always checked against the contract")
		}
	})
}

func TestLoadValid(t *testing.T) {
	scs, err := scenarios.LoadDir("testdata/valid", codes)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	slow := &scenarios.Latency{Distribution: "lognormal", Median: fault.Duration(200 * time.Millisecond), Sigma: 0.5, Max: fault.Duration(2 * time.Second)}
	want := []*scenarios.Scenario{{
		Name:        "everything",
		Description: "Every feature of the format.",
		File:        filepath.Join("testdata", "valid", "everything.yaml"),
		Rules: []scenarios.Rule{
			{
				Name:  "demo-steps",
				Match: &scenarios.Match{Action: "ListExecutions", Params: map[string]string{"FlowName": "demo_flow", "Status": "Running"}},
				Loop:  true,
				Steps: []scenarios.Step{
					{Times: new(2), Response: scenarios.Response{Error: flowmock.ResourceThrottled, Message: "Slow down."}},
					{Response: scenarios.Response{Respond: "fixtures", Latency: &scenarios.Latency{
						Distribution: "uniform", Min: fault.Duration(10 * time.Millisecond), Max: fault.Duration(20 * time.Millisecond)}}},
				},
			},
			{Name: "third", Every: new(3), Response: scenarios.Response{Fault: &scenarios.FaultSpec{Type: "reset"}}},
			{Name: "flaky", Probability: new(0.25), Response: scenarios.Response{Error: flowmock.InternalServerError, Latency: slow}},
			{
				Name:      "limit",
				RateLimit: &scenarios.RateLimit{Rate: scenarios.Rate{Count: 100, Per: time.Minute}, Burst: new(10)},
				Response:  scenarios.Response{Error: flowmock.InternalServerError},
			},
			{Name: "rest", Response: scenarios.Response{
				Respond: "fake",
				Latency: slow,
				Fault:   &scenarios.FaultSpec{Type: "dribble", Attributes: map[string]any{"chunks": 3, "duration": "2s"}},
			}},
		},
	}}
	if !reflect.DeepEqual(scs, want) {
		t.Errorf("LoadDir =\n%#v\nwant\n%#v", scs[0], want[0])
	}
}

func TestDefault(t *testing.T) {
	scs, err := scenarios.Default(codes)
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	var names []string
	for _, s := range scs {
		names = append(names, s.Name)
		if s.Description == "" {
			t.Errorf("scenario %s has no description", s.Name)
		}
	}
	for _, want := range []string{"throttled", "throttle-then-recover", "flow-missing", "flaky-5xx", "slow", "rate-limited", "broken-wire"} {
		if !slices.Contains(names, want) {
			t.Errorf("Default() lacks scenario %q (has %v)", want, names)
		}
	}
	if _, err := scenarios.NewEngine(scs, 1, nil); err != nil {
		t.Errorf("NewEngine(Default()): %v", err)
	}

	files, _ := filepath.Glob("*.yaml")
	if len(files) != len(scs) {
		t.Errorf("%d *.yaml files, %d default scenarios", len(files), len(scs))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(string(b), "\n"); first != "# yaml-language-server: $schema=./scenario.schema.json" {
			t.Errorf("%s: first line = %q, want the yaml-language-server schema comment", f, first)
		}
	}
}

func TestRateText(t *testing.T) {
	tests := []struct {
		in   string
		want scenarios.Rate
		text string
	}{
		{"5/s", scenarios.Rate{5, time.Second}, "5/s"},
		{"100/m", scenarios.Rate{100, time.Minute}, "100/m"},
		{"3/h", scenarios.Rate{3, time.Hour}, "3/h"},
		{"1/500ms", scenarios.Rate{1, 500 * time.Millisecond}, "1/500ms"},
		{" 2 / 1s ", scenarios.Rate{2, time.Second}, "2/s"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var r scenarios.Rate
			if err := r.UnmarshalText([]byte(tt.in)); err != nil {
				t.Fatalf("UnmarshalText: %v", err)
			}
			if r != tt.want {
				t.Errorf("UnmarshalText = %+v, want %+v", r, tt.want)
			}
			if got := r.String(); got != tt.text {
				t.Errorf("String() = %q, want %q", got, tt.text)
			}
		})
	}
	for _, bad := range []string{"5", "0/s", "x/s", "5/x", "5/-1s", "5/0s", "-1/s"} {
		t.Run("bad "+bad, func(t *testing.T) {
			var r scenarios.Rate
			if err := r.UnmarshalText([]byte(bad)); err == nil {
				t.Errorf("UnmarshalText(%q) = %+v, want an error", bad, r)
			}
		})
	}
}
