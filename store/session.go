package store

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/journal"
)

// Session is one session's state. Its methods are safe for concurrent use and linearizable.
type Session struct {
	id    string
	store *Store
	used  time.Time // the last lookup (Store.Session); guarded by the Store's lock

	mu    sync.Mutex
	ov    *overlay                      // what the session changed; nil at the fixture state
	clk   *clock.Clock                  // made on first use
	tasks tasks                         // callback tasks
	goes  goroutines                    // started by Go; their own lock, never taken under mu
	chose *choices                      // the scenario and test case chosen, the scenarios' state; made on first use
	share atomic.Pointer[journal.Share] // the session's records in the journal; made on first use, under mu
	named atomic.Pointer[named]         // chose's scenario and test case, read without mu; nil for none

	started uint64 // executions started in the session, ever
	nruns   int    // executions the session keeps
	polls   int    // long polls waiting
	bytes   int    // bytes stored (Config.MaxSessionBytes)
	pending []*Run // runs whose output is not counted in bytes yet
}

// overlay is what a session changed of the fixture state.
type overlay struct {
	// flows holds the flows created, changed or materialized in the session. A changed
	// Listed flow keeps its seq; the others count on from len(Store.listed).
	flows list[flowState]
	// gone holds the names of deleted flows, so that the fixture state or Base does not
	// show through; CreateFlow of the name removes it.
	gone map[string]struct{}
	// live is the number of flows the session has, Listed ones included.
	live int
	// mapRuns are the map runs of distributed Map states, oldest first.
	mapRuns mapRuns
}

// flowState is a flow of the overlay with what hangs off it.
type flowState struct {
	rec Flow // its Environment is replaced, never modified in place
	// execs are the executions of a flow created in the session; nil means Base's.
	execs     *fixtures.Flow
	versions  list[Version]  // named by their number
	aliases   list[Alias]    // by creation
	schedules list[Schedule] // by creation
	runs      list[*Run]     // executions started in the session, by start
	charged   int            // bytes the record counts in the session's (Config.MaxSessionBytes)
}

// ID returns the session's id.
func (s *Session) ID() string { return s.id }

// Reset returns the session to the fixture state (see reset) and returns how many journal
// records it dropped.
func (s *Session) Reset() int { return s.reset() }

// reset stops the session's executions and schedules, drops the overlay, the scenarios'
// state and its journal records and restarts the clock; it keeps the scenario and test case
// the session chose. It returns how many journal records it dropped.
func (s *Session) reset() int {
	return s.end("flowmock.Reset", "The session was reset.", false)
}

// end ends every goroutine the session started (its Go ones first, so that none starts an
// execution after) and its executions, waits for them all, and forgets the session's state,
// its journal records included: the one teardown of reset, eviction and closing. final
// (eviction, closing) also forgets the choices and refuses later Go calls and journal
// records. It returns how many journal records it dropped.
func (s *Session) end(code, cause string, final bool) int {
	s.goes.stop("", final)
	s.stopAll(code, cause)
	s.mu.Lock()
	defer s.mu.Unlock()
	dropped := s.forgetJournal(final)
	s.ov, s.clk, s.tasks, s.nruns, s.bytes, s.pending = nil, nil, tasks{}, 0, 0, nil
	switch {
	case s.chose == nil:
	case final:
		s.chose = nil
		s.named.Store(nil)
	default:
		s.chose.scen.Reset()
	}
	return dropped
}

// stopAll stops the session's running executions and waits for them to end, so that no
// goroutine of theirs outlives a reset or a shutdown.
func (s *Session) stopAll(code, cause string) {
	runs := s.AllRuns()
	for _, r := range runs {
		r.Exec.Stop(code, cause)
	}
	for _, r := range runs {
		<-r.Exec.Done()
	}
}

