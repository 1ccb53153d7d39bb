package emulator

import (
	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/store"
)

// mapRuns keeps an execution's map runs and their children in its session; the children
// show the parent's definition, qualifier and test case.
type mapRuns struct {
	ss                              *store.Session
	definition, qualifier, testCase string
	parsed                          *fdl.Definition
}

func (k *mapRuns) MapRun(m *interp.MapRun) { k.ss.AddMapRun(m) }

func (k *mapRuns) Child(m *interp.MapRun, e *interp.Execution) error {
	return k.ss.AddChild(&store.Run{Flow: m.Flow, Name: e.Name(), Definition: k.definition, Parsed: k.parsed,
		Qualifier: k.qualifier, TestCase: k.testCase, Exec: e, MapRun: m.Name})
}
