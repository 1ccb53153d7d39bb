package mock

import (
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/scenarios"
)

// ReloadStatus is the outcome of the last hot reload of one kind.
type ReloadStatus struct {
	OK    bool      `json:"ok"`
	Kind  string    `json:"kind"`            // fixtures, scenarios or mocks
	Error string    `json:"error,omitempty"` // why the change was refused; the previous state stays
	At    time.Time `json:"at"`
}

// reloads keeps the last reload of each kind: a refused fixtures reload stays reported
// until the fixtures load again, whatever reloads of other kinds did meanwhile.
type reloads struct {
	mu     sync.Mutex
	last   map[string]ReloadStatus
	latest string // the kind reloaded last
}

func (r *reloads) set(st ReloadStatus) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.last == nil {
		r.last = map[string]ReloadStatus{}
	}
	r.last[st.Kind], r.latest = st, st.Kind
}

// health adds to a health answer "reload": the latest refused reload still in force, else
// the latest reload; and "reloads": the last of each kind.
func (r *reloads) health(h map[string]any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.latest == "" {
		return
	}
	shown := r.last[r.latest]
	for _, st := range r.last {
		if !st.OK && (shown.OK || st.At.After(shown.At)) {
			shown = st
		}
	}
	h["reload"], h["reloads"] = shown, maps.Clone(r.last)
}

// ReportReload records the outcome of a reload of kind (fixtures, scenarios, mocks): err is
// why a change was refused. It shows in /_mock/health (until a later reload of that kind
// succeeds), the console and the metrics.
func (s *Server) ReportReload(kind string, err error) {
	st := ReloadStatus{OK: err == nil, Kind: kind, At: time.Now().UTC()}
	result := "ok"
	if err != nil {
		st.Error, result = err.Error(), "error"
		s.log.Error("reload refused; keeping the previous state", "kind", kind, "err", err)
	} else {
		s.log.Info("reloaded", "kind", kind)
	}
	s.reloads.set(st)
	s.metrics.reloads.WithLabelValues(kind, result).Inc()
}

// SetData replaces the fixtures (hot reload): every session starts over from the new
// fixtures, and tokens minted over the old data become stale.
func (s *Server) SetData(src fixtures.Source) {
	s.data.Store(&src)
	old := s.store.Swap(s.newStore(src))
	old.Close() // every session of it closed: executions, schedules, choices

	s.ReportReload("fixtures", nil)
}

// SetScenarios replaces the scenario engine (hot reload of scenarios). Session state (steps,
// buckets) starts over; sessions keep their active scenario names. A default scenario that
// no longer exists is an error and the old engine stays.
func (s *Server) SetScenarios(e *scenarios.Engine) error {
	if s.cfg.DefaultScenario != "" && e.Scenario(s.cfg.DefaultScenario) == nil {
		err := fmt.Errorf("the default scenario %q is not in the new set", s.cfg.DefaultScenario)
		s.ReportReload("scenarios", err)
		return err
	}
	s.eng.Store(e)
	s.ReportReload("scenarios", nil)
	return nil
}

// SetMocks replaces the mock file (hot reload); executions already running keep theirs.
func (s *Server) SetMocks(f *mockfile.File) {
	s.emu.SetMocks(f)
	s.ReportReload("mocks", nil)
}
