package interp

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowmock/flowmock/clock"
)

// Execution is one running or finished execution. Its methods are safe for concurrent use.
type Execution struct {
	p         Params
	clock     Clock
	maxEvents int
	cancel    context.CancelFunc
	done      chan struct{}

	mu      sync.Mutex
	snap    Snapshot
	events  []Event
	tokens  int            // tokens minted by the default minter
	indexes map[string]int // invocations so far, per state name
	notify  chan struct{}  // closed at the next event; made by Await when it must wait
	arena   []byte         // where event details are written (detail.go)
	// sizes, when the definition is compiled, is where its executions leave the length of
	// their histories, for the next one to start with room for as many events.
	sizes *atomic.Int32
}

// Start begins running the execution in its own goroutine and returns at once, with status
// Running and ExecutionStarted recorded (or already Failed, when the input is not a JSON
// object or an expression does not compile). The goroutine, and every goroutine it starts,
// ends when the execution ends, when Stop is called, or when ctx is done; then the
// execution ends Stopped with Error ErrShutdown. ctx should live as long as the execution
// may (a session's or server's context, not a request's).
func Start(ctx context.Context, p Params) *Execution {
	// Counted before its start time is read and until its goroutine runs, so that the clock
	// cannot jump (for another execution's waits) between StartedTime and its first state.
	ac, _ := p.Clock.(ActivityClock)
	if ac != nil {
		ac.Busy(1)
	}
	e, in, err := newExecution(p)
	ctx, e.cancel = context.WithCancel(ctx)
	r, code, cause := prepare(e, in, err)
	if code != "" {
		e.end(Failed, "", code, cause)
		if ac != nil {
			ac.Busy(-1)
		}
		e.cancel()
		close(e.done)
		return e
	}
	if ac != nil {
		ctx = ac.Activity(ctx)
	}
	go func() {
		growStack(0)
		defer close(e.done)
		defer e.cancel()
		if ac != nil {
			defer ac.Busy(-1)
		}
		r.run(ctx)
	}()
	return e
}

// Run runs the execution to its end and returns the final snapshot (StartSyncExecution).
// When ctx ends first, the execution ends Stopped with Error ErrShutdown.
func Run(ctx context.Context, p Params) Snapshot {
	e := Start(ctx, p)
	<-e.Done()
	return e.Snapshot()
}

// maxHistoryHint bounds the room for events an execution starts with.
const maxHistoryHint = 1024

// newExecution fills in the defaults of p and records ExecutionStarted; it returns the
// input decoded, or why it does not decode.
func newExecution(p Params) (e *Execution, in any, err error) {
	if p.Clock == nil {
		p.Clock = wallClock{}
	}
	if p.Tasks == nil {
		p.Tasks = echoTasks{}
	}
	if p.MaxPayload <= 0 {
		p.MaxPayload = DefaultMaxPayload
	}
	if p.Input == "" {
		p.Input = "{}"
	}
	e = &Execution{p: p, clock: p.Clock, maxEvents: max(p.MaxEvents, 2), done: make(chan struct{}),
		indexes: map[string]int{}}
	events := 16
	if p.Definition != nil {
		e.sizes = &compiled(p.Definition).historySize
		events = max(events, min(int(e.sizes.Load()), maxHistoryHint))
	}
	e.events = make([]Event, 0, events)
	if p.MaxEvents <= 0 {
		e.maxEvents = DefaultMaxEvents
	}
	if p.Started.IsZero() {
		p.Started = e.clock.Now()
	}
	e.snap = Snapshot{Status: Running, Input: p.Input, Started: p.Started}
	input := jsonTextField("input", p.Input)
	whole := false // the parser read all of it: valid JSON
	if in, whole = parseFast(p.Input); !whole {
		in, err = decodeReflected([]byte(p.Input))
	}
	if err != nil {
		input = textField("input", p.Input)
	} else if !whole || !compact(p.Input) {
		var b bytes.Buffer
		_ = json.Compact(&b, []byte(p.Input))
		input = jsonField("input", b.Bytes())
	}
	e.appendLocked(EventExecutionStarted, "", 0, e.detailLocked(input))
	e.events[0].Time = p.Started
	return e, in, err
}

// Snapshot returns the execution's state now. After Stop returns true it never shows
// Running.
func (e *Execution) Snapshot() Snapshot {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snap
}

// Stop ends a running execution as Stopped with errCode and cause, recording
// ExecutionStopped, and returns true; it returns false when the execution had already
// ended. Waits and blocked Invokes of the execution see their context cancelled, so its
// goroutines end promptly; Done says when they have.
func (e *Execution) Stop(errCode, cause string) bool {
	return e.end(Stopped, "", errCode, cause)
}

// Done is closed when the execution has ended and all its goroutines have returned.
func (e *Execution) Done() <-chan struct{} {
	return e.done
}

// end ends a running execution with status st and records the final event; false when it
// had already ended.
func (e *Execution) end(st Status, output, code, cause string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.endLocked(st, output, code, cause)
}

// endLocked is end with e.mu held. It cancels the execution's context, so that whatever
// still runs unwinds.
func (e *Execution) endLocked(st Status, output, code, cause string) bool {
	if e.snap.Status != Running {
		return false
	}
	e.snap.Status, e.snap.Output, e.snap.Error, e.snap.Cause = st, output, code, cause
	e.snap.Stopped = e.clock.Now()
	typ, d := e.finalEventLocked(st, output, code, cause)
	e.appendLocked(typ, "", 1, d)
	if e.sizes != nil {
		e.sizes.Store(int32(min(len(e.events), maxHistoryHint)))
	}
	if e.cancel != nil {
		e.cancel()
	}
	return true
}

// finalEventLocked is the type and detail of the event that ends an execution with status
// st; e.mu is held.
func (e *Execution) finalEventLocked(st Status, output, code, cause string) (string, string) {
	switch st {
	case Succeeded:
		return EventExecutionSucceeded, e.detailLocked(jsonTextField("output", output))
	case Stopped:
		return EventExecutionStopped, e.errorDetailLocked(code, cause)
	case TimedOut:
		return EventExecutionTimedOut, e.errorDetailLocked(code, cause)
	}
	return EventExecutionFailed, e.errorDetailLocked(code, cause)
}

// token mints the task token of an invocation.
func (e *Execution) token() string {
	if e.p.Tokens != nil {
		return e.p.Tokens()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tokens++
	return e.p.Flow + "/" + e.p.Name + "/" + strconv.Itoa(e.tokens)
}

// nextIndex returns the index of the next invocation of state.
func (e *Execution) nextIndex(state string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	i := e.indexes[state]
	e.indexes[state] = i + 1
	return i
}

// wallClock is the Clock of Params without one: wall time.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) Sleep(ctx context.Context, d time.Duration) error { return clock.Sleep(ctx, d) }

// Name is the execution's name.
func (e *Execution) Name() string { return e.p.Name }
