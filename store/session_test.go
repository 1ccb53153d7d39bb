package store_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/store"
)

func TestSessions(t *testing.T) {
	st, _ := NewStore(t)
	if got := st.Len(); got != 0 {
		t.Fatalf("Len of a new Store = %d, want 0", got)
	}
	a := st.Session("a")
	if st.Session("a") != a {
		t.Errorf("Session(a) twice: two sessions, want one")
	}
	if got, want := a.ID(), "a"; got != want {
		t.Errorf("ID = %q, want %q", got, want)
	}
	st.Session("b")
	st.Reset("never-used")
	if got := st.Len(); got != 2 {
		t.Errorf("Len = %d, want 2 (Reset of an unused session creates none)", got)
	}
}

func TestCopyOnWrite(t *testing.T) {
	st, _ := NewStore(t)
	a, b := st.Session("a"), st.Session("b")
	MustCreateFlow(t, a, "mine")
	if _, err := a.UpdateFlow("demo_flow", store.FlowPatch{Description: ptr("changed")}); err != nil {
		t.Fatalf("UpdateFlow: %v", err)
	}
	if err := a.DeleteFlow("image_resize"); err != nil {
		t.Fatalf("DeleteFlow: %v", err)
	}
	MustPublish(t, a, "order_pipeline", 1)
	if _, err := a.CreateSchedule(store.Schedule{Flow: "nightly_report", Name: "s", Cron: "0 * * * * *"}); err != nil {
		t.Fatalf("CreateSchedule: %v", err)
	}

	t.Run("a sees its changes", func(t *testing.T) {
		want := []string{"demo_flow", "empty_flow", "nightly_report", "order_pipeline", "mine"}
		if got := AllFlows(t, a, 2); !slices.Equal(got, want) {
			t.Errorf("ListFlows = %q, want %q", got, want)
		}
		if f, _ := a.Flow("demo_flow"); f.Description != "changed" {
			t.Errorf("demo_flow Description = %q, want changed", f.Description)
		}
	})
	t.Run("b does not", func(t *testing.T) {
		if got := AllFlows(t, b, 2); !slices.Equal(got, listedNames) {
			t.Errorf("ListFlows = %q, want %q", got, listedNames)
		}
		_, err := b.Flow("mine")
		WantError(t, err, flowmock.FlowNotExists, "Flow mine does not exist.")
		if f, _ := b.Flow("demo_flow"); f.Description != "" {
			t.Errorf("demo_flow Description = %q, want none", f.Description)
		}
		if _, err := b.Flow("image_resize"); err != nil {
			t.Errorf("Flow(image_resize): %v", err)
		}
		if vs, _, _ := b.ListVersions("order_pipeline", 0, 0); len(vs) != 0 {
			t.Errorf("ListVersions = %+v, want none", vs)
		}
		if scs, _, _ := b.ListSchedules("nightly_report", 0, 0); len(scs) != 0 {
			t.Errorf("ListSchedules = %+v, want none", scs)
		}
	})
}

func TestExecutions(t *testing.T) {
	st, _ := NewStore(t)
	set := MustDefault(t)
	s := st.Session("s")
	MustCreateFlow(t, s, "created")
	if _, err := s.UpdateFlow("order_pipeline", store.FlowPatch{Description: ptr("changed")}); err != nil {
		t.Fatalf("UpdateFlow: %v", err)
	}
	for _, name := range []string{"demo_flow", "image_resize"} {
		if err := s.DeleteFlow(name); err != nil {
			t.Fatalf("DeleteFlow: %v", err)
		}
	}
	MustCreateFlow(t, s, "demo_flow")

	tests := []struct {
		name     string
		flow     string
		wantBase bool // want the very *fixtures.Flow of the set
		wantCode flowmock.Code
		wantMsg  string
	}{
		{name: "fixture flow", flow: "nightly_report", wantBase: true},
		{name: "updated fixture flow", flow: "order_pipeline", wantBase: true},
		{name: "created flow", flow: "created"},
		{name: "deleted then recreated fixture flow", flow: "demo_flow"},
		{name: "deleted fixture flow", flow: "image_resize", wantCode: flowmock.FlowNotExists, wantMsg: "Flow image_resize does not exist."},
		{name: "unknown flow", flow: "nope", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Executions(tt.flow)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				return
			}
			if tt.wantBase {
				if want := MustFlow(t, set, tt.flow); got != want {
					t.Errorf("Executions = %p, want the set's %p", got, want)
				}
				return
			}
			if got.Name != tt.flow || got.Executions == nil || len(got.Executions) != 0 {
				t.Errorf("Executions = %q with %d executions (nil: %v), want %q with an empty list",
					got.Name, len(got.Executions), got.Executions == nil, tt.flow)
			}
			if again, _ := s.Executions(tt.flow); again != got {
				t.Errorf("Executions twice: %p then %p, want the same flow", got, again)
			}
			if other, _ := st.Session("other").Executions(tt.flow); other == got {
				t.Errorf("another session sees this session's executions")
			}
		})
	}
}

