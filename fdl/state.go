package fdl

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

// TaskMode is how a Task state waits for its service.
type TaskMode string

// The integration modes of a Task state.
const (
	// RequestComplete takes the service's response as the result; it is the default.
	RequestComplete TaskMode = "RequestComplete"
	// WaitForSystemCallback waits until the service's asynchronous job completes.
	WaitForSystemCallback TaskMode = "WaitForSystemCallback"
	// WaitForCustomCallback waits for ReportTaskSucceeded or ReportTaskFailed with the
	// state's task token.
	WaitForCustomCallback TaskMode = "WaitForCustomCallback"
)

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

// Pass passes its input on, through its constructors.
type Pass struct {
	Base
	Transition
}

// Task calls a service. Action is "<Service>:<API>", e.g. "FC:InvokeFunction". TaskMode
// is RequestComplete when absent. TimeoutSeconds is the Task's Timeout, 0 for none.
type Task struct {
	Base
	Action         string
	TaskMode       TaskMode
	Parameters     map[string]any
	TimeoutSeconds int
	Rules
	Transition
}

// Choice moves to the Next of the first of its Branches whose Condition holds, tried in
// order, else to Default.
type Choice struct {
	Base
	Branches []ChoiceBranch
	Default  string
}

// Parallel runs its Branches at once on the same input.
type Parallel struct {
	Base
	Branches []*Scope
	Rules
	Transition
}

// Scopes returns the branches.
func (s *Parallel) Scopes() []*Scope { return s.Branches }

// Map runs Processor on each item of the array ItemsPath selects, at most MaxConcurrency at
// once (0: absent). MaxConcurrencyKey records how that key was spelled: "MaxConcurrency",
// or "MaxConcuccency" as the CloudFlow documentation writes it; "" when absent.
// ItemConstructor builds each item, like InputConstructor.
//
// Distributed is set when a Map state has a ProcessorConfig: each iteration then runs as a
// child execution of a map run, in ExecutionMode (Express or Standard, "" when not given).
// ItemReader, ItemBatcher, ResultWriter and MaxItems are kept as written: their shapes are
// not checked. ToleratedFailurePercentage (0-100) and ToleratedFailureCount let the map
// run succeed despite failed items; 0 when absent.
type Map struct {
	Base
	ItemsPath         string
	Processor         *Scope
	MaxConcurrency    int
	MaxConcurrencyKey string
	ItemConstructor   map[string]any

	Distributed                bool
	ExecutionMode              string
	ItemReader                 map[string]any
	ItemBatcher                map[string]any
	ResultWriter               map[string]any
	MaxItems                   any
	ToleratedFailurePercentage float64
	ToleratedFailureCount      int

	Rules
	Transition
}

// Scopes returns the processor, if any.
func (s *Map) Scopes() []*Scope {
	if s.Processor == nil {
		return nil
	}
	return []*Scope{s.Processor}
}

// Wait waits Seconds (1-300), or SecondsPath, the expression written as "Seconds.$".
type Wait struct {
	Base
	Seconds     int
	SecondsPath string
	Transition
}

// Succeed ends its scope successfully.
type Succeed struct {
	Base
}

// Fail ends its scope with the error Code and Detail.
type Fail struct {
	Base
	Code   string
	Detail string
}

// Type returns PassState.
func (*Pass) Type() StateType { return PassState }

// Type returns TaskState.
func (*Task) Type() StateType { return TaskState }

// Type returns ChoiceState.
func (*Choice) Type() StateType { return ChoiceState }

// Type returns ParallelState.
func (*Parallel) Type() StateType { return ParallelState }

// Type returns MapState.
func (*Map) Type() StateType { return MapState }

// Type returns WaitState.
func (*Wait) Type() StateType { return WaitState }

// Type returns SucceedState.
func (*Succeed) Type() StateType { return SucceedState }

// Type returns FailState.
func (*Fail) Type() StateType { return FailState }

// untyped is a state whose Type is missing or unknown. Parse keeps it only to check its
// scope and never returns it: it has reported a problem.
type untyped struct {
	Base
	Transition
}

// Type returns "".
func (*untyped) Type() StateType { return "" }

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

// ChoiceBranch is one branch of a Choice state.
type ChoiceBranch struct {
	Line int
	// Condition is the expression as written, e.g. `$Input.status == "ready"`.
	Condition string
	Next      string
}
