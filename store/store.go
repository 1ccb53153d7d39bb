// Package store holds the emulator's state, per session: flows, flow versions, aliases and
// schedules, and which executions each flow has.
//
// A session starts as the fixture state: the flows of [Config].Listed, with the executions
// [Config].Base gives them. Sessions share that state until they change it (copy on write):
// a session records only the flows it created, changed, materialized or deleted (a deleted
// name as a tombstone, dropped when the name is created again), so an untouched session
// costs about a hundred bytes. The records of the Listed flows are built once per Store.
//
// A name that is not Listed but that Base knows (a faked flow) is materialized in a session
// on first use by name (DescribeFlow, UpdateFlow, ListExecutions…): from then on it lists,
// changes and deletes like any other flow. CreateFlow does not consult Base: it creates a
// new flow without executions.
//
// Every method of a [Session] is linearizable (one mutex per session) and returns copies that
// the caller may keep and modify. Every error is a *flowmock.Error: FlowNotExists for a
// missing flow, FlowAlreadyExists, ScheduleNotExists and ScheduleAlreadyExists as the
// service answers them, and InvalidArgument, with a message starting "Parameter error. ", for
// a bad parameter and for the version and alias actions, which have no published codes.
//
// Lists page by key: every item has a sequence number in its collection (a flow in its
// session, a version, alias or schedule in its flow), given at creation and kept on update.
// A page holds the items after a sequence number, in order, and gives the number to ask for
// the next page, so a client paging to the end sees every item that existed when it started
// exactly once (unless it was deleted meanwhile), whatever is created meanwhile.
//
// The package starts no goroutines.
package store

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/journal"
)

// MaxFlows is the default of [Config].MaxFlows: the service's limit of flows per account.
const MaxFlows = 10000

// Config configures a Store.
type Config struct {
	// Base is where a session's initial flows and their executions come from: a
	// fixtures.Set, a fixtures.Faker, or a fixtures.Chain of them. Nil knows no flow.
	Base fixtures.Source

	// Listed names the Base flows every session starts with, in the order they list in
	// (fixtures.Set.Flows()). They must be the same in every session, as a Set's are.
	// Other names Base knows (faked flows) are materialized in a session on first use by
	// name, and list after the flows that exist by then.
	Listed []string

	// Now is the wall clock the session clocks follow; nil means time.Now. Times are kept
	// to the millisecond, in UTC, and come from the session's clock.
	Now func() time.Time

	// MaxFlows is the most flows a session may have when CreateFlow is called; 0 means
	// MaxFlows. Flows materialized from Base are not refused.
	MaxFlows int

	// TimeScale is the pace of every session's clock (package clock): 1 is wall time, 0
	// (the zero value) makes waits take no time. It must be from 0 to 1.
	TimeScale float64

	// MaxSessions caps the live sessions: using one more evicts the least recently used.
	// 0 means DefaultMaxSessions.
	MaxSessions int
	// SessionIdle evicts a session not used for that long (checked whenever a session is
	// looked up); 0 means DefaultSessionIdle, negative never.
	SessionIdle time.Duration
	// Evicted, if set, is called with the id of each evicted session after its executions
	// stopped, so that other per-session state (scenarios, test cases) can go too; running
	// is how many of its executions were still running (and were stopped).
	Evicted func(id string, running int)

	// MaxExecutions is how many executions a session keeps; starting one more drops the
	// oldest finished one, and when all are running the start is refused (429). 0 means
	// DefaultMaxExecutions (the service's limit of running executions).
	MaxExecutions int

	// MaxRunning caps the executions running at once across all sessions: a start past it
	// is refused (429). 0 means DefaultMaxRunning.
	MaxRunning int
	// MaxSessionBytes caps the bytes a session stores: the definitions of the flows it
	// created or changed, its versions, and its executions' inputs and outputs. A change
	// past it is refused (400 InvalidArgument). 0 means DefaultMaxSessionBytes.
	MaxSessionBytes int
	// Limited, if set, is called with the name of a limit (LimitRunning, …) each time a
	// request is refused for it.
	Limited func(limit string)
	// Journal is the request journal each session gets a share of (Session.Journal), dropped
	// with the session's state; nil keeps no records.
	Journal *journal.Journal
}

// The defaults of MaxSessions and SessionIdle.
const (
	DefaultMaxExecutions = 10000
	DefaultMaxSessions   = 10000
	DefaultSessionIdle   = time.Hour
)

// Store holds the sessions. It is safe for concurrent use.
type Store struct {
	src      fixtures.Source
	now      func() time.Time
	wall     func() time.Time // Config.Now as given, for the session clocks: nil is time.Now, read faster
	scale    float64
	maxFlows int
	listed   []*Flow        // the Listed flows' records: seq i+1 for listed[i]; immutable
	index    map[string]int // name → index in listed

	idle    time.Duration
	evicted func(id string, running int)
	maxRuns int

	running   runSet // every session's running executions
	maxBytes  int
	limitedFn func(limit string)
	journal   *journal.Journal

	mu       sync.Mutex
	sessions *simplelru.LRU[string, *Session] // most recently used first
	gone     []*Session                       // evicted under mu, stopped after it
}

