// Package mock is the flowmock HTTP server: it speaks CloudFlow's RPC wire protocol on "/",
// validates every request against the contract, serves pages of fixture or faked executions,
// answers errors in the Alibaba envelope, and serves the control plane under /_mock/.
//
// One request goes: control plane? → normalize (query, form or JSON body, x-acs-* headers) →
// authenticate → validate (kin-openapi) → decide (per request, scenario, session) → the
// generated strict handler → write (and, in strict mode, validate the response).
package mock

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fault"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/page"
	"github.com/flowmock/flowmock/scenarios"
	"github.com/flowmock/flowmock/signature"
)

const (
	actionListExecutions = "ListExecutions"
	apiVersion           = "2019-03-15"
	// ContentType is the Content-Type of every API response.
	ContentType = "application/json;charset=utf-8"
	// HeaderRequestID is the response header carrying the request ID.
	HeaderRequestID = "x-acs-request-id"
	// HeaderSession names the session a request belongs to.
	HeaderSession = "X-Mock-Session"
	// DefaultSession is the session of requests without HeaderSession.
	DefaultSession = scenarios.DefaultSession
	// ControlPrefix is the path prefix of the control plane.
	ControlPrefix = "/_mock/"
)

// Config configures a Server. The zero value of each field means its documented default.
type Config struct {
	// Data serves executions. Required.
	Data fixtures.Source
	// Seed seeds everything random or minted: request IDs and paging tokens (and, through
	// Data, faked executions). The same seed gives the same bytes.
	Seed uint64
	// HostID is the HostId of error envelopes; default "cn-hangzhou.fnf.aliyuncs.com".
	HostID string
	// MaxBodyBytes caps request bodies; default 1 MiB. Above it: 400 EntityTooLarge.
	MaxBodyBytes int64
	// ValidateResponses validates every response against the contract before sending it
	// (strict mode). A response outside the contract becomes 500 InternalServerError and is
	// logged. Tests turn it on; the hot path serves bytes validated once at load.
	ValidateResponses bool
	// Fake serves data for requests that ask for faked data (Prefer: dynamic=true, or a
	// scenario rule with data: fake); default fixtures.NewFaker(Seed).
	Fake fixtures.Source
	// AllowUndeclared lets Prefer and X-Mock-Error ask for statuses and codes the contract
	// does not declare (such responses are outside the contract and not validated). Off, such
	// a request gets 400 InvalidArgument explaining what is declared.
	AllowUndeclared bool
	// Scenarios decides scripted answers (errors, faults, latency, rate limits); nil means the
	// embedded default scenarios, seeded with Seed.
	Scenarios *scenarios.Engine
	// DefaultScenario is active for every session that has not chosen one; "" for none.
	DefaultScenario string
	// JournalSize bounds the request journal; 0 means 1000, negative turns it off.
	JournalSize int
	// CORSOrigins are the browser origins allowed to call the API and the control plane
	// ("*" for any); nil turns CORS off. New leaves it as given: the CLI defaults to "*".
	CORSOrigins []string
	// Auth verifies request signatures (V1 and V3) before anything else; nil accepts every
	// request and ignores signature parameters and headers.
	Auth *signature.Verifier
	// Logger receives one line per request at debug level and problems at warn/error;
	// default: discard.
	Logger *slog.Logger
}

// Server is the mock. Create it with New; it is an http.Handler and safe for concurrent use.
type Server struct {
	cfg      Config
	cat      *Catalogue
	routes   map[string]*routers.Route
	reqOpts  *openapi3filter.Options
	respOpts *openapi3filter.Options
	declared []string // parameter names in contract order
	api      http.Handler
	codec    *page.Codec
	maxBody  int64
	log      *slog.Logger
	seq      atomic.Uint64
	bufs     bufferPool
	active   sync.Map // session → scenario name chosen through the control plane
	journal  *journal
	ctl      http.Handler
	metrics  *metrics
	data     atomic.Pointer[fixtures.Source]  // swapped by hot reload
	eng      atomic.Pointer[scenarios.Engine] // swapped by hot reload
	reload   atomic.Pointer[ReloadStatus]
	started  time.Time
}

