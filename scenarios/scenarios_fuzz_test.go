package scenarios_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/flowmock/flowmock/internal/yamlsrc/yamlsrctest"
	"github.com/flowmock/flowmock/scenarios"
)

// FuzzLoad loads one fuzzed scenario file, seeded with the shipped scenarios (*.yaml) and
// every file of testdata. It checks that Load never panics; that a refused file gives nil
// and an error joining only *LoadErrors, each naming the file and a line of it (the one just
// past the end allowed, where YAML notices a missing end) and printed as "file:line: ...";
// and that a file that loads gives one scenario, from that file, which NewEngine accepts
// and whose decisions answer only codes of the contract.
func FuzzLoad(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"*.yaml", "testdata/*/*.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, m...)
	}
	if len(seeds) == 0 {
		f.Fatal("no seed files")
	}
	for _, name := range seeds {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
	}
	f.Fuzz(func(t *testing.T, data []byte, yml bool) {
		name := "fuzz.yaml"
		if yml {
			name = "fuzz.yml"
		}
		scs, err := scenarios.Load(fstest.MapFS{name: {Data: data}}, codes)
		if err != nil {
			if scs != nil {
				t.Fatalf("Load returned %d scenarios with its error %v", len(scs), err)
			}
			yamlsrctest.CheckProblems(t, name, data, err, true)
			return
		}
		if len(scs) != 1 || scs[0].File != name {
			t.Fatalf("one file loaded as %d scenarios (%+v), want one from %s", len(scs), scs, name)
		}
		sc := scs[0]
		eng, err := scenarios.NewEngine(scs, 1, codes)
		if err != nil {
			t.Fatalf("NewEngine refuses the scenario Load accepted: %v", err)
		}
		req := scenarios.Request{Action: "ListExecutions", Params: url.Values{"FlowName": {"demo_flow"}, "Status": {"Running"}}}
		var st scenarios.State
		for i := range 4 {
			d, err := eng.DecideIn(&st, sc.Name, req)
			if err != nil {
				t.Fatalf("DecideIn #%d: %v", i, err)
			}
			if _, ok := codes[d.Error]; d.Error != "" && !ok {
				t.Fatalf("DecideIn #%d answers %q, not a code of the contract", i, d.Error)
			}
			if d.Rule != "" && !strings.HasPrefix(d.Rule, sc.Name+"/") {
				t.Fatalf("DecideIn #%d: Rule %q is not a rule of %s", i, d.Rule, sc.Name)
			}
			if d.Delay < 0 {
				t.Fatalf("DecideIn #%d: Delay %v", i, d.Delay)
			}
		}
	})
}
