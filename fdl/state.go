package fdl

import (
	"errors"

	"go.yaml.in/yaml/v3"
)

// StateType is the Type of a new-dialect state.
type StateType string

// The eight state types of the new dialect.
const (
	PassState     StateType = "Pass"
	TaskState     StateType = "Task"
	ChoiceState   StateType = "Choice"
	ParallelState StateType = "Parallel"
	MapState      StateType = "Map"
	WaitState     StateType = "Wait"
	SucceedState  StateType = "Succeed"
	FailState     StateType = "Fail"
)

// stateTypes lists the state types in the order problems name them.
var stateTypes = []StateType{PassState, TaskState, ChoiceState, ParallelState, MapState, WaitState, SucceedState, FailState}

// Scope is a list of states with its first state: the flow itself, a Parallel branch or a
// Map processor. Next and End move within one scope.
type Scope struct {
	Line    int
	StartAt string
	States  []State
}

// State is one state of the new dialect: a *Pass, *Task, *Choice, *Parallel, *Map, *Wait,
// *Succeed or *Fail. Each embeds a Base; those that move on with Next or End embed a
// Transition, those with Retry and Catch rules (Task, Parallel, Map) embed Rules.
type State interface {
	// Common is the part every state has.
	Common() *Base
	// Type is the state's Type.
	Type() StateType
	// Scopes are the scopes nested in the state: a Parallel's branches, a Map's processor.
	Scopes() []*Scope
	// Accept calls the method of v for the state's type and returns what it returns.
	Accept(v Visitor) error
	// putFields adds the fields particular to the state's type to m, its YAML mapping.
	putFields(m *yaml.Node)
}

// Visitor has one method per state type; State.Accept calls the one of the state's type.
// A type switch over states would compile with a case missing; a Visitor does not, so a
// package that compiles and runs states (interp) learns of a new state type from the
// compiler, and each type's methods can live in a file of that type.
type Visitor interface {
	VisitPass(*Pass) error
	VisitTask(*Task) error
	VisitChoice(*Choice) error
	VisitParallel(*Parallel) error
	VisitMap(*Map) error
	VisitWait(*Wait) error
	VisitSucceed(*Succeed) error
	VisitFail(*Fail) error
}

// Base is the part every state has.
type Base struct {
	Line        int
	Name        string
	Description string
	// InputConstructor and OutputConstructor build the state's input and output. Values
	// are kept as written; a key ending in ".$" holds an expression.
	InputConstructor  map[string]any
	OutputConstructor map[string]any
	// GlobalConstructor, applied when the state ends, is merged key by key into the
	// execution's global variables ($Global).
	GlobalConstructor map[string]any
}

// Common returns b.
func (b *Base) Common() *Base { return b }

// Scopes returns nil: most states nest none.
func (b *Base) Scopes() []*Scope { return nil }

// putFields adds nothing: Pass and Succeed states have no fields of their own.
func (b *Base) putFields(*yaml.Node) {}

// Transition is how a state moves on: Next names the state that follows in the same
// scope; End ends the scope. A parsed state has exactly one of them.
type Transition struct {
	Next string
	End  bool
}

// Transitions returns t.
func (t *Transition) Transitions() *Transition { return t }

// Mover is a state that moves on by Next or End: *Pass, *Task, *Parallel, *Map or *Wait.
// The others end their scope (Succeed, Fail) or choose where to go (Choice).
type Mover interface {
	State
	Transitions() *Transition
}

// Rules are the error rules of a Task, Parallel or Map state: the first matching Retry
// rule, then the first matching Catch rule.
type Rules struct {
	Retry []Retry
	Catch []Catch
}

// ErrorRules returns r.
func (r *Rules) ErrorRules() *Rules { return r }

// Recoverer is a state with error rules: *Task, *Parallel or *Map.
type Recoverer interface {
	State
	ErrorRules() *Rules
}

// untyped is a state whose Type is missing or unknown. Parse keeps it only to check its
// scope and never returns it: it has reported a problem.
type untyped struct {
	Base
	Transition
}

// Type returns "".
func (*untyped) Type() StateType { return "" }

// Accept visits nothing: Parse never returns an untyped state.
func (*untyped) Accept(Visitor) error { return errUntyped }

// errUntyped is what visiting an untyped state returns.
var errUntyped = errors.New("fdl: a state without a type")

// Retry is one retry rule of a state.
type Retry struct {
	Line        int
	Errors      []string
	Description string
	MaxAttempts int
	// IntervalSeconds is the first wait (0-86400); each next wait is multiplied by
	// BackoffRate (1 when absent), up to MaxBackoffSeconds (0-86400, 0 when absent).
	IntervalSeconds   int
	BackoffRate       float64
	MaxBackoffSeconds int
}

// Catch is one catch rule of a state: on a matching error the flow moves to Next, with
// input built by OutputConstructor.
type Catch struct {
	Line              int
	Errors            []string
	Description       string
	OutputConstructor map[string]any
	Next              string
}