// New returns a Store. It reads the Listed flows from Base once, with the session "", and
// panics when Base does not have one of them or Listed names one twice: the caller must pass
// names Base knows, such as a fixtures.Set's Flows().
func New(cfg Config) *Store {
	st := &Store{
		src:      cfg.Base,
		now:      cfg.Now,
		wall:     cfg.Now,
		scale:    cfg.TimeScale,
		maxFlows: cfg.MaxFlows,
		listed:   make([]*Flow, len(cfg.Listed)),
		index:    make(map[string]int, len(cfg.Listed)),
		idle:     cfg.SessionIdle,
		evicted:  cfg.Evicted,
	}
	st.maxRuns = cfg.MaxExecutions
	st.running.max = orDefault(cfg.MaxRunning, DefaultMaxRunning)
	st.maxBytes = orDefault(cfg.MaxSessionBytes, DefaultMaxSessionBytes)
	st.limitedFn = cfg.Limited
	st.journal = cfg.Journal
	if st.journal == nil {
		st.journal = journal.New(0, 0, 0)
	}
	if st.maxRuns <= 0 {
		st.maxRuns = DefaultMaxExecutions
	}
	max := cfg.MaxSessions
	if max <= 0 {
		max = DefaultMaxSessions
	}
	if st.idle == 0 {
		st.idle = DefaultSessionIdle
	}
	st.sessions, _ = simplelru.NewLRU(max, func(_ string, s *Session) { st.gone = append(st.gone, s) })
	if st.src == nil {
		st.src = fixtures.Chain()
	}
	if st.now == nil {
		st.now = time.Now
	}
	if err := clock.CheckScale(st.scale); err != nil {
		panic(fmt.Sprintf("store: TimeScale: %v", err))
	}
	if st.maxFlows <= 0 {
		st.maxFlows = MaxFlows
	}
	for i, name := range cfg.Listed {
		if _, dup := st.index[name]; dup {
			panic(fmt.Sprintf("store: Listed names flow %q twice", name))
		}
		fl, err := st.src.Flow("", name)
		if err != nil {
			panic(fmt.Sprintf("store: Listed flow %q: %v", name, err))
		}
		rec := baseFlow(fl)
		st.listed[i], st.index[name] = &rec, i
	}
	return st
}

// Session returns the session id, creating it at the fixture state on first use (or after
// it was evicted). It evicts sessions idle for too long, and the least recently used one when
// a new session would pass the cap; their executions are stopped before it returns.
func (st *Store) Session(id string) *Session {
	st.mu.Lock()
	now := st.now()
	s, ok := st.sessions.Get(id)
	if !ok {
		s = &Session{id: strings.Clone(id), store: st}
		st.sessions.Add(s.id, s)
	}
	s.used = now
	st.expire(now)
	gone := st.gone
	st.gone = nil
	st.mu.Unlock()
	st.drop(gone)
	return s
}

// expire evicts the sessions idle for longer than st.idle. The caller holds st.mu.
func (st *Store) expire(now time.Time) {
	if st.idle < 0 {
		return
	}
	for {
		_, oldest, ok := st.sessions.GetOldest()
		if !ok || now.Sub(oldest.used) <= st.idle {
			return
		}
		st.sessions.RemoveOldest()
	}
}

// drop stops the evicted sessions' executions and tells Config.Evicted.
func (st *Store) drop(gone []*Session) {
	for _, s := range gone {
		s.mu.Lock()
		running := s.running()
		s.mu.Unlock()
		s.end("flowmock.SessionEvicted", "The session was evicted (idle too long, or too many sessions).", true)
		if st.evicted != nil {
			st.evicted(s.id, running)
		}
	}
}

// orDefault is n, or def when n is not positive.
func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// Reset returns the session id to the fixture state: everything it created, changed or
// deleted is forgotten. A session never used is left alone.
func (st *Store) Reset(id string) {
	st.mu.Lock()
	s, ok := st.sessions.Peek(id)
	st.mu.Unlock()
	if ok {
		s.reset()
	}
}

// Peek returns the live session id without counting it as used; ok is false when there is
// none.
func (st *Store) Peek(id string) (s *Session, ok bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.sessions.Peek(id)
}

// Len returns the number of live sessions.
func (st *Store) Len() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.sessions.Len()
}

// IDs returns the live sessions' ids, most recently used first.
func (st *Store) IDs() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	keys := st.sessions.Keys() // oldest first
	slices.Reverse(keys)
	return keys
}

// Close stops every execution of every session (the server is shutting down).
func (st *Store) Close() {
	st.mu.Lock()
	sessions := st.sessions.Values()
	st.mu.Unlock()
	for _, s := range sessions {
		s.end("flowmock.Shutdown", "The server is shutting down.", true)
	}
}
