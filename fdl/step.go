package fdl

// StepType is the type of an old-dialect step.
type StepType string

// The eight step types of the old dialect.
const (
	PassStep     StepType = "pass"
	TaskStep     StepType = "task"
	ChoiceStep   StepType = "choice"
	ParallelStep StepType = "parallel"
	ForeachStep  StepType = "foreach"
	WaitStep     StepType = "wait"
	SucceedStep  StepType = "succeed"
	FailStep     StepType = "fail"
)

// stepTypes lists the step types in the order problems name them.
var stepTypes = []StepType{PassStep, TaskStep, ChoiceStep, ParallelStep, ForeachStep, WaitStep, SucceedStep, FailStep}

// Pattern is how an old-dialect task step waits for its resource.
type Pattern string

// The integration patterns of a task step.
const (
	// RequestResponse takes the resource's response as the result; it is the default.
	RequestResponse Pattern = "requestResponse"
	// Sync submits asynchronously and waits for the result.
	Sync Pattern = "sync"
	// WaitForCallback waits for ReportTaskSucceeded or ReportTaskFailed.
	WaitForCallback Pattern = "waitForCallback"
)

// Step is one step of the old dialect. Steps of a list run in order; a step with End set,
// a succeed step and a fail step stop the list, and goto (in choice and catch) jumps to a
// sibling step. Which fields are set depends on Type.
type Step struct {
	Line int
	Type StepType
	Name string
	End  bool
	// InputMappings and OutputMappings build the step's input and output.
	InputMappings  []Mapping
	OutputMappings []Mapping

	// task: ResourceArn names the function, queue or flow to call, or Action the API of
	// an integrated service ("<service>:<API>", such as "fnf:StartExecution") whose
	// request parameters are ServiceParams; exactly one of the two is set. Pattern is
	// RequestResponse when absent; TimeoutSeconds is 0 when absent. ServiceParams are
	// the request parameters of an integrated service, kept as written.
	ResourceArn    string
	Action         string
	Pattern        Pattern
	TimeoutSeconds int
	ErrorMappings  []Mapping
	ServiceParams  map[string]any
	Retry          []StepRetry
	Catch          []StepCatch

	// choice: Choices are tried in order; Default, when not nil, runs when none holds.
	Choices []StepChoice
	Default *StepChoice

	// parallel: Branches run at once.
	Branches []Branch

	// foreach: Steps run once per item of IterationMapping.Collection.
	IterationMapping *IterationMapping
	Steps            []*Step

	// wait: exactly one of Duration (seconds, 0-172800), DurationPath (a "$" path to the
	// seconds) and Timestamp (RFC 3339, or a "$" path to one).
	Duration     int
	DurationPath string
	Timestamp    string

	// fail: the error and its cause.
	Error string
	Cause string
}

// Mapping is one input, output or error mapping: Target is set from Source, a "$" path
// such as "$input.x" or "$local.y", or a constant, kept as written.
type Mapping struct {
	Line   int
	Target string
	Source any
}

// StepRetry is one retry rule of a task step, defaults filled in.
type StepRetry struct {
	Line   int
	Errors []string
	// IntervalSeconds is the first wait (default 1), multiplied by Multiplier (default 2)
	// for each next one, up to MaxIntervalSeconds (default 86400).
	IntervalSeconds    int
	MaxIntervalSeconds int
	MaxAttempts        int // default 3
	Multiplier         float64
}

// StepCatch is one catch rule of a task step: on a matching error the flow goes to the
// sibling step named Goto.
type StepCatch struct {
	Line   int
	Errors []string
	Goto   string
}

// StepChoice is one choice of a choice step (Condition empty for the default): its Steps
// run, then the flow goes to the sibling step Goto, if any.
type StepChoice struct {
	Line      int
	Condition string
	Steps     []*Step
	Goto      string
}

// Branch is one branch of a parallel step.
type Branch struct {
	Line  int
	Steps []*Step
}

// IterationMapping says what a foreach step iterates: the array at Collection, each item
// as Item, its position as Index (optional).
type IterationMapping struct {
	Line       int
	Collection string
	Item       string
	Index      string
}
