package interp

import (
	"context"
	"encoding/json"
	"time"

	"github.com/flowmock/flowmock/fdl"
)

// Clock is the time an execution runs on (a session's clock, package clock, implements it).
// It must be safe for concurrent use: Parallel branches and Map iterations read and wait on
// it at once.
type Clock interface {
	// Now is the clock's time.
	Now() time.Time
	// Sleep waits d of the clock's time, or until ctx is done (returns ctx.Err()).
	Sleep(ctx context.Context, d time.Duration) error
}

// DeadlineClock is a Clock that can also wait for a time without moving the clock
// (package clock's session clock is one). When the Clock has WaitUntil, task timeouts use
// it: on a clock where waits take no time, a task's Timeout then passes only when the clock
// gets there (advanced by hand, or by another wait), and a task that returns in time never
// moves the clock. Without it a timeout is a Sleep of its own.
type DeadlineClock interface {
	Clock
	// WaitUntil waits until the clock reads t or later, or until ctx is done (returns
	// ctx.Err()).
	WaitUntil(ctx context.Context, t time.Time) error
}

// ActivityClock is a DeadlineClock that jumps over waits only when every activity of its
// session waits (package clock's session clock at scale 0 is one). The interpreter counts
// its goroutines (an execution's, its branches' and iterations') with Busy and marks their
// contexts with Activity, so that concurrent waits overlap as in real time; it waits for a
// task's timeout with At.
type ActivityClock interface {
	DeadlineClock
	// Busy counts n more running activities (n < 0: fewer).
	Busy(n int)
	// Activity marks ctx as a counted activity's: its Sleeps stop counting while they wait.
	Activity(ctx context.Context) context.Context
	// At waits until the clock reads t for a caller Busy counts; it stops counting it
	// while it waits, never makes the clock jump, and counts it again until release.
	At(ctx context.Context, t time.Time) (release func(), err error)
}

// Invocation is one call of a Task state (new dialect) or task step (old dialect).
type Invocation struct {
	// Flow and Execution name the execution; State is the state or step name.
	Flow, Execution, State string
	// Index counts the invocations of State in this execution from 0: every one counts,
	// retries and Map or foreach iterations included.
	Index int
	// Input is the task's input, a JSON object: the state's input after InputConstructor
	// (new dialect) or inputMappings (old dialect).
	Input json.RawMessage
	// Action is the Task's Action, e.g. "FC:InvokeFunction" (new dialect), or the step's
	// resourceArn (old dialect).
	Action string
	// Parameters are the Task's Parameters with their ".$" expressions evaluated (new
	// dialect), or the step's serviceParams with their "$" paths resolved (old dialect).
	Parameters map[string]any
	// TaskMode is the Task's TaskMode (new dialect), "" in the old dialect.
	TaskMode string
	// Callback is set for TaskMode WaitForCustomCallback and pattern waitForCallback:
	// the task ends when it is reported with Token.
	Callback bool
	// Token is the task token, set for every invocation; callback tasks are completed by it.
	Token string
	// Timeout is the Task's Timeout (new) or timeoutSeconds (old), 0 for none. The
	// interpreter enforces it on the Clock; Tasks may use it to decide a timeout itself,
	// by returning a *TaskError with Code ErrTimeout.
	Timeout time.Duration
}

// Tasks runs tasks. Invoke returns the task's output (a JSON object; empty means {}) or a
// *TaskError, or ErrUnmocked to have the interpreter answer in the integration's shape;
// any other error is taken as a TaskError with Code ErrTaskFailed. Invoke may
// block (callbacks, delays) and must return when ctx is done. It is called from several
// goroutines at once when Parallel branches or Map iterations run tasks.
type Tasks interface {
	Invoke(ctx context.Context, inv Invocation) (json.RawMessage, error)
}

// TaskError is the one error of a flow's run: a task's failure (Tasks.Invoke returns it) or
// an error a state raised (a runtime error, a Fail state, a timeout). Code is the error Retry
// and Catch match (e.g. "FC.ResourceThrottled", "States.Runtime"), Cause the text. (The field is Code, not Error, so that *TaskError
// can be an error: Go does not allow a field and a method both named Error.)
type TaskError struct {
	Code, Cause string
}

// Error returns "Code: Cause".
func (e *TaskError) Error() string {
	if e.Cause == "" {
		return e.Code
	}
	return e.Code + ": " + e.Cause
}

