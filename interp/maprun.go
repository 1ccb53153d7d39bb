package interp

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
	"time"
)

// MapRuns keeps the map runs of distributed Map states and their child executions (the
// mock keeps them per session). Its methods are called from the goroutines that run the
// map runs, several at once.
type MapRuns interface {
	// MapRun is called when a distributed Map state starts its map run, before any child.
	MapRun(m *MapRun)
	// Child is called before child execution e of map run m runs; an error (the session
	// keeps as many executions as it may) fails the item with ErrRuntime and the error's
	// text.
	Child(m *MapRun, e *Execution) error
}

// ItemCounts counts the items (or batches) of a map run by what became of them.
type ItemCounts struct {
	Total, Pending, Running, Succeed, Failed, Aborted int64
}

// MapRunSnapshot is the state of a map run at one moment.
type MapRunSnapshot struct {
	// Status is Running, then Succeeded, Failed (a tolerance was exceeded) or Stopped (the
	// parent execution ended first).
	Status Status
	// Started is when the map run started; Stopped when it ended, zero while Running.
	Started, Stopped time.Time
	// Concurrency is the most child executions that run at once, 0 for no limit.
	Concurrency int64
	// ToleratedFailedCount and ToleratedFailedPercentage are how many children (or what
	// share of them, in percent) may fail before the map run fails; 0 means not set.
	ToleratedFailedCount      int64
	ToleratedFailedPercentage float64
	Items                     ItemCounts
}

// MapRun is the run of one distributed Map state execution: one child execution per item
// (or batch). Its methods are safe for concurrent use.
type MapRun struct {
	// Name is the map run's name (32 lowercase hex digits, from the parent's flow and
	// execution names, the state's name and how many times it ran before); Flow and
	// Execution name the parent execution, State the Map state.
	Name, Flow, Execution, State string

	mu      sync.Mutex
	snap    MapRunSnapshot
	clock   Clock
	ac      ActivityClock
	waiting bool          // the dispatcher waits for a slot or for the children to end
	wake    chan struct{} // hands a running count to the waiting dispatcher
}

// MapRunUpdate is what UpdateMapRun changes; nil fields stay as they are.
type MapRunUpdate struct {
	Concurrency               *int64
	ToleratedFailedCount      *int64
	ToleratedFailedPercentage *float64
}

// mapRunName mints the name of the index-th map run of state in an execution.
func mapRunName(flow, execution, state string, index int) string {
	h := sha256.New()
	for _, s := range []string{flow, execution, state, strconv.Itoa(index)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Snapshot returns the map run's state now.
func (m *MapRun) Snapshot() MapRunSnapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.snap
}

// Update changes the concurrency and tolerances of the map run and returns its state after
// the change. A new concurrency applies to the items not yet started; new tolerances to
// the failures still to come. A finished map run keeps the values, which change nothing.
func (m *MapRun) Update(u MapRunUpdate) MapRunSnapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	if u.Concurrency != nil {
		m.snap.Concurrency = *u.Concurrency
		m.pokeLocked(true)
	}
	if u.ToleratedFailedCount != nil {
		m.snap.ToleratedFailedCount = *u.ToleratedFailedCount
	}
	if u.ToleratedFailedPercentage != nil {
		m.snap.ToleratedFailedPercentage = *u.ToleratedFailedPercentage
	}
	return m.snap
}

// pokeLocked wakes the dispatcher when it waits, handing it a running count: the count of
// a child that ended (counted false), or a new one (counted true: Update runs outside the
// activities). It reports whether it woke it. m.mu is held.
func (m *MapRun) pokeLocked(fresh bool) bool {
	if !m.waiting {
		return false
	}
	m.waiting = false
	if fresh && m.ac != nil {
		m.ac.Busy(1)
	}
	m.wake <- struct{}{}
	return true
}

// exceededLocked reports whether the failures so far exceed a tolerance. With no
// tolerance set, one failure does; otherwise any set tolerance that is passed does. m.mu
// is held.
func (m *MapRun) exceededLocked() bool {
	s := &m.snap
	if s.Items.Failed == 0 {
		return false
	}
	count, pct := s.ToleratedFailedCount, s.ToleratedFailedPercentage
	if count == 0 && pct == 0 {
		return true
	}
	if count > 0 && s.Items.Failed > count {
		return true
	}
	return pct > 0 && s.Items.Total > 0 && float64(s.Items.Failed)*100/float64(s.Items.Total) > pct
}

// endLocked ends a running map run with status st. m.mu is held.
func (m *MapRun) endLocked(st Status) {
	if m.snap.Status != Running {
		return
	}
	m.snap.Status, m.snap.Stopped = st, m.clock.Now()
}
