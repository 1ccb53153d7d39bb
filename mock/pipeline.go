package mock

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/fault"
	"github.com/flowmock/flowmock/journal"
	"github.com/flowmock/flowmock/scenarios"
	"github.com/flowmock/flowmock/store"
)

// statusClientGone is what the journal records when the client left before the answer
// (nginx's 499).
const statusClientGone = 499

// ServeHTTP routes the control plane and the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPrefix) || r.URL.Path == strings.TrimSuffix(ControlPrefix, "/") {
		if !s.guard(w, r) {
			s.control(w, r)
		}
		return
	}
	if s.cors(w, r) {
		return
	}
	c := &call{raw: r, session: sessionID(header(r.Header, HeaderSession)), start: time.Now(), seq: s.journal.Arrive()}
	defer s.record(c)
	if s.refuseSession(w, c) {
		return
	}
	if r.URL.Path != s.con.Wire.Path {
		c.requestID = s.newRequestID()
		s.writeEnvelope(w, c, http.StatusNotFound, "InvalidPath",
			fmt.Sprintf("The path %q is not served. CloudFlow RPC requests go to \"/\" (GET or POST); the mock's control plane is under %s.", r.URL.Path, ControlPrefix))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		c.requestID = s.newRequestID()
		w.Header().Set("Allow", "GET, POST")
		s.writeEnvelope(w, c, http.StatusMethodNotAllowed, "MethodNotAllowed",
			fmt.Sprintf("The method %s is not allowed. CloudFlow RPC requests use GET or POST on \"/\".", r.Method))
		return
	}
	s.serveAPI(w, c)
}

// serveAPI runs the request path forward: normalize → authenticate → resolve the action →
// validate → choose the response → the action's handler → write. Each step hands the call on.
func (s *Server) serveAPI(w http.ResponseWriter, c *call) {
	r := c.raw
	params, body, problems, err := s.normalize(r)
	c.params, c.body = params, body
	if params != nil {
		c.requestID = params.Get("RequestId")
	}
	if c.requestID == "" {
		c.requestID = s.newRequestID()
	}
	if err == nil && s.cfg.Auth != nil {
		err = s.cfg.Auth.VerifyRequest(r, body)
	}
	if err == nil {
		err = s.resolve(c)
	}
	if err == nil {
		err = s.validate(c, problems)
	}
	if err != nil {
		s.writeError(w, c, err)
		return
	}
	c.state = s.store.Load().Session(c.session) // looked up once; it counts for eviction
	d, err := s.choose(c)
	if err != nil {
		s.writeError(w, c, err)
		return
	}
	s.answer(w, c, d)
}

// choice is the answer chosen for one call: by the per-request headers, or by the scenario
// of the request, its session or the server.
type answer struct {
	scenarios.Decision
	// status, when set, is the status of an error code outside the contract (AllowUndeclared).
	status int
}

// choose decides how to answer: the per-request headers first, then the scenario.
func (s *Server) choose(c *call) (answer, error) {
	ch, err := s.perRequest(c)
	if err != nil {
		return answer{}, err
	}
	if ch.dynamic {
		c.data = s.cfg.Fake
	}
	if ch.code != "" {
		c.injected = ch.source
		return answer{Decision: scenarios.Decision{Error: ch.code}, status: ch.status}, nil
	}
	d, err := s.decide(c)
	if err != nil {
		return answer{}, err
	}
	switch d.Data {
	case scenarios.DataFake:
		c.data = s.cfg.Fake
	case scenarios.DataFixtures:
		c.data = *s.data.Load()
	}
	return answer{Decision: d}, nil
}

// answer applies the chosen answer: headers, latency, then an error, a fault or the handler.
func (s *Server) answer(w http.ResponseWriter, c *call, a answer) {
	for k, v := range a.Header {
		w.Header()[k] = v
	}
	if a.Delay > 0 {
		ctx, done := s.untilClose(c.raw.Context())
		err := clock.Sleep(ctx, a.Delay)
		done()
		if err != nil {
			c.status, c.code = statusClientGone, "ClientClosedRequest"
			s.abortIfClosed()
			return
		}
	}
	if !a.Fault.IsZero() {
		s.serveFault(w, c, a)
		return
	}
	s.respond(w, c, a)
}

// respond writes the error the answer names, or what the action's handler returns.
func (s *Server) respond(w http.ResponseWriter, c *call, a answer) {
	switch {
	case a.status != 0:
		c.undeclared = true
		s.writeEnvelope(w, c, a.status, string(a.Error), fmt.Sprintf("flowmock: %s %d injected on request (outside the contract).", a.Error, a.status))
	case a.Error != "":
		s.writeError(w, c, s.injected(a.Error, c.params, a.Message))
	case s.cfg.Upstream != nil:
		s.forward(w, c)
	default:
		s.serve(w, c)
	}
}

