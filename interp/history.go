package interp

import (
	"context"
	"strconv"
	"time"
)

// Event is one event of an execution's history.
type Event struct {
	// ID counts the events of the execution from 1; ScheduleID is the ID of the event that
	// scheduled this one (see the package documentation), 0 for ExecutionStarted.
	ID, ScheduleID int64
	// Type is one of the Event* constants.
	Type string
	// Time is the Clock's time when the event was recorded.
	Time time.Time
	// Step is the state (new dialect) or step (old dialect) the event belongs to, "" for
	// execution events.
	Step string
	// Detail is a JSON object: the input, output, error and cause, task token… as relevant.
	Detail string
}

// The event types the interpreter records.
const (
	EventExecutionStarted   = "ExecutionStarted"
	EventExecutionSucceeded = "ExecutionSucceeded"
	EventExecutionFailed    = "ExecutionFailed"
	EventExecutionStopped   = "ExecutionStopped"
	EventExecutionTimedOut  = "ExecutionTimedOut"
	EventStepEntered        = "StepEntered"
	EventStepSucceeded      = "StepSucceeded"
	EventStepFailed         = "StepFailed"
	EventStepExited         = "StepExited"
	EventBranchEntered      = "BranchEntered"
	EventBranchExited       = "BranchExited"
	EventIterationEntered   = "IterationEntered"
	EventIterationExited    = "IterationExited"
	EventTaskScheduled      = "TaskScheduled"
	EventTaskStarted        = "TaskStarted"
	EventTaskSucceeded      = "TaskSucceeded"
	EventTaskFailed         = "TaskFailed"
	EventTaskTimedOut       = "TaskTimedOut"
)

// Events returns the events whose ID is above afterID, at most limit of them (limit ≤ 0:
// all), and whether more follow. It is safe to call while the execution runs.
func (e *Execution) Events(afterID int64, limit int) (events []Event, more bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if afterID < 0 {
		afterID = 0
	}
	if afterID >= int64(len(e.events)) {
		return nil, false
	}
	rest := e.events[afterID:]
	if limit > 0 && len(rest) > limit {
		rest, more = rest[:limit], true
	}
	return append([]Event(nil), rest...), more
}

// Event returns the event with ID id.
func (e *Execution) Event(id int64) (Event, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if id < 1 || id > int64(len(e.events)) {
		return Event{}, false
	}
	return e.events[id-1], true
}

// record appends an event of a running execution, its detail the JSON object of fields
// ({} for none), and returns its ID; 0 when the execution has ended (the event is
// dropped). An event that would leave no room for the final one under MaxEvents fails the
// execution with ErrEventLimitExceeded instead.
func (e *Execution) record(typ, step string, scheduled int64, fields ...field) int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.snap.Status != Running {
		return 0
	}
	if len(e.events) >= e.maxEvents-1 {
		e.endLocked(Failed, "", ErrEventLimitExceeded,
			"the execution would record more than "+strconv.Itoa(e.maxEvents)+" history events")
		return 0
	}
	d := "{}"
	if len(fields) > 0 {
		d = e.detailLocked(fields...)
	}
	return e.appendLocked(typ, step, scheduled, d)
}

// appendLocked appends an event; e.mu is held.
func (e *Execution) appendLocked(typ, step string, scheduled int64, detail string) int64 {
	id := int64(len(e.events)) + 1
	e.events = append(e.events, Event{ID: id, ScheduleID: scheduled, Type: typ,
		Time: e.clock.Now(), Step: step, Detail: detail})
	if e.notify != nil {
		close(e.notify)
		e.notify = nil
	}
	return id
}

// Await returns the first event match accepts, waiting for it while the execution runs; ok
// is false when the execution ended, or ctx did, without one.
func (e *Execution) Await(ctx context.Context, match func(Event) bool) (ev Event, ok bool) {
	seen := 0
	for {
		e.mu.Lock()
		for ; seen < len(e.events); seen++ {
			if match(e.events[seen]) {
				ev := e.events[seen]
				e.mu.Unlock()
				return ev, true
			}
		}
		if e.snap.Status != Running {
			e.mu.Unlock()
			return Event{}, false
		}
		if e.notify == nil {
			e.notify = make(chan struct{})
		}
		next := e.notify
		e.mu.Unlock()
		select {
		case <-next:
		case <-ctx.Done():
			return Event{}, false
		}
	}
}