// overlay returns the session's overlay, making it on first change.
func (s *Session) overlay() *overlay {
	if s.ov == nil {
		n := len(s.store.listed)
		s.ov = &overlay{flows: list[flowState]{last: uint64(n)}, live: n}
	}
	return s.ov
}

// lookup returns the flow named name as the session sees it: its state when the overlay has
// it, else its shared record when it is an untouched Listed flow. A name Base knows and the
// session never deleted is materialized into the overlay first. The caller holds s.mu.
func (s *Session) lookup(name string) (*flowState, *Flow, error) {
	if ov := s.ov; ov != nil {
		if e := ov.flows.get(name); e != nil {
			return &e.val, nil, nil
		}
		if _, gone := ov.gone[name]; gone {
			return nil, nil, flowNotExists(name)
		}
	}
	if i, ok := s.store.index[name]; ok {
		return nil, s.store.listed[i], nil
	}
	fl, err := s.store.src.Flow(s.id, name)
	if flowmock.ErrorCode(err) == flowmock.FlowNotExists {
		return nil, nil, flowNotExists(name)
	}
	if err != nil {
		return nil, nil, err
	}
	ov := s.overlay()
	ov.live++
	return &ov.flows.add(strings.Clone(name), flowState{rec: baseFlow(fl)}).val, nil, nil
}

// own returns the overlay state of the flow named name, copying an untouched Listed flow
// into the overlay first. The caller holds s.mu.
func (s *Session) own(name string) (*flowState, error) {
	fs, rec, err := s.lookup(name)
	if err != nil || fs != nil {
		return fs, err
	}
	seq := uint64(s.store.index[name]) + 1
	return &s.overlay().flows.put(seq, rec.Name, flowState{rec: *rec}).val, nil
}

// exists reports whether the flow named name exists without materializing it: a name Base
// knows but the session never used does not exist yet. The caller holds s.mu.
func (s *Session) exists(name string) bool {
	if ov := s.ov; ov != nil {
		if ov.flows.get(name) != nil {
			return true
		}
		if _, gone := ov.gone[name]; gone {
			return false
		}
	}
	_, ok := s.store.index[name]
	return ok
}

// hidden reports whether the overlay hides the Listed flow named name: it was changed (and
// lists from the overlay) or deleted. The caller holds s.mu.
func (s *Session) hidden(name string) bool {
	if s.ov == nil {
		return false
	}
	if s.ov.flows.get(name) != nil {
		return true
	}
	_, gone := s.ov.gone[name]
	return gone
}

// flowNotExists is the error of a flow the session does not have.
func flowNotExists(name string) error {
	return flowmock.Errorf(flowmock.FlowNotExists, "Flow %s does not exist.", name)
}

// noDate is the creation time of a Base flow without executions.
var noDate = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)

// baseFlow returns the record of a flow of Base. It depends on fl alone: the ID on the name,
// Created on the day before the oldest execution (2019-01-01 without executions).
func baseFlow(fl *fixtures.Flow) Flow {
	created := noDate
	if n := len(fl.Executions); n > 0 {
		oldest := fl.Executions[n-1].StartedTime.UTC() // the service order is newest first
		created = oldest.Truncate(24*time.Hour).AddDate(0, 0, -1)
	}
	f := Flow{
		Name:          fl.Name,
		ID:            uuid("flow", fl.Name),
		Definition:    fl.Definition,
		Type:          "FDL",
		ExecutionMode: "Standard",
		Created:       created,
		Modified:      created,
	}
	f.parse()
	return f
}

// uuid returns a name-based UUID of parts: the first 16 bytes of their SHA-256 (each part
// length-prefixed), marked as version 8 with the RFC 9562 variant, in the 8-4-4-4-12
// lowercase form.
func uuid(parts ...string) string {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var sum [sha256.Size]byte
	b := h.Sum(sum[:0])[:16]
	b[6] = b[6]&0x0f | 0x80 // version 8
	b[8] = b[8]&0x3f | 0x80 // variant 10
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0xf])
	}
	return string(out)
}
