package interp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/flowmock/flowmock/fdl"
)

// runner runs one execution. Apart from the Execution it writes through and top, it is
// read-only once prepared, so Parallel branches and Map iterations share it.
type runner struct {
	e     *Execution
	def   *fdl.Definition
	clock Clock
	tasks Tasks
	prog  *program       // the definition compiled, shared with its other executions
	exprs evaluator      // evaluates prog's expressions for this execution
	input map[string]any // the execution input
	// execCtx is $Context.Execution (new dialect), made on first use.
	execCtx     map[string]any
	execCtxOnce sync.Once
	// random is the random source when Params has none.
	random seededRandom
	// globals are $Global (new dialect).
	globals globals
	// deadline is when an old-dialect flow with timeoutSeconds times out; zero for none.
	deadline time.Time
	// activities is the clock when it counts activities, else nil.
	activities ActivityClock
	// top runs the states of the definition's top scope (new dialect); only run uses it.
	// Kept here, it costs the execution no allocation of its own.
	top stateRun
}

// errAborted unwinds a run whose execution has ended (stopped, failed on a limit, timed
// out) or whose branch was cancelled; it records nothing on its way out.
var errAborted = errors.New("interp: aborted")

// prepare checks the input (v decoded, or err) and gets the definition's compiled
// expressions; on failure it returns the code and cause the execution fails with.
func prepare(e *Execution, v any, err error) (r *runner, code, cause string) {
	var in map[string]any
	if err == nil {
		in, err = asObject(v)
	}
	if err != nil {
		return nil, ErrInvalidInput, "the execution input is not a JSON object: " + err.Error()
	}
	if n := len(e.p.Input); n > e.p.MaxPayload {
		return nil, ErrDataLimitExceeded, fmt.Sprintf("the execution input is %d bytes, more than %d", n, e.p.MaxPayload)
	}
	r = &runner{e: e, def: e.p.Definition, clock: e.clock, tasks: e.p.Tasks, input: in}
	r.activities, _ = e.clock.(ActivityClock)
	if r.def == nil {
		return nil, ErrRuntime, "the execution has no definition"
	}
	r.prog = compiled(r.def)
	if r.prog.err != nil {
		return nil, ErrInvalidExpression, r.prog.err.Error()
	}
	r.exprs = evaluator{ps: r.prog.exprs, clock: e.clock, random: &r.random, run: r}
	if e.p.Random != nil {
		r.exprs.random = source(e.p.Random)
	} else {
		r.random.flow, r.random.name = e.p.Flow, e.p.Name
	}
	if t := r.def.TimeoutSeconds; t > 0 && r.def.Dialect == fdl.Flow {
		r.deadline = e.snap.Started.Add(time.Duration(t) * time.Second)
	}
	return r, "", ""
}

// run runs the definition and ends the execution with its outcome.
func (r *runner) run(ctx context.Context) {
	var out map[string]any
	var data []byte // out as JSON, when known
	var err error
	if r.def.Dialect == fdl.Flow {
		out, err = r.runFlow(ctx)
	} else {
		out, data, err = r.runScopeText(ctx, &r.top, r.def.States, r.def.StartAt, r.input, nil, 1)
	}
	if err == nil && data == nil {
		data, err = r.payload(out, "the execution output", "")
	}
	switch se := taskError(err); {
	case se != nil:
		r.e.end(Failed, "", se.Code, se.Cause)
	case err != nil:
		r.e.end(Stopped, "", ErrShutdown, "the emulator stopped the execution: "+context.Cause(ctx).Error())
	default:
		r.e.end(Succeeded, string(data), "", "")
	}
}

// executionContext is $Context.Execution (new dialect).
func (r *runner) executionContext() map[string]any {
	r.execCtxOnce.Do(func() {
		r.execCtx = map[string]any{"Name": r.e.p.Name, "Input": r.input, "RoleArn": r.e.p.RoleArn}
	})
	return r.execCtx
}

// fatal ends the execution as Failed with code and cause whatever its Catch rules, and
// returns errAborted to unwind.
func (r *runner) fatal(code, cause string) error {
	r.e.end(Failed, "", code, cause)
	return errAborted
}

// payload encodes v, an input or output described by what followed by name, failing the
// execution when it is larger than MaxPayload.
func (r *runner) payload(v any, what, name string) ([]byte, error) {
	data, err := encode(v)
	if err != nil {
		return nil, &TaskError{ErrRuntime, what + name + " is not JSON: " + err.Error()}
	}
	return r.sized(data, what, name)
}

// sized returns data, an input or output described by what followed by name, failing the
// execution when it is larger than MaxPayload.
func (r *runner) sized(data []byte, what, name string) ([]byte, error) {
	if len(data) > r.e.p.MaxPayload {
		return nil, r.fatal(ErrDataLimitExceeded, fmt.Sprintf("%s%s is %d bytes, more than %d", what, name, len(data), r.e.p.MaxPayload))
	}
	return data, nil
}

