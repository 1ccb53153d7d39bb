package store

import (
	"context"
	"reflect"
	"testing"

	"go.uber.org/goleak"

	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/journal"
)

const waitDef = "Type: StateMachine\nSpecVersion: v1\nName: f\nStartAt: W\nStates:\n  - Type: Wait\n    Name: W\n    Seconds: 300\n    End: true\n"

// kept are the Session fields a teardown keeps: identity and bookkeeping of the store, the
// lock, the count of starts ever (it orders runs across resets), and what the teardown checks
// itself (goes: empty and, when final, closed; chose: kept by reset, checked there; share:
// empty and, when final, closed; named: chose's names, kept and checked as chose is).
var kept = map[string]bool{"id": true, "store": true, "used": true, "mu": true, "started": true, "goes": true, "chose": true, "share": true, "named": true}

// busy gives s everything a session holds: a created flow, a running execution, a parked
// callback task, a goroutine of its own, choices, scenario state and journal records.
func busy(t *testing.T, s *Session) {
	t.Helper()
	def, err := fdl.Parse(waitDef)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateFlow(Flow{Name: "f", Definition: waitDef, Parsed: def}); err != nil {
		t.Fatal(err)
	}
	clk := s.Clock()
	if _, _, err := s.Start("f", "e", "", func(Flow) (*Run, error) {
		ex := interp.Start(context.Background(), interp.Params{Flow: "f", Name: "e", Definition: def, Clock: clk})
		return &Run{Flow: "f", Name: "e", Exec: ex}, nil
	}); err != nil {
		t.Fatal(err)
	}
	s.Park(Pending{Token: "tok", Flow: "f", Execution: "e"})
	s.Go("loop", func(ctx context.Context) { <-ctx.Done() })
	s.SetScenario("chaos")
	s.SetTestCase("happy")
	for range 3 {
		s.Journal().Add(journal.Record{Session: s.id, Action: "StartExecution"}, nil, nil)
	}
}

// TestTeardownForgets: reset, eviction and closing each end every goroutine the session
// started and forget its state: every field but the kept ones is back to its zero value.
func TestTeardownForgets(t *testing.T) {
	set, err := fixtures.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		teardown func(st *Store, s *Session)
		final    bool
	}{
		{name: "reset", teardown: func(st *Store, s *Session) { st.Reset(s.id) }},
		{name: "eviction", teardown: func(st *Store, s *Session) { st.Session("other") }, final: true},
		{name: "close", teardown: func(st *Store, s *Session) { st.Close() }, final: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			jr := journal.New(100, 0, 0)
			st := New(Config{Base: set, Listed: set.Flows(), TimeScale: 1, MaxSessions: 1, Journal: jr})
			s := st.Session("s")
			busy(t, s)
			tt.teardown(st, s)
			checkJournal(t, jr, s, tt.final)
			v := reflect.ValueOf(s).Elem()
			for i := range v.NumField() {
				if f := v.Type().Field(i); !kept[f.Name] && !v.Field(i).IsZero() {
					t.Errorf("field %s = %+v after %s, want it forgotten", f.Name, v.Field(i), tt.name)
				}
			}
			if n := s.Goroutines(); n != 0 || s.goes.closed != tt.final {
				t.Errorf("goroutines %d, closed %v, want 0, %v", n, s.goes.closed, tt.final)
			}
			wantScenario, wantCase := "chaos", "happy" // reset keeps the choices
			if tt.final {
				wantScenario, wantCase = "", ""
				if s.chose != nil {
					t.Errorf("choices %+v, want none", s.chose)
				}
			}
			if s.Scenario() != wantScenario || s.TestCase() != wantCase || s.ScenarioState().Len() != 0 {
				t.Errorf("scenario %q, test case %q, scenario state %d, want %q, %q, 0",
					s.Scenario(), s.TestCase(), s.ScenarioState().Len(), wantScenario, wantCase)
			}
			if tt.final && s.Go("late", func(ctx context.Context) { <-ctx.Done() }) {
				t.Errorf("Go after %s started a goroutine", tt.name)
			}
		})
	}
}

// checkJournal: after a teardown, neither the session's share nor the journal holds a record
// of it, and the share keeps later records unless the teardown was final.
func checkJournal(t *testing.T, jr *journal.Journal, s *Session, final bool) {
	t.Helper()
	if n, all := s.Journal().Len(), jr.Count(journal.Filter{Session: s.id}); n != 0 || all != 0 {
		t.Errorf("journal records of the session: %d in its share, %d in the journal; want none", n, all)
	}
	s.Journal().Add(journal.Record{Session: s.id}, nil, nil)
	want := 1 // a reset session goes on
	if final {
		want = 0 // an evicted or closed one records nothing more
	}
	if got := s.Journal().Len(); got != want {
		t.Errorf("records kept after the teardown: %d, want %d", got, want)
	}
}
