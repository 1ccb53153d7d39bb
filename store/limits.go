package store

import (
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/flowmock/flowmock"
)

// The defaults of the global limits.
const (
	// DefaultMaxRunning is the default of [Config].MaxRunning.
	DefaultMaxRunning = 10000
	// DefaultMaxSessionBytes is the default of [Config].MaxSessionBytes.
	DefaultMaxSessionBytes = 32 << 20
)

// The names of the limits [Config].Limited is told about.
const (
	LimitRunning          = "running_executions"
	LimitSessionExecution = "session_executions"
	LimitSessionBytes     = "session_bytes"
)

// runSet holds the running executions of every session, for the global cap. Finished ones
// are dropped when the set is full or counted, so that nothing waits on an execution's end.
type runSet struct {
	mu       sync.Mutex
	max      int
	runs     []*Run
	starting int // slots taken by starts whose fn runs now, outside mu
}

// start calls fn to start one more execution unless max already run. The slot is taken
// under the set's lock and fn runs outside it, so that sessions do not wait on each other's
// starts (the caller holds the session's lock: the order is always session, then set).
func (rs *runSet) start(fn func() (*Run, error)) (*Run, bool, error) {
	if !rs.reserve() {
		return nil, false, nil
	}
	r, err := fn()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.starting--
	if err == nil {
		rs.runs = append(rs.runs, r)
	}
	return r, true, err
}

// hold runs fn in a slot of its own (an execution the store does not keep: a
// StartSyncExecution's), or reports that max already run.
func (rs *runSet) hold(fn func()) bool {
	if !rs.reserve() {
		return false
	}
	defer func() {
		rs.mu.Lock()
		rs.starting--
		rs.mu.Unlock()
	}()
	fn()
	return true
}

// reserve takes a slot for one more execution, or reports that max already run.
func (rs *runSet) reserve() bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if len(rs.runs)+rs.starting >= rs.max {
		rs.compact()
		if len(rs.runs)+rs.starting >= rs.max {
			return false
		}
	}
	rs.starting++
	return true
}

// compact drops the finished executions. The caller holds rs.mu.
func (rs *runSet) compact() {
	keep := rs.runs[:0]
	for _, r := range rs.runs {
		select {
		case <-r.Exec.Done():
		default:
			keep = append(keep, r)
		}
	}
	clear(rs.runs[len(keep):])
	rs.runs = keep
}

// count returns how many executions run (or start), in every session.
func (rs *runSet) count() int {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.compact()
	return len(rs.runs) + rs.starting
}

// Running returns how many executions run now, in every session.
func (st *Store) Running() int { return st.running.count() }

// RunSync runs fn, which runs an execution to its end without keeping it
// (StartSyncExecution), counted among the executions running across all sessions; it
// refuses (429 ResourceThrottled) when Config.MaxRunning already run.
func (s *Session) RunSync(fn func()) error {
	if !s.store.running.hold(fn) {
		return s.store.runningErr()
	}
	return nil
}

// limited tells Config.Limited that limit was reached.
func (st *Store) limited(limit string) {
	if st.limitedFn != nil {
		st.limitedFn(limit)
	}
}

// runningErr is the answer to a start past the global cap of running executions.
func (st *Store) runningErr() error {
	st.limited(LimitRunning)
	return flowmock.Errorf(flowmock.ResourceThrottled,
		"The request is throttled. Please try again later. (flowmock: %d executions run across all sessions, the limit (--max-running-executions).)", st.running.max)
}

// charge counts n more bytes stored in the session, or refuses them (InvalidArgument naming
// field) when the session would pass Config.MaxSessionBytes. Outputs of executions that
// ended since the last charge are counted first. A negative n gives bytes back. The caller
// holds s.mu.
func (s *Session) charge(field string, n int) error {
	s.sweep()
	if n > 0 && s.bytes+n > s.store.maxBytes {
		s.store.limited(LimitSessionBytes)
		return invalid("%s: the session stores %d bytes; %d more would pass its limit of %d (--max-session-bytes). Delete flows, versions or executions, or reset the session.",
			field, s.bytes, n, s.store.maxBytes)
	}
	s.bytes += n
	return nil
}

// sweep counts the outputs of the session's executions that ended. The caller holds s.mu.
func (s *Session) sweep() {
	keep := s.pending[:0]
	for _, r := range s.pending {
		if r.gone {
			continue
		}
		select {
		case <-r.Exec.Done():
			out := len(r.Exec.Snapshot().Output)
			r.size += out
			s.bytes += out
		default:
			keep = append(keep, r)
		}
	}
	clear(s.pending[len(keep):])
	s.pending = keep
}

// forget gives back the bytes of a run the session no longer keeps. The caller holds s.mu.
func (s *Session) forget(r *Run) {
	r.gone = true
	s.bytes -= r.size
}

// Bytes returns the bytes the session stores: its definitions, versions, and executions'
// inputs and outputs (the fixture state costs nothing).
func (s *Session) Bytes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	return s.bytes
}

// running returns how many of the session's executions run. The caller holds s.mu.
func (s *Session) running() int {
	n := 0
	for r := range s.runs() {
		select {
		case <-r.Exec.Done():
		default:
			n++
		}
	}
	return n
}

// clip quotes a value for an error message: whole when short, else its first 256 bytes and
// its length, so that an answer never echoes a huge value.
func clip(v string) string {
	const max = 256
	if len(v) <= max {
		return strconv.Quote(v)
	}
	n := max
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return strconv.Quote(v[:n]) + "…(" + strconv.Itoa(len(v)) + " bytes)"
}