func TestReset(t *testing.T) {
	st, _ := NewStore(t)
	set := MustDefault(t)
	s := st.Session("s")
	MustCreateFlow(t, s, "mine")
	MustPublish(t, s, "demo_flow", 2)
	if err := s.DeleteFlow("empty_flow"); err != nil {
		t.Fatalf("DeleteFlow: %v", err)
	}
	st.Reset("s")
	if st.Session("s") != s {
		t.Fatalf("Reset replaced the session")
	}
	if got := AllFlows(t, s, 3); !slices.Equal(got, listedNames) {
		t.Errorf("ListFlows after Reset = %q, want %q", got, listedNames)
	}
	_, err := s.Flow("mine")
	WantError(t, err, flowmock.FlowNotExists, "Flow mine does not exist.")
	if vs, _, _ := s.ListVersions("demo_flow", 0, 0); len(vs) != 0 {
		t.Errorf("ListVersions after Reset = %+v, want none", vs)
	}
	if got, _ := s.Executions("empty_flow"); got != MustFlow(t, set, "empty_flow") {
		t.Errorf("Executions(empty_flow) after Reset: not the set's")
	}
	MustCreateFlow(t, s, "mine") // the session goes on working
}

func TestFakedFlows(t *testing.T) {
	set := MustDefault(t)
	faker := fixtures.NewFaker(1)
	st := store.New(store.Config{Base: fixtures.Chain(set, faker), Listed: set.Flows(), Now: newClock().Now, TimeScale: 1})
	s := st.Session("s")

	f, err := s.Flow("orders_east")
	if err != nil {
		t.Fatalf("Flow(orders_east): %v", err)
	}
	fl := MustSessionFlow(t, faker, "s", "orders_east")
	if f.Definition != fl.Definition || f.Definition == "" || f.Type != "FDL" || f.ExecutionMode != "Standard" || !uuidRE.MatchString(f.ID) {
		t.Errorf("Flow(orders_east) = %+v, want the faker's definition, FDL, Standard, a UUID", f)
	}
	if oldest := fl.Executions[len(fl.Executions)-1].StartedTime.Time; !f.Created.Before(oldest) || oldest.Sub(f.Created).Hours() > 48 {
		t.Errorf("Created = %v, want the day before the oldest execution %v", f.Created, oldest)
	}
	if got, _ := s.Executions("orders_east"); got != fl {
		t.Errorf("Executions(orders_east): not the faker's flow")
	}
	want := append(slices.Clone(listedNames), "orders_east")
	if got := AllFlows(t, s, 2); !slices.Equal(got, want) {
		t.Errorf("ListFlows after first use = %q, want %q", got, want)
	}
	if got := AllFlows(t, st.Session("other"), 0); !slices.Equal(got, listedNames) {
		t.Errorf("ListFlows in another session = %q, want %q", got, listedNames)
	}
	if _, err := s.UpdateFlow("payments_x", store.FlowPatch{Description: ptr("d")}); err != nil {
		t.Errorf("UpdateFlow of an unused faked flow: %v", err)
	}

	_, err = s.Flow("9lives")
	WantError(t, err, flowmock.FlowNotExists, "Flow 9lives does not exist.")

	if err := s.DeleteFlow("orders_east"); err != nil {
		t.Fatalf("DeleteFlow: %v", err)
	}
	_, err = s.Flow("orders_east")
	WantError(t, err, flowmock.FlowNotExists, "Flow orders_east does not exist.")
	MustCreateFlow(t, s, "orders_east")
	if got, _ := s.Executions("orders_east"); len(got.Executions) != 0 {
		t.Errorf("recreated faked flow has %d executions, want 0", len(got.Executions))
	}
}