// New builds a Server from cfg and the embedded contract.
func New(cfg Config) (*Server, error) {
	if cfg.Data == nil {
		return nil, errors.New("mock: Config.Data is required")
	}
	c, err := contract()
	if err != nil {
		return nil, err
	}
	doc, cat := c.doc, c.cat
	s := &Server{
		cfg:     cfg,
		cat:     cat,
		routes:  map[string]*routers.Route{},
		codec:   page.NewCodec(cfg.Seed),
		maxBody: cfg.MaxBodyBytes,
		log:     cfg.Logger,
		started: time.Now(),
		reqOpts: &openapi3filter.Options{
			MultiError:          true,
			SkipSettingDefaults: true,
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
		},
		respOpts: &openapi3filter.Options{
			MultiError:            true,
			IncludeResponseStatus: true,
			AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		},
	}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	if s.cfg.HostID == "" {
		s.cfg.HostID = "cn-hangzhou.fnf.aliyuncs.com"
	}
	eng := cfg.Scenarios
	if eng == nil {
		if eng, err = loadScenarios(cat, cfg.Seed, nil, nil); err != nil {
			return nil, fmt.Errorf("mock: default scenarios: %w", err)
		}
	}
	s.eng.Store(eng)
	if cfg.DefaultScenario != "" && eng.Scenario(cfg.DefaultScenario) == nil {
		return nil, fmt.Errorf("mock: default scenario %q does not exist; known: %s", cfg.DefaultScenario, s.scenarioNames())
	}
	switch {
	case cfg.JournalSize == 0:
		s.journal = newJournal(1000)
	case cfg.JournalSize > 0:
		s.journal = newJournal(cfg.JournalSize)
	default:
		s.journal = newJournal(0)
	}
	if s.cfg.Fake == nil {
		s.cfg.Fake = fixtures.NewFaker(cfg.Seed)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		r, err := route(doc, m)
		if err != nil {
			return nil, err
		}
		s.routes[m] = r
	}
	for _, p := range s.routes[http.MethodGet].Operation.Parameters {
		s.declared = append(s.declared, p.Value.Name)
	}
	s.metrics = newMetrics(s.journal.size)
	s.data.Store(&s.cfg.Data)
	s.ctl = s.controlMux()
	s.api = cloudflow.HandlerWithOptions(
		cloudflow.NewStrictHandlerWithOptions(handler{s}, nil, cloudflow.StrictHTTPServerOptions{
			RequestErrorHandlerFunc:  s.bindError,
			ResponseErrorHandlerFunc: s.handlerError,
		}),
		cloudflow.StdHTTPServerOptions{ErrorHandlerFunc: s.bindError},
	)
	return s, nil
}

// Catalogue returns the contract's error catalogue.
func (s *Server) Catalogue() *Catalogue { return s.cat }

// exchange is the state of one API request, carried in its context.
type exchange struct {
	raw        *http.Request
	requestID  string
	session    string
	folded     bool            // parameters came from somewhere other than the query
	data       fixtures.Source // where this request's executions come from
	start      time.Time
	seq        uint64
	params     url.Values
	status     int
	code       string
	scenario   string
	rule       string
	fault      string
	injected   string
	undeclared bool // answered with a code or status outside the contract, on purpose
	filter     page.Filter
	bound      bool   // binding is computed
	binding    uint64 // filter.Binding(FlowName), what tokens of this request bind to
	token      *page.Token
}

// tokenBinding returns the filter's binding to flow, computed once per request.
func (ex *exchange) tokenBinding(flow string) uint64 {
	if !ex.bound {
		ex.binding, ex.bound = ex.filter.Binding(flow), true
	}
	return ex.binding
}

type exchangeKey struct{}

func exchangeFrom(ctx context.Context) *exchange {
	ex, _ := ctx.Value(exchangeKey{}).(*exchange)
	return ex
}

