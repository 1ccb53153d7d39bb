package mock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/flowmock/flowmock/store"
)

// The control plane for executions:
//
//	GET  /_mock/sessions?limit=&cursor=    the live sessions, most recently used first, paged
//	GET  /_mock/sessions/{id}/tasks        the callback tasks waiting for ReportTask*
//	GET  /_mock/sessions/{id}/executions   the executions started in the session
//	POST /_mock/sessions/{id}/clock        body {"advance":"90s"} and/or {"scale":0}; answers the clock
//	PUT  /_mock/sessions/{id}/test-case    body {"testCase":"NAME"} ("" clears it)
func (s *Server) executionRoutes(handle func(string, func(*http.Request) (int, any, error))) {
	handle("GET /_mock/sessions", func(r *http.Request) (int, any, error) {
		items, next, err := s.sessionsPage(r.URL.Query())
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, paged{items: items, next: next}, nil
	})
	handle("GET /_mock/sessions/{id}/tasks", func(r *http.Request) (int, any, error) {
		return http.StatusOK, s.State(r.PathValue("id")).Waiting(), nil
	})
	handle("GET /_mock/sessions/{id}/executions", func(r *http.Request) (int, any, error) {
		return http.StatusOK, runInfos(s.State(r.PathValue("id")).AllRuns()), nil
	})
	handle("POST /_mock/sessions/{id}/clock", func(r *http.Request) (int, any, error) {
		var body clockChange
		if err := decodeBody(r, &body); err != nil {
			return 0, nil, err
		}
		return s.setClock(r.PathValue("id"), body)
	})
	handle("PUT /_mock/sessions/{id}/test-case", func(r *http.Request) (int, any, error) {
		var body struct {
			TestCase string `json:"testCase"`
		}
		if err := decodeBody(r, &body); err != nil {
			return 0, nil, err
		}
		s.SetTestCase(r.PathValue("id"), body.TestCase)
		return http.StatusOK, map[string]string{"session": sessionID(r.PathValue("id")), "testCase": body.TestCase}, nil
	})
}

// SessionInfo is a live session: its id and how many executions it started.
type SessionInfo struct {
	Session    string `json:"session"`
	Executions int    `json:"executions"`
}

// Sessions lists the live sessions, most recently used first (evicted ones are gone).
func (s *Server) Sessions() []SessionInfo { return s.sessionInfos(s.store.Load().IDs()) }

// sessionsPage is one page of Sessions: limit and cursor (an offset) from q, and the cursor
// of the next page ("" on the last).
func (s *Server) sessionsPage(q url.Values) ([]SessionInfo, string, error) {
	limit, err := pageLimit(q)
	if err != nil {
		return nil, "", err
	}
	off := 0
	if err := intParam(q, "cursor", &off); err != nil {
		return nil, "", err
	}
	ids := s.store.Load().IDs()
	ids = ids[min(off, len(ids)):]
	next := ""
	if len(ids) > limit {
		ids, next = ids[:limit], strconv.Itoa(off+limit)
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

// clockChange is the body of POST /_mock/sessions/{id}/clock: any of a scale, a time to
// set the clock to (RFC 3339, not before its time now), and a duration to advance it by,
// applied in that order.
type clockChange struct {
	Advance string   `json:"advance"`
	Scale   *float64 `json:"scale"`
	Set     string   `json:"set"`
}

func (s *Server) setClock(session string, ch clockChange) (int, any, error) {
	c := s.State(session).Clock()
	if ch.Scale != nil {
		if err := c.SetScale(*ch.Scale); err != nil {
			return 0, nil, &controlErr{status: http.StatusBadRequest, msg: "scale: " + err.Error()}
		}
	}
	if ch.Set != "" {
		t, err := time.Parse(time.RFC3339Nano, ch.Set)
		if err == nil {
			err = c.Set(t)
		}
		if err != nil {
			return 0, nil, &controlErr{status: http.StatusBadRequest, msg: fmt.Sprintf("set: want an RFC 3339 time such as \"2026-01-02T03:04:05Z\", not before the clock's: %v", err)}
		}
	}
	if advance := ch.Advance; advance != "" {
		d, err := time.ParseDuration(advance)
		if err != nil {
			return 0, nil, &controlErr{status: http.StatusBadRequest, msg: fmt.Sprintf("advance: want a duration such as \"90s\" or \"2h\": %v", err)}
		}
		if err := c.Advance(d); err != nil {
			return 0, nil, &controlErr{status: http.StatusBadRequest, msg: "advance: " + err.Error()}
		}
	}
	return http.StatusOK, ClockInfo{Session: sessionID(session), Now: c.Now(), Scale: c.Scale()}, nil
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

// decodeBody decodes a JSON control-plane body strictly.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &controlErr{status: http.StatusBadRequest, msg: "body: " + err.Error()}
	}
	return nil
}

// paged is a control-plane list answer: its items (the JSON body, unchanged) and the cursor
// of the next page, sent as HeaderNextCursor ("" on the last page).
type paged struct {
	items any
	next  string
}

// cursorString is a journal cursor as the header carries it: "" for none.
func cursorString(seq uint64) string {
	if seq == 0 {
		return ""
	}
	return strconv.FormatUint(seq, 10)
}
