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
	const deep = "s.yaml:1: the file nests deeper than 128 levels"
	attributes := func(value string) string {
		return `{"name":"x","description":"d","rules":[{"name":"r","fault":{"type":"reset","attributes":` + value + `}}]}`
	}
	yamlsrctest.RunHostile(t, "s.yaml", []yamlsrctest.Hostile{
		{Name: "nested 440 KB", Data: yamlsrctest.Nested(10_000, 40, false), Want: deep, Deep: true},
		{Name: "nested 940 KB", Data: yamlsrctest.Nested(10_000, 40, true), Want: deep, Deep: true},
		{Name: "attributes nested 440 KB", Data: attributes(yamlsrctest.Nested(9_990, 40, false)), Want: deep, Deep: true},
		{Name: "attributes nested 940 KB", Data: attributes(yamlsrctest.Nested(9_990, 40, true)), Want: deep, Deep: true},
		{Name: "1 MB of unknown keys", Data: "name: x\ndescription: d\nrules:\n" + strings.Repeat("  - {name: r, bogus: 1}\n", 40_000),
			Want: "s.yaml:4: rules[0].bogus: unknown field"},
		{Name: "aliases", Data: "a: &a [" + strings.Repeat("x,", 1000) + "x]\nb: &b [" + strings.Repeat("*a,", 1000) + "*a]\n",
			Want: "s.yaml:2: the aliases of the file expand to more than 100000 YAML nodes"},
		{Name: "1 MB name", Data: "name: " + strings.Repeat("n", 1<<20) + "\ndescription: d\nrules: [{name: r, error: ResourceThrottled}]\n",
			Want: "s.yaml:1: name: "},
	}, true, func(data []byte) error {
		_, err := scenarios.Load(fstest.MapFS{"s.yaml": {Data: data}}, codes)
		return err
	})
}
