package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/store"
)

// keep keeps an execution's map runs and children in a session, as the mock does.
type keep struct{ s *store.Session }

func (k keep) MapRun(m *interp.MapRun) { k.s.AddMapRun(m) }

func (k keep) Child(m *interp.MapRun, e *interp.Execution) error {
	return k.s.AddChild(&store.Run{Flow: m.Flow, Name: e.Name(), Exec: e, MapRun: m.Name})
}

const oneItemMap = `Type: StateMachine
StartAt: M
States:
  - Type: Map
    Name: M
    ItemsPath: $Input.items
    ProcessorConfig: {ExecutionMode: Express}
    Processor:
      StartAt: P
      States:
        - {Type: Pass, Name: P, End: true}
    End: true
`

// TestMapRunsBounded: a session keeps at most --max-executions map runs (and child
// executions), the oldest finished going first, and a reset drops them.
func TestMapRunsBounded(t *testing.T) {
	set := MustDefault(t)
	st := store.New(store.Config{Base: set, Listed: set.Flows(), Now: newClock().Now, TimeScale: 1, MaxExecutions: 2})
	s := st.Session("s")
	MustCreateFlow(t, s, "fan")
	def, err := fdl.Parse(oneItemMap)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		interp.Run(context.Background(), interp.Params{Flow: "fan", Name: fmt.Sprintf("e%d", i), Definition: def,
			Input: `{"items":[{}]}`, MapRuns: keep{s}})
	}
	runs := make([]*interp.MapRun, 3)
	kept := 0
	for i := range 3 {
		for _, r := range mapRunsOf(t, s, fmt.Sprintf("e%d", i)) {
			runs[i] = r
			kept++
		}
	}
	if kept != 2 || runs[0] != nil {
		t.Errorf("the session keeps %d map runs (the first: %v), want the last 2", kept, runs[0] != nil)
	}
	children, _ := s.Runs("fan")
	if len(children) != 2 {
		t.Errorf("the session keeps %d child executions, want 2", len(children))
	}
	st.Reset("s")
	MustCreateFlow(t, s, "fan")
	_, err = s.MapRun("fan", "e2", runs[2].Name)
	WantError(t, err, flowmock.InvalidArgument, fmt.Sprintf("Parameter error. MapRunName: execution e2 of flow fan has no map run %q.", runs[2].Name))
}

// mapRunsOf finds the map runs of execution exec by the names its children carry.
func mapRunsOf(t *testing.T, s *store.Session, exec string) []*interp.MapRun {
	t.Helper()
	runs, err := s.Runs("fan")
	if err != nil {
		t.Fatal(err)
	}
	var out []*interp.MapRun
	for _, r := range runs {
		if m, err := s.MapRun("fan", exec, r.MapRun); err == nil {
			out = append(out, m)
		}
	}
	return out
}
