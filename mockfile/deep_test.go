package mockfile_test

import (
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
	const deep = "m.json:1: the file nests deeper than 128 levels"
	longKey := strings.Repeat("k", 100_000)
	yamlsrctest.RunHostile(t, "m.json", []yamlsrctest.Hostile{
		{Name: "nested 440 KB", Data: yamlsrctest.Nested(10_000, 40, false), Want: deep, Deep: true},
		{Name: "nested 940 KB", Data: yamlsrctest.Nested(10_000, 40, true), Want: deep, Deep: true},
		{Name: "return nested 440 KB", Data: mockReturning(yamlsrctest.Nested(9_990, 40, false)), Want: deep, Deep: true},
		{Name: "return nested 940 KB", Data: mockReturning(yamlsrctest.Nested(9_990, 40, true)), Want: deep, Deep: true},
		{Name: "many problems under a long key",
			Data: "Flows: {f: {TestCases: {t: {A: R}}}}\nMockedResponses:\n  R:\n    \"0\":\n      Return:\n        ? " +
				longKey + "\n        : [" + strings.Repeat(".inf, ", 60_000) + "1]\n",
			Want: `m.json:7: MockedResponses.R.0.Return.` + longKey + `[0]: want a finite number`},
		{Name: "aliases",
			Data: "a: &a [" + strings.Repeat("x,", 1000) + "x]\nb: &b [" + strings.Repeat("*a,", 1000) + "*a]\nc: [" + strings.Repeat("*b,", 1000) + "*b]\n",
			Want: "m.json:2: the aliases of the file expand to more than 100000 YAML nodes"},
	}, true, func(data []byte) error {
		_, err := mockfile.Parse("m.json", data)
		return err
	})
}
