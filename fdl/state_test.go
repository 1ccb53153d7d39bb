package fdl_test

import (
	"reflect"
	"testing"

	"github.com/flowmock/flowmock/fdl"
)

// TestStateNodeTypes checks that each state of new-every-state.yaml parses into the node
// type of its Type, that Accept calls the Visitor method of that type with the state, and
// that only the types that move on are Movers and only Task, Parallel and Map have error
// rules.
func TestStateNodeTypes(t *testing.T) {
	d := mustParse(t, readGood(t, "new-every-state.yaml"))
	tests := []struct {
		path             string
		want             fdl.StateType
		mover, recoverer bool
		wantScopes       int
	}{
		{"Prepare", fdl.PassState, true, false, 0},
		{"Approve", fdl.TaskState, true, true, 0},
		{"Fan", fdl.ParallelState, true, true, 2},
		{"Fan/Branch1/Pause", fdl.WaitState, true, false, 0},
		{"EachOrder", fdl.MapState, true, true, 1},
		{"Check", fdl.ChoiceState, false, false, 0},
		{"Done", fdl.SucceedState, false, false, 0},
		{"Broken", fdl.FailState, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			s := state[fdl.State](t, d, tt.path)
			if got := s.Type(); got != tt.want {
				t.Errorf("Type() = %q, want %q", got, tt.want)
			}
			if got := reflect.TypeOf(s).Elem().Name(); got != string(tt.want) {
				t.Errorf("node type = %s, want %s", got, tt.want)
			}
			var v visited
			if err := s.Accept(&v); err != nil {
				t.Errorf("Accept: %v", err)
			}
			if v.typ != tt.want || v.state != s {
				t.Errorf("Accept visited a %s, the same state: %v; want a %s, the same state", v.typ, v.state == s, tt.want)
			}
			if _, got := s.(fdl.Mover); got != tt.mover {
				t.Errorf("is a Mover = %v, want %v", got, tt.mover)
			}
			if _, got := s.(fdl.Recoverer); got != tt.recoverer {
				t.Errorf("is a Recoverer = %v, want %v", got, tt.recoverer)
			}
			if got := len(s.Scopes()); got != tt.wantScopes {
				t.Errorf("len(Scopes()) = %d, want %d", got, tt.wantScopes)
			}
		})
	}
}

// visited is an fdl.Visitor that keeps the state it visited and the type it took it for.
type visited struct {
	typ   fdl.StateType
	state fdl.State
}

func (v *visited) visit(t fdl.StateType, s fdl.State) error {
	v.typ, v.state = t, s
	return nil
}

func (v *visited) VisitPass(s *fdl.Pass) error         { return v.visit(fdl.PassState, s) }
func (v *visited) VisitTask(s *fdl.Task) error         { return v.visit(fdl.TaskState, s) }
func (v *visited) VisitChoice(s *fdl.Choice) error     { return v.visit(fdl.ChoiceState, s) }
func (v *visited) VisitParallel(s *fdl.Parallel) error { return v.visit(fdl.ParallelState, s) }
func (v *visited) VisitMap(s *fdl.Map) error           { return v.visit(fdl.MapState, s) }
func (v *visited) VisitWait(s *fdl.Wait) error         { return v.visit(fdl.WaitState, s) }
func (v *visited) VisitSucceed(s *fdl.Succeed) error   { return v.visit(fdl.SucceedState, s) }
func (v *visited) VisitFail(s *fdl.Fail) error         { return v.visit(fdl.FailState, s) }
