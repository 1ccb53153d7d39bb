package mockfile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/internal/yamlsrc/yamlsrctest"
	"github.com/flowmock/flowmock/mockfile"
)

// mockReturning is a mock file whose one answer returns value.
func mockReturning(value string) string {
	return `{"Flows":{"f":{"TestCases":{"t":{"A":"R"}}}},"MockedResponses":{"R":{"0":{"Return":` + value + `}}}}`
}

// TestHostileRefusedCheaply checks that hostile mock files of about 1 MB are refused, naming
// file, line and what is wrong, in bounded time and memory (issue 17: a 140 KB one once cost
// 530 MB).
func TestHostileRefusedCheaply(t *testing.T) {
	longKey := strings.Repeat("k", 100_000)
	for _, tc := range []struct {
		name string
		data string
		want string
		deep bool // the bound issue 17 asks for; others are checked linear
	}{
		{"nested 440 KB", yamlsrctest.Nested(10_000, 40, false), "m.json:1: the file nests deeper than 128 levels", true},
		{"nested 940 KB", yamlsrctest.Nested(10_000, 40, true), "m.json:1: the file nests deeper than 128 levels", true},
		{"return nested 440 KB", mockReturning(yamlsrctest.Nested(9_990, 40, false)), "m.json:1: the file nests deeper than 128 levels", true},
		{"return nested 940 KB", mockReturning(yamlsrctest.Nested(9_990, 40, true)), "m.json:1: the file nests deeper than 128 levels", true},
		{"many problems under a long key", "Flows: {f: {TestCases: {t: {A: R}}}}\nMockedResponses:\n  R:\n    \"0\":\n      Return:\n        ? " +
			longKey + "\n        : [" + strings.Repeat(".inf, ", 60_000) + "1]\n",
			`m.json:7: MockedResponses.R.0.Return.` + longKey + `[0]: want a finite number`, false},
		{"aliases", "a: &a [" + strings.Repeat("x,", 1000) + "x]\nb: &b [" + strings.Repeat("*a,", 1000) + "*a]\nc: [" + strings.Repeat("*b,", 1000) + "*b]\n",
			"m.json:2: the aliases of the file expand to more than 100000 YAML nodes", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			cost := yamlsrctest.Measure(func() { _, err = mockfile.Parse("m.json", []byte(tc.data)) })
			if tc.deep {
				yamlsrctest.Within(t, cost)
			} else {
				yamlsrctest.Linear(t, []byte(tc.data), cost)
			}
			var me *mockfile.Error
			if !errors.As(err, &me) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("Parse error = %.200q…, want it to start with %.200q", err, tc.want)
			}
			if n := strings.Count(err.Error(), "\n") + 1; n > 20 {
				t.Errorf("Parse reported %d problems, want at most 20", n)
			}
		})
	}
}
