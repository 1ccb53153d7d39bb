// Package mocktest runs the flowmock server inside go test, shaped like net/http/httptest:
//
//	srv := mocktest.NewServer(t)                 // listening on 127.0.0.1:0, closed by t.Cleanup
//	res, err := http.Get(srv.URL + "/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow")
//
// The server is the same as the flowmock binary's: the embedded contract, request validation,
// fixtures or faked data, scenarios, faults, sessions and signature verification. It is
// configured as an httptest.Server is: NewUnstartedServer, set fields of Config (the same
// setup.Config `flowmock serve` fills from its flags) and Middleware, then Start:
//
//	srv := mocktest.NewUnstartedServer(t)
//	srv.Config.MocksFile = "testdata/mocks.yaml"
//	srv.Start()
//
// Tests that share one server stay isolated with sessions: Server.Session gives each test its
// own X-Mock-Session, so scenario steps, rate limits, faked data and the journal are per test,
// even with t.Parallel. There is no package-level state; many servers can run at once.
package mocktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/gen/control"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/setup"
	"github.com/flowmock/flowmock/store"
)

// Server is a flowmock server on loopback.
type Server struct {
	// URL is the base URL, http://127.0.0.1:PORT, set by Start.
	URL string

	// Config is the server's configuration: a setup.Config, whose zero value means the
	// defaults, with seed 1 (as `flowmock serve`), responses validated against the contract
	// and session clocks at TimeScale 0 (waits take no time; tests move a clock by hand).
	// Change it before Start.
	Config setup.Config

	// Middleware wraps the mock's handler, e.g. to record the raw responses a client
	// received; later entries wrap earlier ones. Set it before Start.
	Middleware []func(http.Handler) http.Handler

	// Mock is the running mock, set by Start. Its methods are the control plane.
	Mock *mock.Server

	tb       testing.TB
	ts       *httptest.Server
	sessions atomic.Uint64
}

// NewServer starts a server with the default configuration and registers tb.Cleanup to
// close it.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := NewUnstartedServer(tb)
	s.Start()
	return s
}

// NewUnstartedServer returns a server with the default configuration, not started: set
// fields of s.Config and s.Middleware, then call Start.
func NewUnstartedServer(tb testing.TB) *Server {
	return &Server{tb: tb, Config: setup.Config{Config: mock.Config{Seed: 1, ValidateResponses: true}}}
}

// Start builds the mock and starts listening on 127.0.0.1:0 before it returns. It fails the
// test on a bad configuration, and registers Close with tb.Cleanup.
func (s *Server) Start() {
	s.tb.Helper()
	if s.ts != nil {
		s.tb.Fatal("mocktest: Server already started")
	}
	built, err := setup.Build(s.Config)
	if err != nil {
		s.tb.Fatalf("mocktest: %v", err)
	}
	m := built.Server
	s.Mock = m
	var h http.Handler = m
	for _, w := range s.Middleware {
		h = w(h)
	}
	s.ts = httptest.NewServer(h)
	s.URL = s.ts.URL
	s.tb.Cleanup(s.Close)
}

// Close shuts the server down: executions and waits end, outstanding requests finish. It
// is safe to call twice.
func (s *Server) Close() {
	if s.Mock != nil {
		s.Mock.Close()
	}
	if s.ts != nil {
		s.ts.Close()
	}
}

// Endpoint returns host:port, the form the Alibaba SDKs take as their endpoint.
func (s *Server) Endpoint() string { return strings.TrimPrefix(s.URL, "http://") }

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// API returns the generated, typed CloudFlow client for the server.
func (s *Server) API() *cloudflow.ClientWithResponses {
	c, err := cloudflow.NewClientWithResponses(s.URL, cloudflow.WithHTTPClient(s.Client()), cloudflow.WithRequestEditorFn(s.Mock.Contract().WireRequest))
	if err != nil {
		s.tb.Fatalf("mocktest: %v", err)
	}
	return c
}