// MustSessionFlow returns the flow name of src as session sees it.
func MustSessionFlow(tb testing.TB, src fixtures.Source, session, name string) *fixtures.Flow {
	tb.Helper()
	fl, err := src.Flow(session, name)
	if err != nil {
		tb.Fatalf("Flow(%q, %q): %v", session, name, err)
	}
	return fl
}

func TestFakerOnly(t *testing.T) {
	st := store.New(store.Config{Base: fixtures.NewFaker(1), Now: newClock().Now, TimeScale: 1})
	s := st.Session("s")
	if got := AllFlows(t, s, 0); len(got) != 0 {
		t.Fatalf("ListFlows of a fresh session = %q, want none", got)
	}
	MustCreateFlow(t, s, "made")
	for _, name := range []string{"zeta_jobs", "alpha_jobs"} {
		if _, err := s.Flow(name); err != nil {
			t.Fatalf("Flow(%q): %v", name, err)
		}
	}
	if got, want := AllFlows(t, s, 1), []string{"made", "zeta_jobs", "alpha_jobs"}; !slices.Equal(got, want) {
		t.Errorf("ListFlows = %q, want %q in order of first use", got, want)
	}
	WantError(t, s.DeleteFlow("made"), "", "")
	_, err := s.Flow("made") // deleted: not faked anew
	WantError(t, err, flowmock.FlowNotExists, "Flow made does not exist.")
}

func TestMaxFlows(t *testing.T) {
	set := MustDefault(t)
	st := store.New(store.Config{Base: fixtures.Chain(set, fixtures.NewFaker(1)), Listed: set.Flows(), Now: newClock().Now, TimeScale: 1, MaxFlows: 7})
	s := st.Session("s")
	MustCreateFlow(t, s, "f1")
	MustCreateFlow(t, s, "f2")
	_, err := s.CreateFlow(store.Flow{Name: "f3"})
	WantError(t, err, flowmock.InvalidArgument, "Parameter error. Name: cannot create flow f3: a session has at most 7 flows.")
	if _, err := s.Flow("faked_one"); err != nil {
		t.Errorf("materializing beyond MaxFlows: %v", err)
	}
	WantError(t, s.DeleteFlow("demo_flow"), "", "")
	WantError(t, s.DeleteFlow("faked_one"), "", "")
	MustCreateFlow(t, s, "f3")
}

