package mock

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/flowmock/flowmock/console"
	"github.com/flowmock/flowmock/gen/control"
	"github.com/flowmock/flowmock/store"
)

// The control plane, under ControlPrefix on the API's port, is described by its own contract,
// openapi/control.yaml, and served through the strict server generated from it (gen/control;
// the handlers are in control_api.go). Every answer, errors included, is JSON; every error is
// control.ControlError. The same operations are Go methods on Server (for package mocktest).
// The metrics and the console's files are declared in the contract and served by their own
// handlers.
func (s *Server) control(w http.ResponseWriter, r *http.Request) { s.ctl.ServeHTTP(w, r) }

func (s *Server) controlMux() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /_mock/metrics", s.metrics.handler())
	ui := console.Handler()
	mux.Handle("GET "+console.Prefix, ui)
	mux.Handle("GET "+console.Prefix+"/", ui)
	mux.HandleFunc(ControlPrefix, unrouted)
	mux.HandleFunc(strings.TrimSuffix(ControlPrefix, "/"), unrouted)
	strict := control.NewStrictHandlerWithOptions(controlAPI{s}, []control.StrictMiddlewareFunc{handBody}, control.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  func(w http.ResponseWriter, _ *http.Request, err error) { writeControlErr(w, badBody(err)) },
		ResponseErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) { writeControlErr(w, err) },
	})
	return dropEmptyQuery(control.HandlerWithOptions(strict, control.StdHTTPServerOptions{
		BaseRouter:       mux,
		Middlewares:      []control.MiddlewareFunc{strictBody},
		ErrorHandlerFunc: paramError,
	}))
}

type sessionView = control.SessionView

// controlError is the control plane's one error shape, declared in its contract.
type controlError = control.ControlError

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
	if ss, ok := s.store.Load().Peek(sessionID(session)); ok {
		return ss.Reset() // its journal share goes with the rest of its state
	}
	return 0
}

// State is session's state: its flows, versions, aliases and schedules, for tests to look
// at and arrange directly (the same store the API serves).
func (s *Server) State(session string) *store.Session {
	return s.store.Load().Session(sessionID(session))
}

// Requests returns the journal's records that match f, newest first.
func (s *Server) Requests(f RecordFilter) []Record {
	recs, _ := s.journal.List(f)
	return recs
}

// CountRequests returns how many journal records match f.
func (s *Server) CountRequests(f RecordFilter) int { return s.journal.Count(f) }

func sessionID(s string) string {
	if s == "" {
		return DefaultSession
	}
	return s
}
