package fdl

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

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

// Type returns TaskState.
func (*Task) Type() StateType { return TaskState }

// Accept returns v.VisitTask(s).
func (s *Task) Accept(v Visitor) error { return v.VisitTask(s) }

// task reads a Task state.
func (p *parser) task(o *object, b Base) *Task {
	s := &Task{Base: b}
	s.Action = o.str("Action", true)
	if svc, api, ok := strings.Cut(s.Action, ":"); s.Action != "" && (!ok || svc == "" || api == "") {
		p.report(o.values["Action"], o.path, "Action", "want <Service>:<API>, e.g. FC:InvokeFunction, got %q", s.Action)
	}
	s.TaskMode = TaskMode(o.str("TaskMode", false))
	o.oneOf("TaskMode", string(s.TaskMode), string(RequestComplete), string(WaitForSystemCallback), string(WaitForCustomCallback))
	if s.TaskMode == "" {
		s.TaskMode = RequestComplete
	}
	s.Parameters = o.jsonObject("Parameters")
	s.TimeoutSeconds = p.timeout(o)
	p.errorRules(o, &s.Rules)
	p.transition(o, &s.Transition, TaskState)
	return s
}

// timeout reads a Task's Timeout: seconds, as a number or a string of digits.
func (p *parser) timeout(o *object) int {
	v := o.values["Timeout"]
	if v == nil {
		return 0
	}
	n, ok := 0, false
	if s, isText := text(v); isText {
		var err error
		n, err = strconv.Atoi(s)
		ok = err == nil
		if !ok {
			o.wrong("Timeout", "a number of seconds", v)
		}
	} else {
		n, ok = o.integer("Timeout", false)
	}
	if ok {
		o.within("Timeout", n, 0, maxTimeout)
	}
	return n
}

// putFields adds the fields of a Task state.
func (s *Task) putFields(m *yaml.Node) {
	putStr(m, "Action", s.Action)
	putStr(m, "TaskMode", string(s.TaskMode))
	putObject(m, "Parameters", s.Parameters)
	if s.TimeoutSeconds != 0 {
		put(m, "Timeout", intNode(s.TimeoutSeconds))
	}
}
