package mock

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/flowmock/flowmock/gen/control"
	"github.com/flowmock/flowmock/store"
)

// SessionInfo is a live session: its id and how many executions it started.
type SessionInfo struct {
	Session    string `json:"session"`
	Executions int    `json:"executions"`
}

// Sessions lists the live sessions, most recently used first (evicted ones are gone).
func (s *Server) Sessions() []SessionInfo { return s.sessionInfos(s.store.Load().IDs()) }

// sessionsPage is one page of Sessions (offsetPage) and the cursor of the next page ("" on
// the last).
func (s *Server) sessionsPage(limitParam, cursor *int) ([]SessionInfo, string, error) {
	ids, next, err := offsetPage(s.store.Load().IDs(), limitParam, cursor)
	if err != nil {
		return nil, "", err
	}
	return s.sessionInfos(ids), next, nil
}

// sessionInfos describes the live sessions among ids.
func (s *Server) sessionInfos(ids []string) []SessionInfo {
	st := s.store.Load()
	out := make([]SessionInfo, 0, len(ids))
	for _, id := range ids {
		if ss, ok := st.Peek(id); ok {
			out = append(out, SessionInfo{Session: id, Executions: len(ss.AllRuns())})
		}
	}
	return out
}

// ClockInfo is a session clock's state.
type ClockInfo struct {
	Session string    `json:"session"`
	Now     time.Time `json:"now"`
	Scale   float64   `json:"scale"`
}

// setClock applies ch, the body of POST /_mock/sessions/{id}/clock: any of a scale, a time to
// set the clock to (RFC 3339, not before its time now), and a duration to advance it by, in
// that order.
func (s *Server) setClock(session string, ch control.ClockChange) (ClockInfo, error) {
	c := s.State(session).Clock()
	if ch.Scale != nil {
		if err := c.SetScale(*ch.Scale); err != nil {
			return ClockInfo{}, &controlErr{status: http.StatusBadRequest, msg: "scale: " + err.Error()}
		}
	}
	if set := deref(ch.Set); set != "" {
		t, err := time.Parse(time.RFC3339Nano, set)
		if err == nil {
			err = c.Set(t)
		}
		if err != nil {
			return ClockInfo{}, &controlErr{status: http.StatusBadRequest, msg: fmt.Sprintf("set: want an RFC 3339 time such as \"2026-01-02T03:04:05Z\", not before the clock's: %v", err)}
		}
	}
	if advance := deref(ch.Advance); advance != "" {
		d, err := time.ParseDuration(advance)
		if err != nil {
			return ClockInfo{}, &controlErr{status: http.StatusBadRequest, msg: fmt.Sprintf("advance: want a duration such as \"90s\" or \"2h\": %v", err)}
		}
		if err := c.Advance(d); err != nil {
			return ClockInfo{}, &controlErr{status: http.StatusBadRequest, msg: "advance: " + err.Error()}
		}
	}
	return ClockInfo{Session: sessionID(session), Now: c.Now(), Scale: c.Scale()}, nil
}

// SetTestCase makes name the test case of the executions the session starts ("" clears it).
func (s *Server) SetTestCase(session, name string) {
	s.store.Load().Session(sessionID(session)).SetTestCase(name)
}

// TestCase is the session's test case, "" for none.
func (s *Server) TestCase(session string) string {
	if ss, ok := s.store.Load().Peek(sessionID(session)); ok {
		return ss.TestCase()
	}
	return ""
}

// RunInfo describes an execution started in a session.
type RunInfo struct {
	Flow      string `json:"flow"`
	Name      string `json:"name"`
	Status    string `json:"status"`
	TestCase  string `json:"testCase,omitempty"`
	Qualifier string `json:"qualifier,omitempty"`
}

func runInfos(runs []*store.Run) []RunInfo {
	out := make([]RunInfo, 0, len(runs))
	for _, r := range runs {
		out = append(out, RunInfo{Flow: r.Flow, Name: r.Name, Status: string(r.Exec.Snapshot().Status), TestCase: r.TestCase, Qualifier: r.Qualifier})
	}
	return out
}

// cursorString is a journal cursor as the header carries it: "" for none.
func cursorString(seq uint64) string {
	if seq == 0 {
		return ""
	}
	return strconv.FormatUint(seq, 10)
}
