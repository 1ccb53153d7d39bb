package fdl_test

import (
	"reflect"
	"testing"

	"github.com/flowmock/flowmock/fdl"
)

// TestStateNodeTypes checks that each state of new-every-state.yaml parses into the node
// type of its Type, and that only the types that move on are Movers and only Task,
// Parallel and Map have error rules.
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
