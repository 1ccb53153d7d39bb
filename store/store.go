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
	"strings"
	"sync"
	"time"

	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/fixtures"
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
}

// Store holds the sessions. It is safe for concurrent use.
type Store struct {
	src      fixtures.Source
	now      func() time.Time
	scale    float64
	maxFlows int
	listed   []*Flow        // the Listed flows' records: seq i+1 for listed[i]; immutable
	index    map[string]int // name → index in listed

	mu       sync.RWMutex
	sessions map[string]*Session
}

// New returns a Store. It reads the Listed flows from Base once, with the session "", and
// panics when Base does not have one of them or Listed names one twice: the caller must pass
// names Base knows, such as a fixtures.Set's Flows().
func New(cfg Config) *Store {
	st := &Store{
		src:      cfg.Base,
		now:      cfg.Now,
		scale:    cfg.TimeScale,
		maxFlows: cfg.MaxFlows,
		listed:   make([]*Flow, len(cfg.Listed)),
		index:    make(map[string]int, len(cfg.Listed)),
		sessions: make(map[string]*Session),
	}
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

// Session returns the session id, creating it at the fixture state on first use.
func (st *Store) Session(id string) *Session {
	st.mu.RLock()
	s := st.sessions[id]
	st.mu.RUnlock()
	if s != nil {
		return s
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if s = st.sessions[id]; s == nil {
		s = &Session{id: strings.Clone(id), store: st}
		st.sessions[s.id] = s
	}
	return s
}

// Reset returns the session id to the fixture state: everything it created, changed or
// deleted is forgotten. A session never used is left alone.
func (st *Store) Reset(id string) {
	st.mu.RLock()
	s := st.sessions[id]
	st.mu.RUnlock()
	if s != nil {
		s.reset()
	}
}

// Len returns the number of sessions used so far.
func (st *Store) Len() int {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return len(st.sessions)
}

// Close stops every execution of every session (the server is shutting down).
func (st *Store) Close() {
	st.mu.RLock()
	sessions := make([]*Session, 0, len(st.sessions))
	for _, s := range st.sessions {
		sessions = append(sessions, s)
	}
	st.mu.RUnlock()
	for _, s := range sessions {
		s.stopAll("flowmock.Shutdown", "The server is shutting down.")
	}
}