// serveFault builds the response the mock would have sent, then hands it to the fault.
func (s *Server) serveFault(w http.ResponseWriter, c *call, a answer) {
	r := c.raw
	c.fault = a.Fault.Name()
	rec := &recorder{header: http.Header{}}
	for k, v := range w.Header() {
		rec.header[k] = v
	}
	s.respond(rec, c, a)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	c.status = rec.status
	if a.Fault.BreaksWire() {
		// The wire breaks at once: journal the call first, as the answer's writer does, so a
		// client that reads the journal after its broken answer finds the call.
		s.record(c)
	}
	ctx, done := s.untilClose(r.Context())
	defer done()
	if err := fault.Apply(ctx, w, a.Fault, rec.status, rec.header, rec.body.Bytes()); err != nil {
		if errors.Is(err, http.ErrNotSupported) {
			panic(http.ErrAbortHandler)
		}
		if r.Context().Err() != nil {
			c.status = statusClientGone
		}
		s.log.Debug("fault ended early", "fault", c.fault, "request_id", c.requestID, "err", err)
	}
}

// scenarioOf is the scenario ss chose, else the server's default.
func (s *Server) scenarioOf(ss *store.Session) string {
	if name := ss.Scenario(); name != "" {
		return name
	}
	return s.cfg.DefaultScenario
}

// decide asks the scenario engine, for the scenario the request, its session or the server
// chose.
func (s *Server) decide(c *call) (scenarios.Decision, error) {
	name, fromHeader := header(c.raw.Header, HeaderScenario), true
	if name == "" {
		name, fromHeader = s.scenarioOf(c.state), false
	}
	if name == "" {
		return scenarios.Decision{}, nil
	}
	c.scenario = name
	d, err := s.eng.Load().DecideIn(c.state.ScenarioState(), name, scenarios.Request{Action: c.action.Name, Params: c.params, Session: c.session})
	if errors.Is(err, scenarios.ErrUnknownScenario) {
		if fromHeader {
			return d, s.mockErrorf("%s: no scenario named %q; known: %s", HeaderScenario, name, s.scenarioNames())
		}
		return d, s.mockErrorf("the scenario %q active for session %q no longer exists (the scenarios were reloaded); choose another with PUT %ssessions/{id}/scenario; known: %s", name, c.session, ControlPrefix, s.scenarioNames())
	}
	c.rule = d.Rule
	return d, err
}

func (s *Server) scenarioNames() string {
	var names []string
	for _, sc := range s.eng.Load().Scenarios() {
		names = append(names, sc.Name)
	}
	return strings.Join(names, ", ")
}

// record writes the call to the journal, the metrics and the log, once. The answer's writer
// calls it just before the body goes out (so a client that reads the journal after its answer
// finds the call); ServeHTTP calls it at the end for the calls that did not get that far.
func (s *Server) record(c *call) {
	if c.recorded {
		return
	}
	c.recorded = true
	r := c.raw
	now := time.Now()
	took := now.Sub(c.start)
	rec := Record{
		Seq: c.seq, Time: c.start.UTC(), Session: c.session, RequestID: c.requestID, Method: r.Method, Path: r.URL.Path,
		Action: c.actionName(), Status: c.status, Code: c.code, Scenario: c.scenario, Rule: c.rule, Fault: c.fault, Injected: c.injected, Violations: c.violations,
		DurationMS: float64(took.Microseconds()) / 1000,
	}
	var declared [8]journal.Param // on the stack: the journal copies what it keeps
	params := declared[:0]
	if c.action != nil {
		for name, vs := range c.params { // fewer than the action declares, mostly
			if len(vs) > 0 && c.action.Declares(name) {
				params = append(params, journal.Param{Name: name, Value: vs[0]})
			}
		}
	}
	s.shareOf(c).Add(rec, params, c.response, c.tail)
	c.response, c.tail = nil, nil
	label := ""
	if c.action != nil {
		label = c.action.Name // unknown actions share one label: metrics stay bounded
	}
	s.metrics.observe(&rec, label, took)
	s.logRequest(&rec, now)
}

// logRequest logs one line per request at info level, leaving out empty fields. The logger's
// writer is expected to be buffered off the request goroutine (cmd/flowmock uses logsink).
// The record goes to the handler as Logger.LogAttrs would send it, without the caller's
// program counter (a source position, which no request line shows, costs a stack walk).
func (s *Server) logRequest(rec *Record, now time.Time) {
	ctx := context.Background()
	h := s.log.Handler()
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	attrs := [10]slog.Attr{slog.String("request_id", rec.RequestID), slog.String("session", rec.Session),
		slog.String("method", rec.Method), slog.String("action", rec.Action), slog.Int("status", rec.Status)}
	n := 5
	for _, a := range [...]struct{ k, v string }{{"code", rec.Code}, {"scenario", rec.Scenario}, {"rule", rec.Rule}, {"fault", rec.Fault}} {
		if a.v != "" {
			attrs[n] = slog.String(a.k, a.v)
			n++
		}
	}
	attrs[n] = slog.Float64("duration_ms", rec.DurationMS)
	r := slog.NewRecord(now, slog.LevelInfo, "request", 0)
	r.AddAttrs(attrs[:n+1]...)
	_ = h.Handle(ctx, r) // as Logger.LogAttrs: a handler's error is not the request's
}