// ServeHTTP routes the control plane and the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cors(w, r) {
		return
	}
	if strings.HasPrefix(r.URL.Path, ControlPrefix) || r.URL.Path == strings.TrimSuffix(ControlPrefix, "/") {
		s.control(w, r)
		return
	}
	ex := &exchange{raw: r, session: sessionID(r.Header.Get(HeaderSession)), start: time.Now(), seq: s.journal.arrive()}
	defer s.record(ex)
	if r.URL.Path != "/" {
		ex.requestID = s.newRequestID()
		s.writeEnvelope(w, ex, http.StatusNotFound, "InvalidPath",
			fmt.Sprintf("The path %q is not served. CloudFlow RPC requests go to \"/\" (GET or POST); the mock's control plane is under %s.", r.URL.Path, ControlPrefix))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		ex.requestID = s.newRequestID()
		w.Header().Set("Allow", "GET, POST")
		s.writeEnvelope(w, ex, http.StatusMethodNotAllowed, "MethodNotAllowed",
			fmt.Sprintf("The method %s is not allowed. CloudFlow RPC requests use GET or POST on \"/\".", r.Method))
		return
	}
	s.serveAPI(w, r, ex)
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, ex *exchange) {
	params, body, problems, err := s.normalize(r)
	ex.params = params
	if params != nil {
		ex.requestID = params.Get("RequestId")
	}
	if ex.requestID == "" {
		ex.requestID = s.newRequestID()
	}
	if err == nil && s.cfg.Auth != nil {
		err = s.cfg.Auth.VerifyRequest(r, body)
	}
	if err != nil {
		s.writeError(w, ex, err)
		return
	}
	ex.folded = len(body) > 0 || r.Header.Get("x-acs-action") != "" || r.Header.Get("x-acs-version") != ""
	if err := s.validate(ex, params, problems); err != nil {
		s.writeError(w, ex, err)
		return
	}
	ch, err := s.perRequest(r.Header)
	if err != nil {
		s.writeError(w, ex, err)
		return
	}
	base := *s.data.Load()
	ex.data = base
	if ch.dynamic {
		ex.data = s.cfg.Fake
	}
	if ch.code != "" {
		ex.injected = ch.source
		if ch.status != 0 {
			ex.undeclared = true
			s.writeEnvelope(w, ex, ch.status, string(ch.code), fmt.Sprintf("flowmock: %s %d injected on request (outside the contract).", ch.code, ch.status))
			return
		}
		s.writeError(w, ex, s.injected(ch.code, params, ""))
		return
	}
	d, err := s.decide(ex, r, params)
	if err != nil {
		s.writeError(w, ex, err)
		return
	}
	for k, v := range d.Header {
		w.Header()[k] = v
	}
	if d.Delay > 0 {
		if err := fault.Sleep(r.Context(), d.Delay); err != nil {
			ex.status, ex.code = statusClientGone, "ClientClosedRequest"
			return
		}
	}
	switch d.Data {
	case scenarios.DataFake:
		ex.data = s.cfg.Fake
	case scenarios.DataFixtures:
		ex.data = base
	}
	if d.Fault != nil {
		s.serveFault(w, r, ex, d, params)
		return
	}
	if d.Error != "" {
		s.writeError(w, ex, s.injected(d.Error, params, d.Message))
		return
	}
	s.serveData(w, ex, params)
}

// statusClientGone is what the journal records when the client left before the answer
// (nginx's 499).
const statusClientGone = 499

// serveData answers with a page through the generated strict handler.
func (s *Server) serveData(w http.ResponseWriter, ex *exchange, params url.Values) {
	req := ex.validationRequest(params)
	req = req.WithContext(context.WithValue(req.Context(), exchangeKey{}, ex))
	if s.cfg.ValidateResponses {
		s.serveValidated(w, req, ex)
		return
	}
	if ex.status == 0 {
		ex.status = http.StatusOK
	}
	s.api.ServeHTTP(w, req)
}

// serveFault builds the response the mock would have sent, then hands it to the fault.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, ex *exchange, d scenarios.Decision, params url.Values) {
	ex.fault = d.Fault.Name()
	rec := &recorder{header: http.Header{}}
	for k, v := range w.Header() {
		rec.header[k] = v
	}
	if d.Error != "" {
		s.writeError(rec, ex, s.injected(d.Error, params, d.Message))
	} else {
		s.serveData(rec, ex, params)
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	ex.status = rec.status
	if err := d.Fault.Apply(r.Context(), w, rec.status, rec.header, rec.body.Bytes()); err != nil {
		if errors.Is(err, http.ErrNotSupported) {
			panic(http.ErrAbortHandler)
		}
		if r.Context().Err() != nil {
			ex.status = statusClientGone
		}
		s.log.Debug("fault ended early", "fault", ex.fault, "request_id", ex.requestID, "err", err)
	}
}