// sleep waits d on the clock. An old-dialect flow that reaches its deadline meanwhile
// times out.
func (r *runner) sleep(ctx context.Context, d time.Duration) error {
	late := false
	if !r.deadline.IsZero() {
		if left := r.deadline.Sub(r.clock.Now()); d >= left {
			d, late = left, true
		}
	}
	if d > 0 {
		if err := r.clock.Sleep(ctx, d); err != nil {
			return errAborted
		}
	}
	if ctx.Err() != nil {
		return errAborted
	}
	if late {
		return r.timedOut()
	}
	return nil
}

// checkDeadline times the flow out when its deadline has passed.
func (r *runner) checkDeadline(ctx context.Context) error {
	if ctx.Err() != nil {
		return errAborted
	}
	if !r.deadline.IsZero() && !r.clock.Now().Before(r.deadline) {
		return r.timedOut()
	}
	return nil
}

// timedOut ends an old-dialect flow that ran past its timeoutSeconds.
func (r *runner) timedOut() error {
	r.e.end(TimedOut, "", ErrTimeout, "the flow ran past its timeoutSeconds ("+strconv.Itoa(r.def.TimeoutSeconds)+" s)")
	return errAborted
}

// errTaskTimeout is the cancel cause of an invocation that ran past its Timeout.
var errTaskTimeout = errors.New("interp: task timed out")

// invoke calls Tasks.Invoke, enforcing inv.Timeout on the clock. It returns the result,
// or a *TaskError (timedOut tells a timeout), or errAborted when ctx ended.
func (r *runner) invoke(ctx context.Context, inv *Invocation) (res json.RawMessage, timedOut bool, err error) {
	var cause error
	if inv.Timeout > 0 {
		res, cause, err = r.invokeTimed(ctx, inv)
	} else {
		res, err = r.tasks.Invoke(ctx, *inv)
	}
	if err == nil {
		return res, false, nil
	}
	switch {
	case ctx.Err() != nil:
		return nil, false, errAborted
	case err == ErrUnmocked: // the sentinel as is: no TaskError to look for in it (no allocation)
		return nil, false, ErrUnmocked
	}
	if te := taskError(err); te != nil {
		return nil, te.Code == ErrTimeout, &TaskError{te.Code, te.Cause} // a copy: the task keeps its own
	}
	switch {
	case errors.Is(err, ErrUnmocked):
		return nil, false, ErrUnmocked
	case errors.Is(cause, errTaskTimeout):
		return nil, true, &TaskError{ErrTimeout, fmt.Sprintf("the task ran past its timeout of %s", inv.Timeout)}
	}
	return nil, false, &TaskError{ErrTaskFailed, err.Error()}
}

// invokeTimed calls Tasks.Invoke with a context that a watcher cancels, with cause
// errTaskTimeout, when the clock reaches inv.Timeout; it returns that context's cause.
func (r *runner) invokeTimed(ctx context.Context, inv *Invocation) (res json.RawMessage, cause, err error) {
	tctx, cancel := context.WithCancelCause(ctx)
	watched := make(chan struct{})
	returned := make(chan struct{})
	deadline := r.clock.Now().Add(inv.Timeout)
	if r.activities != nil {
		r.activities.Busy(1) // the watcher, until its At knows the deadline
	}
	go func() {
		defer close(watched)
		release, err := r.at(tctx, deadline)
		if err == nil {
			cancel(errTaskTimeout)
			<-returned // the timeout holds the clock until the task has seen it
		}
		release()
	}()
	res, err = r.tasks.Invoke(tctx, *inv)
	close(returned)
	cause = context.Cause(tctx)
	cancel(nil)
	<-watched
	return res, cause, err
}

// waitUntil waits until the clock reads deadline, without moving it when it is a
// DeadlineClock, else by a Sleep.
func (r *runner) waitUntil(ctx context.Context, deadline time.Time) error {
	if c, ok := r.clock.(DeadlineClock); ok {
		return c.WaitUntil(ctx, deadline)
	}
	return r.clock.Sleep(ctx, deadline.Sub(r.clock.Now()))
}

// at waits until the clock reads deadline; with an ActivityClock (whose Busy counts the
// caller) it holds the clock there until release is called.
func (r *runner) at(ctx context.Context, deadline time.Time) (release func(), err error) {
	if r.activities != nil {
		return r.activities.At(ctx, deadline)
	}
	return func() {}, r.waitUntil(ctx, deadline)
}

// echoTasks is the Tasks of Params without one: every task returns its input.
type echoTasks struct{}

func (echoTasks) Invoke(_ context.Context, inv Invocation) (json.RawMessage, error) {
	return inv.Input, nil
}