// SetScenario activates the named scenario for session (it fails the test when there is no
// such scenario).
func (s *Server) SetScenario(session, name string) {
	s.tb.Helper()
	res, err := s.Control().SetScenarioWithResponse(context.Background(), session, control.ScenarioChange{Scenario: name})
	s.ctlOK(fmt.Sprintf("SetScenario(%q, %q)", session, name), err, res, func() []byte { return res.Body })
}

// ClearScenario returns session to the server's default scenario.
func (s *Server) ClearScenario(session string) {
	s.tb.Helper()
	res, err := s.Control().ClearScenarioWithResponse(context.Background(), session)
	s.ctlOK("ClearScenario", err, res, func() []byte { return res.Body })
}

// Reset puts session back to its start: scenario steps, rate limits, randomness and journal.
func (s *Server) Reset(session string) {
	s.tb.Helper()
	res, err := s.Control().ResetSessionWithResponse(context.Background(), session)
	s.ctlOK("Reset", err, res, func() []byte { return res.Body })
}

// State is session's state in the store the API serves (flows, versions, aliases,
// schedules): look at it, or arrange it, without going through the API.
func (s *Server) State(session string) *store.Session { return s.Mock.State(session) }

// Requests returns the journal records matching f, newest first.
func (s *Server) Requests(f mock.RecordFilter) []mock.Record { return s.requests(f) }

// Count returns how many journal records match f.
func (s *Server) Count(f mock.RecordFilter) int { return s.count(f) }

// Session is one test's view of a shared server: its requests carry X-Mock-Session, so its
// scenario state and journal are its own.
type Session struct {
	// ID is the X-Mock-Session value.
	ID string
	s  *Server
	tb testing.TB
}

// Session returns a session unique to tb (its name plus a counter) and resets it when tb ends.
func (s *Server) Session(tb testing.TB) *Session {
	tb.Helper()
	id := fmt.Sprintf("%s#%d", tb.Name(), s.sessions.Add(1))
	ss := &Session{ID: id, s: s, tb: tb}
	tb.Cleanup(func() { s.Mock.Reset(id) })
	return ss
}

// Client returns an HTTP client whose requests carry the session header (and any extra
// headers given as name, value pairs, such as "X-Mock-Scenario", "throttled").
func (ss *Session) Client(headers ...string) *http.Client {
	ss.tb.Helper()
	if len(headers)%2 != 0 {
		ss.tb.Fatal("mocktest: Session.Client takes header name, value pairs")
	}
	base := ss.s.Client().Transport
	if base == nil {
		base = http.DefaultTransport
	}
	h := http.Header{}
	h.Set(mock.HeaderSession, ss.ID)
	for i := 0; i < len(headers); i += 2 {
		h.Add(headers[i], headers[i+1])
	}
	return &http.Client{Transport: headerTransport{base: base, header: h}}
}

// API returns the typed client with the session header.
func (ss *Session) API(headers ...string) *cloudflow.ClientWithResponses {
	c, err := cloudflow.NewClientWithResponses(ss.s.URL, cloudflow.WithHTTPClient(ss.Client(headers...)), cloudflow.WithRequestEditorFn(ss.s.Mock.Contract().WireRequest))
	if err != nil {
		ss.tb.Fatalf("mocktest: %v", err)
	}
	return c
}

// SetScenario activates a scenario for this session.
func (ss *Session) SetScenario(name string) {
	ss.tb.Helper()
	ss.s.SetScenario(ss.ID, name)
}

// Reset puts this session back to its start.
func (ss *Session) Reset() { ss.s.Reset(ss.ID) }

// State is the session's state in the store (flows, versions, aliases, schedules).
func (ss *Session) State() *store.Session { return ss.s.State(ss.ID) }

// Advance moves the session's clock forward by d: waits that end by then end.
func (ss *Session) Advance(d time.Duration) {
	ss.tb.Helper()
	ss.clock(fmt.Sprintf("Advance(%v)", d), control.ClockChange{Advance: ptr(d.String())})
}

