package mock

import (
	"maps"
	"sync"
	"time"
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
