package scenarios_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/flowmock/flowmock/internal/yamlsrc/yamlsrctest"
	"github.com/flowmock/flowmock/scenarios"
)

// TestHostileRefusedCheaply checks that hostile scenario files of up to about 1 MB are
// refused, naming file, line and what is wrong, in bounded time and memory.
func TestHostileRefusedCheaply(t *testing.T) {
	attributes := func(value string) string {
		return `{"name":"x","description":"d","rules":[{"name":"r","fault":{"type":"reset","attributes":` + value + `}}]}`
	}
	for _, tc := range []struct {
		name string
		data string
		want string
		deep bool // the bound issue 17 asks for; others are checked linear
	}{
		{"nested 440 KB", yamlsrctest.Nested(10_000, 40, false), "s.yaml:1: the file nests deeper than 128 levels", true},
		{"nested 940 KB", yamlsrctest.Nested(10_000, 40, true), "s.yaml:1: the file nests deeper than 128 levels", true},
		{"attributes nested 440 KB", attributes(yamlsrctest.Nested(9_990, 40, false)), "s.yaml:1: the file nests deeper than 128 levels", true},
		{"attributes nested 940 KB", attributes(yamlsrctest.Nested(9_990, 40, true)), "s.yaml:1: the file nests deeper than 128 levels", true},
		{"1 MB of unknown keys", "name: x\ndescription: d\nrules:\n" + strings.Repeat("  - {name: r, bogus: 1}\n", 40_000),
			"s.yaml:4: rules[0].bogus: unknown field", false},
		{"aliases", "a: &a [" + strings.Repeat("x,", 1000) + "x]\nb: &b [" + strings.Repeat("*a,", 1000) + "*a]\n",
			"s.yaml:2: the aliases of the file expand to more than 100000 YAML nodes", false},
		{"1 MB name", "name: " + strings.Repeat("n", 1<<20) + "\ndescription: d\nrules: [{name: r, error: ResourceThrottled}]\n",
			"s.yaml:1: name: ", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			cost := yamlsrctest.Measure(func() {
				_, err = scenarios.Load(fstest.MapFS{"s.yaml": {Data: []byte(tc.data)}}, codes)
			})
			if tc.deep {
				yamlsrctest.Within(t, cost)
			} else {
				yamlsrctest.Linear(t, []byte(tc.data), cost)
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("Load error = %.200q…, want it to start with %q", err, tc.want)
			}
			yamlsrctest.CheckProblems(t, "s.yaml", []byte(tc.data), err, true)
			if n := strings.Count(err.Error(), "\n") + 1; n > 20 {
				t.Errorf("Load reported %d problems, want at most 20", n)
			}
		})
	}
}
