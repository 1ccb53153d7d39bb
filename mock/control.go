package mock

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/flowmock/flowmock/console"
	"github.com/flowmock/flowmock/store"
)

// The control plane, under ControlPrefix on the API's port. Every answer, errors included, is
// JSON. The same operations are Go methods on Server (for package mocktest).
//
//	GET    /_mock/health                      {"status":"ok", "goroutines", "sessions", "reload": last hot reload, …}
//	GET    /_mock/metrics                     Prometheus text format
//	GET    /_mock/scenarios                   [{"name","description","rules"}]
//	GET    /_mock/sessions/{id}               {"session","scenario"}
//	PUT    /_mock/sessions/{id}/scenario      body {"scenario":"NAME"}: activate for the session
//	DELETE /_mock/sessions/{id}/scenario      back to the server default
//	POST   /_mock/sessions/{id}/reset         state, executions, clock, step counters, buckets, randomness, journal
//	GET    /_mock/sessions/{id}/tasks         callback tasks waiting for ReportTask*
//	GET    /_mock/sessions/{id}/executions    executions started in the session
//	POST   /_mock/sessions/{id}/clock         {"advance":"90s"}, {"scale":0}, {"set":"2026-01-02T03:04:05Z"}: the session's clock
//	PUT    /_mock/sessions/{id}/test-case     {"testCase":"NAME"}: the mock file's test case
//	GET    /_mock/requests?session=&action=&status=&code=&scenario=&limit=&cursor=   newest first, paged
//	GET    /_mock/requests/count?…            {"count":N}
//	DELETE /_mock/requests[?session=]         clear the journal (of one session)
//	GET    /_mock/violations                  proxy mode: the upstream's contract violations, transport problems
//	DELETE /_mock/violations                  forget them
//	GET    /_mock/ui/                         the web console (package console)
var controlRoutes = []string{
	"GET /_mock/health",
	"GET /_mock/metrics",
	"GET /_mock/scenarios",
	"GET /_mock/sessions",
	"GET /_mock/sessions/{id}",
	"PUT /_mock/sessions/{id}/scenario",
	"DELETE /_mock/sessions/{id}/scenario",
	"POST /_mock/sessions/{id}/reset",
	"GET /_mock/sessions/{id}/tasks",
	"GET /_mock/sessions/{id}/executions",
	"POST /_mock/sessions/{id}/clock",
	"PUT /_mock/sessions/{id}/test-case",
	"GET /_mock/requests",
	"GET /_mock/requests/count",
	"DELETE /_mock/requests",
	"GET /_mock/violations",
	"DELETE /_mock/violations",
	"GET /_mock/ui/",
}

func (s *Server) control(w http.ResponseWriter, r *http.Request) { s.ctl.ServeHTTP(w, r) }

func (s *Server) controlMux() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, fn func(r *http.Request) (int, any, error)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			status, v, err := 0, any(nil), s.checkSessionID("{id}", r.PathValue("id"))
			if err != nil {
				err = &controlErr{status: http.StatusBadRequest, msg: err.Error()}
			} else {
				status, v, err = fn(r)
			}
			if err != nil {
				var ce *controlErr
				if !errors.As(err, &ce) {
					ce = &controlErr{status: http.StatusInternalServerError, msg: err.Error()}
				}
				writeJSON(w, ce.status, controlError{Error: ce.msg})
				return
			}
			if pg, ok := v.(paged); ok {
				if pg.next != "" {
					w.Header().Set(HeaderNextCursor, pg.next)
				}
				writeList(w, pg.items)
				return
			}
			writeJSON(w, status, v)
		})
	}
	handle("GET /_mock/health", func(*http.Request) (int, any, error) {
		h := map[string]any{"status": "ok", "uptime": time.Since(s.started).Round(time.Millisecond).String(), "journal": s.journal.size(),
			"goroutines": runtime.NumGoroutine(), "sessions": s.store.Load().Len()}
		s.reloads.health(h)
		return 200, h, nil
	})
	handle("GET /_mock/scenarios", func(*http.Request) (int, any, error) {
		return 200, s.ScenarioList(), nil
	})
	handle("GET /_mock/sessions/{id}", func(r *http.Request) (int, any, error) {
		id := r.PathValue("id")
		return 200, sessionView{Session: id, Scenario: s.ActiveScenario(id)}, nil
	})
	handle("PUT /_mock/sessions/{id}/scenario", func(r *http.Request) (int, any, error) {
		var body struct {
			Scenario string `json:"scenario"`
		}
		dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			return 0, nil, &controlErr{status: 400, msg: `body: want {"scenario": "NAME"}: ` + err.Error()}
		}
		id := r.PathValue("id")
		if err := s.SetScenario(id, body.Scenario); err != nil {
			return 0, nil, err
		}
		return 200, sessionView{Session: id, Scenario: s.ActiveScenario(id)}, nil
	})
	handle("DELETE /_mock/sessions/{id}/scenario", func(r *http.Request) (int, any, error) {
		id := r.PathValue("id")
		s.ClearScenario(id)
		return 200, sessionView{Session: id, Scenario: s.ActiveScenario(id)}, nil
	})
	handle("POST /_mock/sessions/{id}/reset", func(r *http.Request) (int, any, error) {
		id := r.PathValue("id")
		n := s.Reset(id)
		return 200, map[string]any{"session": id, "reset": true, "journalDropped": n}, nil
	})
	s.executionRoutes(handle)
	handle("GET /_mock/requests", func(r *http.Request) (int, any, error) {
		f, err := ParseRecordFilter(r.URL.Query())
		if err != nil {
			return 0, nil, err
		}
		recs, next := s.journal.list(f)
		return 200, paged{items: recs, next: cursorString(next)}, nil
	})
	handle("GET /_mock/requests/count", func(r *http.Request) (int, any, error) {
		f, err := ParseRecordFilter(r.URL.Query())
		if err != nil {
			return 0, nil, err
		}
		return 200, map[string]int{"count": s.CountRequests(f)}, nil
	})
	handle("DELETE /_mock/requests", func(r *http.Request) (int, any, error) {
		return 200, map[string]int{"dropped": s.journal.clear(r.URL.Query().Get("session"))}, nil
	})
	s.violationRoutes(handle)
	mux.Handle("GET /_mock/metrics", s.metrics.handler())
	ui := console.Handler()
	mux.Handle(console.Prefix, ui)
	mux.Handle(console.Prefix+"/", ui)
	mux.HandleFunc(ControlPrefix, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, controlError{Error: "no control-plane route " + r.Method + " " + r.URL.Path, Routes: controlRoutes})
	})
	mux.HandleFunc(strings.TrimSuffix(ControlPrefix, "/"), func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, controlError{Error: "no control-plane route " + r.Method + " " + r.URL.Path, Routes: controlRoutes})
	})
	return mux
}