// decide asks the scenario engine, for the scenario the request, its session or the server
// chose.
func (s *Server) decide(ex *exchange, r *http.Request, params url.Values) (scenarios.Decision, error) {
	name, fromHeader := r.Header.Get(HeaderScenario), true
	if name == "" {
		name, fromHeader = s.ActiveScenario(ex.session), false
	}
	if name == "" {
		return scenarios.Decision{}, nil
	}
	ex.scenario = name
	d, err := s.eng.Load().Decide(name, scenarios.Request{Action: params.Get("Action"), Params: params, Session: ex.session})
	if errors.Is(err, scenarios.ErrUnknownScenario) {
		if fromHeader {
			return d, s.mockErrorf("%s: no scenario named %q; known: %s", HeaderScenario, name, s.scenarioNames())
		}
		return d, s.mockErrorf("the scenario %q active for session %q no longer exists (the scenarios were reloaded); choose another with PUT %ssessions/{id}/scenario; known: %s", name, ex.session, ControlPrefix, s.scenarioNames())
	}
	ex.rule = d.Rule
	return d, err
}

func (s *Server) scenarioNames() string {
	var names []string
	for _, sc := range s.eng.Load().Scenarios() {
		names = append(names, sc.Name)
	}
	return strings.Join(names, ", ")
}

// record writes the exchange to the journal and the log.
func (s *Server) record(ex *exchange) {
	r := ex.raw
	took := time.Since(ex.start)
	rec := Record{
		Seq: ex.seq, Time: ex.start.UTC(), Session: ex.session, RequestID: ex.requestID, Method: r.Method, Path: r.URL.Path,
		Status: ex.status, Code: ex.code, Scenario: ex.scenario, Rule: ex.rule, Fault: ex.fault, Injected: ex.injected,
		DurationMS: float64(took.Microseconds()) / 1000,
	}
	if ex.params != nil {
		rec.Action = ex.params.Get("Action")
		for _, name := range s.declared {
			if v, ok := ex.params[name]; ok && name != "Action" && name != "Version" {
				if rec.Params == nil {
					rec.Params = map[string]string{}
				}
				rec.Params[name] = v[0]
			}
		}
	}
	s.journal.add(rec)
	s.metrics.observe(&rec, took)
	if s.log.Enabled(context.Background(), slog.LevelInfo) {
		s.log.Info("request", "request_id", rec.RequestID, "session", rec.Session, "method", rec.Method, "action", rec.Action,
			"status", rec.Status, "code", rec.Code, "scenario", rec.Scenario, "rule", rec.Rule, "fault", rec.Fault, "duration_ms", rec.DurationMS)
	}
}

// newRequestID returns an upper-case UUID derived from the seed and a counter, so a run with
// the same seed and the same request order gives the same IDs.
func (s *Server) newRequestID() string {
	n := s.seq.Add(1)
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], mix(s.cfg.Seed^0x5eed, n))
	binary.BigEndian.PutUint64(b[8:], mix(s.cfg.Seed^0x1d, n))
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return strings.ToUpper(string(out[:]))
}

// mix is splitmix64 over a and n.
func mix(a, n uint64) uint64 {
	z := a + n*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// bindError handles a parameter the generated code could not bind. Validation runs first, so
// this means the contract and the validator disagree.
func (s *Server) bindError(w http.ResponseWriter, r *http.Request, err error) {
	s.handlerError(w, r, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. %v.", err))
}

// handlerError writes the error a handler returned.
func (s *Server) handlerError(w http.ResponseWriter, r *http.Request, err error) {
	ex := exchangeFrom(r.Context())
	if ex == nil {
		ex = &exchange{raw: r, requestID: s.newRequestID(), session: DefaultSession}
	}
	s.writeError(w, ex, err)
}

// ReloadStatus is the outcome of the last hot reload.
type ReloadStatus struct {
	OK    bool      `json:"ok"`
	Kind  string    `json:"kind"`            // fixtures or scenarios
	Error string    `json:"error,omitempty"` // why the change was refused; the previous state stays
	At    time.Time `json:"at"`
}

// SetData replaces the executions source (hot reload of fixtures). Tokens minted over the
// old data become stale.
func (s *Server) SetData(src fixtures.Source) {
	s.data.Store(&src)
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

// ReportReload records the outcome of a reload of kind (fixtures, scenarios): err is why a
// change was refused. It shows in /_mock/health, the console and the metrics.
func (s *Server) ReportReload(kind string, err error) {
	st := &ReloadStatus{OK: err == nil, Kind: kind, At: time.Now().UTC()}
	result := "ok"
	if err != nil {
		st.Error, result = err.Error(), "error"
		s.log.Error("reload refused; keeping the previous state", "kind", kind, "err", err)
	} else {
		s.log.Info("reloaded", "kind", kind)
	}
	s.reload.Store(st)
	s.metrics.reloads.WithLabelValues(kind, result).Inc()
}
