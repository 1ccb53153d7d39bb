package fdl

import (
	"strings"
	"testing"

	"github.com/flowmock/flowmock/internal/yamlsrc"
	"github.com/flowmock/flowmock/internal/yamlsrc/yamlsrctest"
)

// TestDeepRefusedCheaply checks that a definition nested 10,000 deep, with 40-character keys,
// is refused naming the depth limit and its line, in bounded time and memory (issue 17: it
// once took 9.5 s and 2 GB, or crashed).
func TestDeepRefusedCheaply(t *testing.T) {
	pass := func(value string) string {
		return `{"Type":"StateMachine","SpecVersion":"v1","StartAt":"A","States":[` +
			`{"Type":"Pass","Name":"A","End":true,"InputConstructor":` + value + `}]}`
	}
	for _, tc := range []struct {
		name string
		text string
	}{
		{"whole 440 KB", yamlsrctest.Nested(10_000, 40, false)},
		{"whole 940 KB", yamlsrctest.Nested(10_000, 40, true)},
		// yaml.v3 refuses more than 10,000 levels itself.
		{"input constructor 440 KB", pass(yamlsrctest.Nested(9_990, 40, false))},
		{"input constructor 940 KB", pass(yamlsrctest.Nested(9_990, 40, true))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			cost := yamlsrctest.Measure(func() { _, err = Parse(tc.text) })
			yamlsrctest.Within(t, cost)
			ps, ok := err.(Problems)
			if !ok || len(ps) != 1 {
				t.Fatalf("Parse error = %v, want one problem", err)
			}
			if want := "the definition nests deeper than 128 levels"; ps[0].Line != 1 || !strings.Contains(ps[0].Message, want) {
				t.Errorf("problem = %v, want line 1 and %q", ps[0], want)
			}
		})
	}
}

// TestHostileLinear checks that other hostile definitions of about 1 MB are refused at a
// cost linear in their size: many problems under a long key, long scalars, aliases.
func TestHostileLinear(t *testing.T) {
	longKey := strings.Repeat("k", 100_000)
	state := func(fields string) string {
		return "Type: StateMachine\nSpecVersion: v1\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n" + fields
	}
	for _, tc := range []struct{ name, text, want string }{
		{"many problems under a long key",
			state("    InputConstructor:\n      ? " + longKey + "\n      : [" + strings.Repeat(".inf, ", 60_000) + "1]\n"),
			"line 10, state A, field InputConstructor." + longKey + "[0]: want a finite number"},
		{"long scalars", state("    Description: " + strings.Repeat("c", 1<<20) + "\n    Bogus: " + strings.Repeat("b", 1<<20) + "\n"),
			"line 9, state A, field Bogus: unknown field"},
		{"aliases", "a: &a [" + strings.Repeat("x,", 1000) + "x]\nb: &b [" + strings.Repeat("*a,", 1000) + "*a]\n",
			"line 2: the aliases of the definition expand to more than 100000 YAML nodes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			cost := yamlsrctest.Measure(func() { _, err = Parse(tc.text) })
			yamlsrctest.Linear(t, []byte(tc.text), cost)
			ps, _ := err.(Problems)
			if len(ps) == 0 || len(ps) > MaxProblems || !strings.HasPrefix(ps[0].Error(), tc.want) {
				t.Fatalf("Parse error = %.200q…, want at most %d problems, the first starting with %.200q", err, MaxProblems, tc.want)
			}
		})
	}
}

// TestDeepestAccepted checks that a value nested exactly to the limit is accepted, and that
// problems deep inside it name their full field path.
func TestDeepestAccepted(t *testing.T) {
	// The top mapping, States and the state take 3 levels; InputConstructor is the 4th.
	inner := yamlsrctest.Nested(yamlsrc.MaxDepth-4, 3, false)
	text := `{"Type":"StateMachine","SpecVersion":"v1","StartAt":"A","States":[` +
		`{"Type":"Pass","Name":"A","End":true,"InputConstructor":` + inner + `}]}`
	if _, err := Parse(text); err != nil {
		t.Fatalf("Parse at the depth limit: %v", err)
	}
	bad := strings.Replace(text, ":1}", ":.inf}", 1)
	_, err := Parse(bad)
	ps, _ := err.(Problems)
	if len(ps) != 1 {
		t.Fatalf("Parse error = %v, want one problem", err)
	}
	want := "InputConstructor" + strings.Repeat(".kkk", yamlsrc.MaxDepth-4)
	if ps[0].Field != want {
		t.Errorf("Field = %.60q…, want %.60q…", ps[0].Field, want)
	}
}