// SetClock sets the session's clock to t (not before its time now): a test that needs
// fixed times sets them this way.
func (ss *Session) SetClock(t time.Time) {
	ss.tb.Helper()
	ss.clock(fmt.Sprintf("SetClock(%v)", t), control.ClockChange{Set: ptr(t.Format(time.RFC3339Nano))})
}

// SetClockScale sets the pace of the session's clock (servers start at 0: waits take no
// time; 1 is wall time).
func (ss *Session) SetClockScale(scale float64) {
	ss.tb.Helper()
	ss.clock(fmt.Sprintf("SetClockScale(%v)", scale), control.ClockChange{Scale: &scale})
}

// SetTestCase makes name the mock file's test case for the executions the session starts.
func (ss *Session) SetTestCase(name string) {
	ss.tb.Helper()
	res, err := ss.s.Control().SetTestCaseWithResponse(context.Background(), ss.ID, control.TestCaseChange{TestCase: name})
	ss.s.ctlOK("SetTestCase", err, res, func() []byte { return res.Body })
}

// Tasks lists the callback tasks of the session waiting for ReportTaskSucceeded or
// ReportTaskFailed, oldest first; each carries its token.
func (ss *Session) Tasks() []store.Pending {
	ss.tb.Helper()
	res, err := ss.s.Control().ListTasksWithResponse(context.Background(), ss.ID)
	ss.s.ctlOK("Tasks", err, res, func() []byte { return res.Body })
	var out []store.Pending
	if err := json.Unmarshal(res.Body, &out); err != nil {
		ss.tb.Fatalf("mocktest: Tasks: %v", err)
	}
	return out
}

// Requests returns this session's journal records matching f (f.Session is set for you).
func (ss *Session) Requests(f mock.RecordFilter) []mock.Record {
	f.Session = ss.ID
	return ss.s.Requests(f)
}

// Count returns how many of this session's journal records match f.
func (ss *Session) Count(f mock.RecordFilter) int {
	f.Session = ss.ID
	return ss.s.Count(f)
}

type headerTransport struct {
	base   http.RoundTripper
	header http.Header
}

func (t headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range t.header {
		if r.Header.Get(k) == "" {
			r.Header[k] = v
		}
	}
	return t.base.RoundTrip(r)
}

// Fixtures builds a fixture set from flows given as Go values (flow name → executions), for
// Config.Fixtures. They go through the same checks as fixture files: a value that breaks the
// contract fails tb.
func Fixtures(tb testing.TB, flows map[string][]cloudflow.Execution) *fixtures.Set {
	tb.Helper()
	fsys := fstest.MapFS{}
	for name, execs := range flows {
		b, err := json.Marshal(struct {
			Flow       string                `json:"flow"`
			Executions []cloudflow.Execution `json:"executions"`
		}{name, execs})
		if err != nil {
			tb.Fatalf("mocktest: Fixtures: flow %s: %v", name, err)
		}
		fsys[name+".json"] = &fstest.MapFile{Data: b}
	}
	set, err := fixtures.Load(fsys)
	if err != nil {
		tb.Fatalf("mocktest: Fixtures: %v", err)
	}
	return set
}

// NewRequest returns a ListExecutions GET request for flow with extra query parameters
// (name, value pairs), for tests that build requests by hand.
func (s *Server) NewRequest(ctx context.Context, flow string, params ...string) *http.Request {
	s.tb.Helper()
	if len(params)%2 != 0 {
		s.tb.Fatal("mocktest: NewRequest takes parameter name, value pairs")
	}
	q := url.Values{"Action": {"ListExecutions"}, "Version": {"2019-03-15"}, "FlowName": {flow}}
	for i := 0; i < len(params); i += 2 {
		q.Add(params[i], params[i+1])
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/?"+q.Encode(), nil)
	if err != nil {
		s.tb.Fatalf("mocktest: %v", err)
	}
	return req
}