type sessionView struct {
	Session  string `json:"session"`
	Scenario string `json:"scenario"` // "" when none is active
}

type controlError struct {
	Error  string   `json:"error"`
	Routes []string `json:"routes,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// writeList writes a control-plane list answer: 200 and compact JSON (a page may hold
// MaxControlPage records; indenting them would double the work).
func writeList(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// ScenarioInfo describes one scenario for listings.
type ScenarioInfo struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Rules       []string `json:"rules"`
	Default     bool     `json:"default,omitempty"` // the server's default scenario
}

// ScenarioList returns the scenarios the server knows, by name.
func (s *Server) ScenarioList() []ScenarioInfo {
	out := []ScenarioInfo{}
	for _, sc := range s.eng.Load().Scenarios() {
		info := ScenarioInfo{Name: sc.Name, Description: sc.Description, Rules: []string{}, Default: sc.Name == s.cfg.DefaultScenario}
		for _, r := range sc.Rules {
			info.Rules = append(info.Rules, r.Name)
		}
		out = append(out, info)
	}
	return out
}

// SetScenario makes name the active scenario of session. An unknown name is an error that
// lists the known ones.
func (s *Server) SetScenario(session, name string) error {
	ss := s.store.Load().Session(sessionID(session))
	if name == "" {
		return &controlErr{status: 400, msg: `scenario: give a name, or DELETE the session's scenario to clear it`}
	}
	if s.eng.Load().Scenario(name) == nil {
		return &controlErr{status: 404, msg: "no scenario named " + `"` + name + `"; known: ` + s.scenarioNames()}
	}
	ss.SetScenario(name)
	return nil
}

// ClearScenario returns session to the server's default scenario.
func (s *Server) ClearScenario(session string) {
	if ss, ok := s.store.Load().Peek(sessionID(session)); ok {
		ss.SetScenario("")
	}
}

// ActiveScenario returns the scenario requests of session get without X-Mock-Scenario.
func (s *Server) ActiveScenario(session string) string {
	if ss, ok := s.store.Load().Peek(sessionID(session)); ok {
		return s.scenarioOf(ss)
	}
	return s.cfg.DefaultScenario
}

// Reset puts session back to its start: its state (flows, versions, aliases, schedules: the
// fixtures again), scenario step counters, rate-limit buckets and random sources, and its
// journal records (it keeps its active scenario). It returns how many
// journal records it dropped.
func (s *Server) Reset(session string) int {
	session = sessionID(session)
	s.store.Load().Reset(session)
	return s.journal.clear(session)
}

// State is session's state: its flows, versions, aliases and schedules, for tests to look
// at and arrange directly (the same store the API serves).
func (s *Server) State(session string) *store.Session {
	return s.store.Load().Session(sessionID(session))
}

// Requests returns the journal's records that match f, newest first.
func (s *Server) Requests(f RecordFilter) []Record {
	recs, _ := s.journal.list(f)
	return recs
}

// CountRequests returns how many journal records match f.
func (s *Server) CountRequests(f RecordFilter) int { return s.journal.count(f) }

func sessionID(s string) string {
	if s == "" {
		return DefaultSession
	}
	return s
}
