package mock

import (
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/store"
)

// newStore is a store whose sessions start from src: the flows it lists (a fixture set),
// and any other flow it knows (faked) on first use.
func (s *Server) newStore(src fixtures.Source) *store.Store {
	var listed []string
	if l, ok := src.(interface{ Flows() []string }); ok {
		listed = l.Flows()
	}
	return store.New(store.Config{Base: src, Listed: listed, TimeScale: s.cfg.TimeScale, Now: s.cfg.Wall,
		MaxSessions: s.cfg.MaxSessions, SessionIdle: s.cfg.SessionIdle, Evicted: s.evicted,
		MaxExecutions: s.cfg.MaxExecutions, MaxRunning: s.cfg.MaxRunning, MaxSessionBytes: s.cfg.MaxSessionBytes,
		Limited: s.metrics.limited, Journal: s.journal})
}

// evicted counts and logs a session the store evicted: it was closed whole (executions,
// schedules, scenario state and choice, test case).
func (s *Server) evicted(session string, running int) {
	s.metrics.evicted.Inc()
	if running > 0 {
		s.metrics.evictedRunning.Inc()
		s.log.Warn("session evicted with running executions; they were stopped", "session", session, "running", running)
		return
	}
	s.log.Debug("session evicted", "session", session)
}
