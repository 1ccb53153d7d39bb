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
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/emulator"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/journal"
	"github.com/flowmock/flowmock/page"
	"github.com/flowmock/flowmock/scenarios"
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
	bufs     bufferPool
	journal  *journal.Journal
	refused  *journal.Share // the records of requests whose session id was refused
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

	// seq counts the request ids minted. Most requests write it, from whichever core serves
	// them: it has cache lines of its own, so that a write does not take the fields above,
	// which every request reads, from the other cores (false sharing).
	_   cacheLines
	seq atomic.Uint64
	_   cacheLines
}

// cacheLines keeps the fields before it and those after it off each other's cache lines
// (two lines: a core's prefetcher fetches them in pairs).
type cacheLines [128]byte

// New builds a Server from cfg and the embedded contract.
func New(cfg Config) (*Server, error) {
	if cfg.Data == nil {
		return nil, errors.New("mock: Config.Data is required")
	}
	if err := clock.CheckScale(cfg.TimeScale); err != nil {
		return nil, fmt.Errorf("mock: Config.TimeScale: %w", err)
	}
	cfg = cfg.WithDefaults()
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
	s.refused = s.journal.Share()
	if s.cfg.Fake == nil {
		s.cfg.Fake = fixtures.NewFaker(cfg.Seed)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.metrics = newMetrics(s.journal, actionNames(con),
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

// actionNames are the names of the contract's actions.
func actionNames(con *contract.Contract) []string {
	var names []string
	for _, a := range con.Actions() {
		names = append(names, a.Name)
	}
	return names
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
	j := 0
	for i, x := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = upperHex[x>>4], upperHex[x&0x0f]
		j += 2
	}
	return string(out[:])
}

// upperHex are the digits of a request id (upper case, as the service writes them).
const upperHex = "0123456789ABCDEF"

// mix is splitmix64 over a and n.
var mix = emulator.Mix

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
