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
	"strings"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/emulator"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/page"
	"github.com/flowmock/flowmock/scenarios"
	"github.com/flowmock/flowmock/signature"
	"github.com/flowmock/flowmock/store"
)

const (
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

// The defaults of Config, in one place: New applies them to zero fields, and the command's
// flags show them.
const (
	DefaultHostID       = "cn-hangzhou.fnf.aliyuncs.com"
	DefaultMaxBodyBytes = 1 << 20
	DefaultJournalSize  = 1000
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
	// CORSOrigins are the browser origins allowed to call the API ("*" for any); nil turns
	// CORS off. New leaves it as given: the CLI defaults to "*".
	CORSOrigins []string
	// ControlOrigins are the browser origins, besides the server's own, allowed to call the
	// control plane; a request from any other origin is refused (403).
	ControlOrigins []string
	// ControlHosts are the Host names, besides loopback ones, the control plane answers
	// without ControlToken ("*": any); a request for another host is refused (403), which
	// keeps DNS-rebinding pages out.
	ControlHosts []string
	// ControlToken, if set, is the bearer token every control-plane request needs (but the
	// health probe and the console's files).
	ControlToken string
	// Auth verifies request signatures (V1 and V3) before anything else; nil accepts every
	// request and ignores signature parameters and headers.
	Auth *signature.Verifier
	// Logger receives one line per request at debug level and problems at warn/error;
	// default: discard.
	Logger *slog.Logger
	// TimeScale is the pace of every session's clock: 1 is wall time, 0 (the zero value)
	// makes Wait states, retry intervals and task delays take no time. From 0 to 1.
	TimeScale float64
	// Wall is the wall clock the session clocks follow; nil means time.Now (tests move one
	// by hand).
	Wall func() time.Time
	// Mocks scripts task results per test case; nil for none (every task is unmocked).
	Mocks *mockfile.File
	// UnmockedTasks is what a task the test case does not mock does: UnmockedEcho (the
	// default) succeeds in its integration's shape with its input as the payload,
	// UnmockedFail fails with flowmock.TaskNotMocked.
	UnmockedTasks string
	// MaxSessions caps the live sessions (the least recently used is evicted); 0 means
	// store.DefaultMaxSessions. SessionIdle evicts a session unused for that long; 0 means
	// store.DefaultSessionIdle, negative never. An evicted session comes back as a new one.
	MaxSessions int
	SessionIdle time.Duration
	// MaxExecutions is how many executions a session keeps (the oldest finished go first;
	// with all running, a start is 429); 0 means store.DefaultMaxExecutions.
	MaxExecutions int
	// MaxLongPolls is how many DescribeExecution long polls of one session wait at once;
	// more answer at once. 0 means DefaultMaxLongPolls.
	MaxLongPolls int
	// MaxLongPollsTotal is how many long polls wait at once across all sessions; more
	// answer at once. 0 means DefaultMaxLongPollsTotal.
	MaxLongPollsTotal int
	// MaxRunning caps the executions running at once across all sessions (a start past it
	// is 429 ResourceThrottled); 0 means store.DefaultMaxRunning.
	MaxRunning int
	// MaxSessionBytes caps what one session stores: definitions, versions, executions'
	// inputs and outputs (past it: 400 InvalidArgument); 0 means store.DefaultMaxSessionBytes.
	MaxSessionBytes int
	// MaxSessionID caps the length of a session id (X-Mock-Session, /_mock/sessions/{id});
	// a longer one, or one with a character outside visible ASCII, is 400. 0 means
	// DefaultMaxSessionID.
	MaxSessionID int
	// JournalBytes bounds the journal's bytes (the oldest records go first); 0 means
	// DefaultJournalBytes. JournalValueBytes is how much of one parameter value it keeps
	// (the rest is cut, with a marker giving the length); 0 means DefaultJournalValueBytes.
	JournalBytes, JournalValueBytes int
	// Upstream, when set, makes the mock a validating proxy: a call that passed validation
	// and was not answered by a scenario or header is forwarded there, and the answer is
	// checked against the contract (GET /_mock/violations) and returned unchanged.
	Upstream Upstream
}

// DefaultMaxLongPolls is the default of Config.MaxLongPolls.
const DefaultMaxLongPolls = 100

func (s *Server) maxPolls() int {
	if s.cfg.MaxLongPolls > 0 {
		return s.cfg.MaxLongPolls
	}
	return DefaultMaxLongPolls
}

// Unmocked-task policies (Config.UnmockedTasks).
const (
	// UnmockedEcho: a task the test case does not mock succeeds in the shape of its
	// integration's response, with its input where the payload would be.
	UnmockedEcho = emulator.UnmockedEcho
	// UnmockedFail: such a task fails with flowmock.TaskNotMocked.
	UnmockedFail = emulator.UnmockedFail
)

// MaxFiresPerAdvance bounds the executions one schedule starts in one clock advance.
const MaxFiresPerAdvance = emulator.MaxFiresPerAdvance

// Server is the mock. Create it with New; it is an http.Handler and safe for concurrent use.
type Server struct {
	cfg      Config
	con      *contract.Contract
	cat      *contract.Catalogue // every action's documented errors
	table    map[string]serveFunc
	reqOpts  *openapi3filter.Options
	respOpts *openapi3filter.Options
	codec    *page.Codec
	maxBody  int64
	log      *slog.Logger
	seq      atomic.Uint64
	bufs     bufferPool
	journal  *journal
	ctl      http.Handler
	metrics  *metrics
	data     atomic.Pointer[fixtures.Source] // swapped by hot reload
	store    atomic.Pointer[store.Store]     // state per session; a new one on reload
	emu      *emulator.Emulator              // the use cases: starts, schedules, test cases, mocks
	ctx      context.Context                 // the executions' context, ended by Close
	stop     context.CancelFunc
	eng      atomic.Pointer[scenarios.Engine] // swapped by hot reload
	reloads  reloads
	started  time.Time
	polls    atomic.Int64  // long polls waiting, in every session
	viol     *violationLog // what the upstream answered outside the contract (proxy mode)
}

// New builds a Server from cfg and the embedded contract.
func New(cfg Config) (*Server, error) {
	if cfg.Data == nil {
		return nil, errors.New("mock: Config.Data is required")
	}
	if err := clock.CheckScale(cfg.TimeScale); err != nil {
		return nil, fmt.Errorf("mock: Config.TimeScale: %w", err)
	}
	con, err := contract.Load()
	if err != nil {
		return nil, err
	}
	table, err := dispatchTable(con)
	if err != nil {
		return nil, err
	}
	cat := con.Catalogue()
	s := &Server{
		cfg:     cfg,
		con:     con,
		cat:     cat,
		table:   table,
		codec:   page.NewCodec(cfg.Seed),
		maxBody: cfg.MaxBodyBytes,
		log:     cfg.Logger,
		started: time.Now(),
	}
	s.reqOpts, s.respOpts = filterOptions()
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if s.cfg.HostID == "" {
		s.cfg.HostID = DefaultHostID
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
	s.journal = journalOf(cfg)
	if s.cfg.Fake == nil {
		s.cfg.Fake = fixtures.NewFaker(cfg.Seed)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.metrics = newMetrics(s.journal,
		func() float64 { return float64(s.store.Load().Running()) },
		func() float64 { return float64(s.polls.Load()) })
	s.viol = newViolationLog(con, s.metrics.reg)
	s.data.Store(&s.cfg.Data)
	s.store.Store(s.newStore(s.cfg.Data))
	s.emu, err = emulator.New(emulator.Config{Seed: cfg.Seed, Unmocked: cfg.UnmockedTasks, Logger: s.log,
		RequestID: s.newRequestID, CatchupCapped: s.metrics.catchups.Inc})
	if err != nil {
		return nil, fmt.Errorf("mock: Config.UnmockedTasks: %w", err)
	}
	s.emu.SetMocks(cfg.Mocks)
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.ctl = s.controlMux()
	return s, nil
}

// journalOf is the journal cfg asks for: JournalSize 0 means DefaultJournalSize, negative
// turns it off.
func journalOf(cfg Config) *journal {
	switch {
	case cfg.JournalSize == 0:
		return newJournal(DefaultJournalSize, cfg.JournalBytes, cfg.JournalValueBytes)
	case cfg.JournalSize > 0:
		return newJournal(cfg.JournalSize, cfg.JournalBytes, cfg.JournalValueBytes)
	}
	return newJournal(0, 0, 0)
}

// filterOptions are kin-openapi's options for validating requests and responses.
func filterOptions() (req, resp *openapi3filter.Options) {
	req = &openapi3filter.Options{
		MultiError:          true,
		SkipSettingDefaults: true,
		AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
	}
	resp = &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}
	return req, resp
}

// Catalogue returns the contract's error catalogue: every documented error of every action.
func (s *Server) Catalogue() *contract.Catalogue { return s.cat }

// Contract returns the contract the server serves.
func (s *Server) Contract() *contract.Contract { return s.con }

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
var mix = emulator.Mix

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
		Limited: s.metrics.limited})
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

// Close stops every execution and ends every wait (long polls, callbacks, delays). Use it
// after the HTTP server stopped taking requests.
func (s *Server) Close() {
	s.stop()
	s.emu.Close()
	s.store.Load().Close()
}

// untilClose returns a context that ends with ctx or when the server is closed, and the func
// that releases it: a scenario's latency (hang) and a slow fault (dribble) end at shutdown.
func (s *Server) untilClose(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	unhook := context.AfterFunc(s.ctx, cancel)
	return ctx, func() { unhook(); cancel() }
}

// abortIfClosed drops the connection of a request the server's closing interrupted: there
// is no answer to give (net/http recovers http.ErrAbortHandler without a log line).
func (s *Server) abortIfClosed() {
	if s.ctx.Err() != nil {
		panic(http.ErrAbortHandler)
	}
}

// SetMocks replaces the mock file (hot reload); executions already running keep theirs.
func (s *Server) SetMocks(f *mockfile.File) {
	s.emu.SetMocks(f)
	s.ReportReload("mocks", nil)
}