func TestNewPanics(t *testing.T) {
	set := MustDefault(t)
	tests := []struct {
		name    string
		listed  []string
		wantMsg string
	}{
		{"unknown flow", []string{"demo_flow", "nope"}, `store: Listed flow "nope": FlowNotExists: Flow nope does not exist.`},
		{"flow named twice", []string{"demo_flow", "demo_flow"}, `store: Listed names flow "demo_flow" twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if got := recover(); got != tt.wantMsg {
					t.Errorf("New panics with %v, want %q", got, tt.wantMsg)
				}
			}()
			store.New(store.Config{Base: set, Listed: tt.listed})
		})
	}
}

func TestIDs(t *testing.T) {
	ids := func(session string) []string {
		st, _ := NewStore(t)
		s := st.Session(session)
		var out []string
		for range 2 {
			f := MustCreateFlow(t, s, "f")
			sc, err := s.CreateSchedule(store.Schedule{Flow: "f", Name: "s", Cron: "0 * * * * *"})
			if err != nil {
				t.Fatalf("CreateSchedule: %v", err)
			}
			out = append(out, f.ID, sc.ID)
			if err := s.DeleteFlow("f"); err != nil {
				t.Fatalf("DeleteFlow: %v", err)
			}
		}
		base, _ := s.Flow("demo_flow")
		return append(out, base.ID)
	}
	a, again, b := ids("a"), ids("a"), ids("b")
	if !slices.Equal(a, again) {
		t.Errorf("IDs differ between two stores: %q and %q", a, again)
	}
	if got, want := len(slices.Compact(slices.Sorted(slices.Values(a)))), len(a); got != want {
		t.Errorf("IDs %q: %d distinct, want %d (a recreated flow gets a new ID)", a, got, want)
	}
	for i := range 4 {
		if a[i] == b[i] {
			t.Errorf("ID %d is %q in two sessions, want different IDs", i, a[i])
		}
	}
	if a[4] != b[4] {
		t.Errorf("fixture flow ID = %q and %q in two sessions, want one ID", a[4], b[4])
	}
}

func TestCopies(t *testing.T) {
	st, _ := NewStore(t)
	s := st.Session("s")
	env := []store.Variable{{Name: "K", Value: "V"}}
	f, err := s.CreateFlow(store.Flow{Name: "f", Environment: env})
	if err != nil {
		t.Fatalf("CreateFlow: %v", err)
	}
	env[0].Value = "changed by the caller"
	f.Environment[0].Value = "changed by the caller"
	MustPublish(t, s, "f", 1)
	routes := []store.Route{route("1", 100)}
	a, err := s.CreateAlias(store.Alias{Flow: "f", Name: "prod", Routes: routes})
	if err != nil {
		t.Fatalf("CreateAlias: %v", err)
	}
	routes[0].Weight, a.Routes[0].Weight = 1, 1
	page, _ := s.ListFlows(5, 1)
	page[0].Environment[0].Value = "changed by the caller"

	if got, _ := s.Flow("f"); got.Environment[0].Value != "V" {
		t.Errorf("Environment = %+v, want the value given at creation", got.Environment)
	}
	if got, _ := s.Alias("f", "prod"); got.Routes[0].Weight != 100 {
		t.Errorf("Routes = %+v, want the routes given at creation", got.Routes)
	}
}

func TestParallelSessions(t *testing.T) {
	st, _ := NewStore(t)
	const sessions, flows = 64, 50
	var wg sync.WaitGroup
	for g := range sessions {
		wg.Go(func() {
			s := st.Session(fmt.Sprintf("g%d", g))
			want := slices.Clone(listedNames)
			for i := range flows {
				name := fmt.Sprintf("g%d_f%d", g, i)
				if _, err := s.CreateFlow(store.Flow{Name: name}); err != nil {
					t.Errorf("session %d: CreateFlow(%s): %v", g, name, err)
					return
				}
				want = append(want, name)
			}
			if got := listAll(s, 7); !slices.Equal(got, want) {
				t.Errorf("session %d: ListFlows = %q, want %q", g, got, want)
			}
			for i := range flows {
				if err := s.DeleteFlow(fmt.Sprintf("g%d_f%d", g, i)); err != nil {
					t.Errorf("session %d: DeleteFlow: %v", g, err)
				}
			}
			if got := listAll(s, 7); !slices.Equal(got, listedNames) {
				t.Errorf("session %d: ListFlows after deletes = %q, want %q", g, got, listedNames)
			}
		})
	}
	wg.Wait()
	if got := st.Len(); got != sessions {
		t.Errorf("Len = %d, want %d", got, sessions)
	}
}

// listAll pages through the session's flows; unlike AllFlows it may run on any goroutine.
func listAll(s *store.Session, limit int) []string {
	var names []string
	for after := uint64(0); ; {
		page, next := s.ListFlows(after, limit)
		for _, f := range page {
			names = append(names, f.Name)
		}
		if next == 0 {
			return names
		}
		after = next
	}
}

// broken is a Source that fails.
type broken struct{}

func (broken) Flow(_, name string) (*fixtures.Flow, error) {
	return nil, flowmock.Errorf(flowmock.InternalServerError, "An internal error has occurred. Please retry.")
}

func TestBaseErrors(t *testing.T) {
	tests := []struct {
		name     string
		base     fixtures.Source
		wantCode flowmock.Code
		wantMsg  string
	}{
		{"no base", nil, flowmock.FlowNotExists, "Flow x does not exist."},
		{"failing base", broken{}, flowmock.InternalServerError, "An internal error has occurred. Please retry."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := store.New(store.Config{Base: tt.base}).Session("s")
			_, err := s.Flow("x")
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if got := AllFlows(t, s, 0); len(got) != 0 {
				t.Errorf("ListFlows = %q, want none", got)
			}
		})
	}
}
