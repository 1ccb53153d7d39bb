package fdl

// StateType is the Type of a new-dialect state.
type StateType string

// The eight state types of the new dialect.
const (
	Pass     StateType = "Pass"
	Task     StateType = "Task"
	Choice   StateType = "Choice"
	Parallel StateType = "Parallel"
	Map      StateType = "Map"
	Wait     StateType = "Wait"
	Succeed  StateType = "Succeed"
	Fail     StateType = "Fail"
)

// stateTypes lists the state types in the order problems name them.
var stateTypes = []StateType{Pass, Task, Choice, Parallel, Map, Wait, Succeed, Fail}

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
	States  []*State
}

// State is one state of the new dialect. Which fields are set depends on Type.
type State struct {
	Line        int
	Name        string
	Type        StateType
	Description string
	// Next names the state that follows in the same scope; End ends the scope. Choice,
	// Succeed and Fail states have neither.
	Next string
	End  bool
	// InputConstructor and OutputConstructor build the state's input and output. Values
	// are kept as written; a key ending in ".$" holds an expression.
	InputConstructor  map[string]any
	OutputConstructor map[string]any
	// GlobalConstructor, applied when the state ends, is merged key by key into the
	// execution's global variables ($Global).
	GlobalConstructor map[string]any

	// Task: Action is "<Service>:<API>", e.g. "FC:InvokeFunction". TaskMode is
	// RequestComplete when absent. TimeoutSeconds is the Task's Timeout, 0 for none.
	Action         string
	TaskMode       TaskMode
	Parameters     map[string]any
	TimeoutSeconds int

	// Retry and Catch handle errors of Task, Parallel and Map states: the first matching
	// Retry rule, then the first matching Catch rule.
	Retry []Retry
	Catch []Catch

	// Choice: Choices holds the Choice state's Branches, tried in order; Default names
	// the state that follows when no Condition holds.
	Choices []ChoiceBranch
	Default string

	// Parallel: Branches run at once on the same input.
	Branches []*Scope

	// Map: ItemsPath selects the array whose items Processor runs on, at most
	// MaxConcurrency at once (0: absent). MaxConcurrencyKey records how that key was
	// spelled: "MaxConcurrency", or "MaxConcuccency" as the CloudFlow documentation writes
	// it; "" when absent. ItemConstructor builds each item, like InputConstructor.
	ItemsPath         string
	Processor         *Scope
	MaxConcurrency    int
	MaxConcurrencyKey string
	ItemConstructor   map[string]any

	// Distributed is set when a Map state has a ProcessorConfig: each iteration then runs
	// as a child execution of a map run, in ExecutionMode (Express or Standard, "" when
	// not given). ItemReader, ItemBatcher, ResultWriter and MaxItems are kept as written:
	// their shapes are not checked. ToleratedFailurePercentage (0-100) and
	// ToleratedFailureCount let the map run succeed despite failed items; 0 when absent.
	Distributed                bool
	ExecutionMode              string
	ItemReader                 map[string]any
	ItemBatcher                map[string]any
	ResultWriter               map[string]any
	MaxItems                   any
	ToleratedFailurePercentage float64
	ToleratedFailureCount      int

	// Wait: Seconds (1-300), or SecondsPath, the expression written as "Seconds.$".
	Seconds     int
	SecondsPath string

	// Fail: the error's Code and Detail.
	Code   string
	Detail string
}

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