// Params says what execution to run.
type Params struct {
	// Flow is the flow's name, Name the execution's.
	Flow, Name string
	// Definition is the parsed and checked definition the execution runs.
	Definition *fdl.Definition
	// Input is the execution input, a JSON object; "" means {}.
	Input string
	// RoleArn is the flow's role, shown to expressions as $Context.Execution.RoleArn.
	RoleArn string
	// Clock is the time the execution runs on; nil means wall time.
	Clock Clock
	// Started is the execution's StartedTime (a schedule's fire time, which the clock may
	// have passed); zero means the Clock's now.
	Started time.Time
	// Tasks runs the tasks; nil answers every task with its input.
	Tasks Tasks
	// MaxEvents bounds the history; 0 means DefaultMaxEvents. An execution that would
	// record more fails with ErrEventLimitExceeded, its last event being the MaxEvents-th.
	MaxEvents int
	// MaxPayload bounds every state input and output and the execution input, in bytes of
	// compact JSON; 0 means DefaultMaxPayload. A larger one fails the execution with
	// ErrDataLimitExceeded.
	MaxPayload int
	// Tokens mints task tokens (deterministic in tests); nil means "<flow>/<execution>/<n>"
	// with n counting from 1 in the execution. It is called from several goroutines at once
	// when branches or iterations run tasks.
	Tokens func() string
	// Random is the random source of the built-in functions uuid and randomInt; it is
	// called from several goroutines at once. nil means a source seeded from the flow and
	// execution names, so that a run replays.
	Random func() uint64
	// MapRuns keeps the map runs of distributed Map states and their child executions;
	// nil keeps none (they run all the same).
	MapRuns MapRuns
}

// The defaults of Params.
const (
	// DefaultMaxEvents is the service's limit of events per execution.
	DefaultMaxEvents = 5000
	// DefaultMaxPayload is the service's limit of a state's input or output (64 KiB).
	DefaultMaxPayload = 65536
)

// Status is the status of an execution.
type Status string

// The statuses of an execution.
const (
	Running   Status = "Running"
	Stopped   Status = "Stopped"
	Succeeded Status = "Succeeded"
	Failed    Status = "Failed"
	TimedOut  Status = "TimedOut"
)

// Snapshot is the state of an execution at one moment.
type Snapshot struct {
	Status Status
	// Input is the execution input; Output the final output, a JSON object, set only
	// when the execution Succeeded.
	Input, Output string
	// Error and Cause say why an execution Failed, was Stopped or TimedOut.
	Error, Cause string
	// Started is when the execution started; Stopped when it ended, zero while Running.
	Started, Stopped time.Time
}

// Error codes the interpreter raises itself. Retry and Catch rules match ErrTimeout,
// ErrRuntime, ErrTaskFailed and a built-in function's ErrInvalidExpression (by name or
// FnF.ALL); the other codes end the execution at once, whatever its rules.
const (
	// ErrAll in a Retry or Catch rule matches every error.
	ErrAll = "FnF.ALL"
	// ErrTimeout: a task ran past its Timeout (the state fails, catchable), or an old-dialect
	// flow past its timeoutSeconds (the execution ends TimedOut).
	ErrTimeout = "FnF.Timeout"
	// ErrRuntime: an expression or path failed while running, or a value had the wrong
	// shape (an input or output that is not a JSON object, ItemsPath not an array).
	ErrRuntime = "FnF.RuntimeError"
	// ErrTaskFailed: Tasks.Invoke returned an error that is not a *TaskError.
	ErrTaskFailed = "FnF.TaskFailed"
	// ErrInvalidExpression: an expression or path of the definition does not compile (the
	// execution fails when it starts, the cause naming the state and the expression), a
	// built-in function refused its arguments while running (the state fails with it), or
	// an evaluation went past a limit (limits.go; the execution fails).
	ErrInvalidExpression = "FnF.InvalidExpression"
	// ErrInvalidInput: the execution input is not a JSON object.
	ErrInvalidInput = "FnF.InvalidInput"
	// ErrDataLimitExceeded: an input or output was larger than Params.MaxPayload.
	ErrDataLimitExceeded = "FnF.DataLimitExceeded"
	// ErrEventLimitExceeded: the history would grow past Params.MaxEvents.
	ErrEventLimitExceeded = "FnF.EventLimitExceeded"
	// ErrShutdown: the context given to Start ended; the execution is Stopped.
	ErrShutdown = "flowmock.Shutdown"
)
