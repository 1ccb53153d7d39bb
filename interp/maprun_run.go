package interp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/flowmock/flowmock/fdl"
)

// EventStepStarted is recorded when a distributed Map state starts its map run; its
// detail names the map run ({"mapRunName": …}), which is how a caller learns it.
const EventStepStarted = "StepStarted"

// Error codes of map runs.
const (
	// ErrMapRunFailed: more children of a map run failed than its tolerances allow; the
	// distributed Map state fails with it (Retry and Catch match it).
	ErrMapRunFailed = "FnF.MapRunFailed"
	// ErrMapRunAborted: a child execution was stopped because its map run ended first.
	ErrMapRunAborted = "FnF.MapRunAborted"
)

// errToleranceExceeded is the cancel cause of a map run whose failures exceed a tolerance.
var errToleranceExceeded = errors.New("the failed child executions exceed the map run's tolerance")

// mapRun runs a distributed Map state: one child execution per input (an item, or a batch
// of items), at most the map run's Concurrency at once, which UpdateMapRun may change while
// it runs. The result is {"Items": [output of child 0, …]}, null for a child that did not
// succeed; the state fails with ErrMapRunFailed when the failures exceed the tolerances.
func (r *runner) mapRun(ctx context.Context, st *fdl.Map, inputs []map[string]any, entered int64) (map[string]any, error) {
	m := r.newMapRun(st, len(inputs))
	r.e.record(EventStepStarted, st.Name, entered, textField("mapRunName", m.Name))
	if h := r.e.p.MapRuns; h != nil {
		h.MapRun(m)
	}
	def := &fdl.Definition{Dialect: fdl.StateMachine, StartAt: st.Processor.StartAt, States: st.Processor.States}
	outs := make([]any, len(inputs))
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for i := range inputs {
		if !m.acquire(runCtx) {
			break
		}
		if m.ac != nil {
			m.ac.Busy(1)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, st := r.child(runCtx, m, def, i, inputs[i])
			outs[i] = out
			m.finish(st, cancel)
		}()
	}
	m.drain()
	wg.Wait()
	return r.endMapRun(ctx, m, st, outs)
}

// newMapRun makes the record of a map run of st over n inputs.
func (r *runner) newMapRun(st *fdl.Map, n int) *MapRun {
	p := r.e.p
	m := &MapRun{Name: mapRunName(p.Flow, p.Name, st.Name, r.e.nextIndex("\x00map\x00"+st.Name)),
		Flow: p.Flow, Execution: p.Name, State: st.Name,
		clock: r.clock, ac: r.activities, wake: make(chan struct{}, 1)}
	m.snap = MapRunSnapshot{Status: Running, Started: r.clock.Now(), Concurrency: int64(st.MaxConcurrency),
		ToleratedFailedCount: int64(st.ToleratedFailureCount), ToleratedFailedPercentage: st.ToleratedFailurePercentage,
		Items: ItemCounts{Total: int64(n), Pending: int64(n)}}
	return m
}

// endMapRun ends the map run once its children have: the items never started are Aborted.
func (r *runner) endMapRun(ctx context.Context, m *MapRun, st *fdl.Map, outs []any) (map[string]any, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snap.Items.Aborted += m.snap.Items.Pending
	m.snap.Items.Pending = 0
	switch {
	case ctx.Err() != nil:
		m.endLocked(Stopped)
		return nil, errAborted
	case m.exceededLocked():
		m.endLocked(Failed)
		c := m.snap.Items
		return nil, &TaskError{ErrMapRunFailed, fmt.Sprintf("state %s: map run %s: %d of %d child executions failed, more than its tolerance (count %d, percentage %g)",
			st.Name, m.Name, c.Failed, c.Total, m.snap.ToleratedFailedCount, m.snap.ToleratedFailedPercentage)}
	}
	m.endLocked(Succeeded)
	return map[string]any{"Items": outs}, nil
}

// child runs child i of map run m on input in its own goroutine (counted as an activity by
// the caller) and returns its output (nil unless it succeeded) and final status. The child
// is stopped with ErrMapRunAborted when ctx ends (the map run failed, or its parent ended).
func (r *runner) child(ctx context.Context, m *MapRun, def *fdl.Definition, i int, in map[string]any) (any, Status) {
	data, _ := encode(in)
	p := r.e.p
	e, v, err := newExecution(Params{Flow: p.Flow, Name: m.Name + "-" + strconv.Itoa(i), Definition: def,
		Input: string(data), RoleArn: p.RoleArn, Clock: r.clock, Tasks: r.tasks, MaxEvents: p.MaxEvents,
		MaxPayload: p.MaxPayload, Tokens: p.Tokens, MapRuns: p.MapRuns})
	cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e.cancel = cancel
	defer close(e.done)
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		e.Stop(ErrMapRunAborted, "map run "+m.Name+" ended: "+context.Cause(ctx).Error())
	})
	defer stop()
	var hookErr error
	if p.MapRuns != nil {
		hookErr = p.MapRuns.Child(m, e)
	}
	if cr, code, cause := prepare(e, v, err); hookErr != nil {
		e.end(Failed, "", ErrRuntime, "the child execution could not be kept: "+hookErr.Error())
	} else if code != "" {
		e.end(Failed, "", code, cause)
	} else {
		cr.run(cctx)
	}
	sn := e.Snapshot()
	if sn.Status != Succeeded {
		return nil, sn.Status
	}
	out, _ := decode(sn.Output)
	return out, sn.Status
}

// acquire waits until one more child may run, and counts it Running; false when ctx ended
// first.
func (m *MapRun) acquire(ctx context.Context) bool {
	for {
		m.mu.Lock()
		if ctx.Err() != nil {
			m.mu.Unlock()
			return false
		}
		s := &m.snap
		if s.Concurrency <= 0 || s.Items.Running < s.Concurrency {
			s.Items.Pending--
			s.Items.Running++
			m.mu.Unlock()
			return true
		}
		if !m.block(ctx) {
			return false
		}
	}
}

// drain waits until no child runs.
func (m *MapRun) drain() {
	for {
		m.mu.Lock()
		if m.snap.Items.Running == 0 {
			m.mu.Unlock()
			return
		}
		m.block(context.Background())
	}
}

// block waits, with m.mu held (and released), for a child to end or the concurrency to
// change; the caller stops counting as an activity meanwhile, and is counted again by
// whoever wakes it. false when ctx ended first.
func (m *MapRun) block(ctx context.Context) bool {
	m.waiting = true
	if m.ac != nil {
		m.ac.Busy(-1)
	}
	m.mu.Unlock()
	select {
	case <-m.wake:
		return true
	case <-ctx.Done():
	}
	m.mu.Lock()
	if m.waiting {
		m.waiting = false
		if m.ac != nil {
			m.ac.Busy(1)
		}
	} else {
		<-m.wake // woken meanwhile: the count was handed over
	}
	m.mu.Unlock()
	return false
}

// finish counts a child that ended with status st, cancels the map run when the failures
// now exceed a tolerance (before the dispatcher may start another child), and hands its
// activity count to the waiting dispatcher (or drops it).
func (m *MapRun) finish(st Status, cancel context.CancelCauseFunc) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := &m.snap.Items
	c.Running--
	switch st {
	case Succeeded:
		c.Succeed++
	case Stopped:
		c.Aborted++
	default:
		c.Failed++
	}
	if m.exceededLocked() {
		cancel(errToleranceExceeded)
	}
	if !m.pokeLocked(false) && m.ac != nil {
		m.ac.Busy(-1)
	}
}
