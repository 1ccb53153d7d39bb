package fdl

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Keys of the new dialect.
var (
	topKeys    = []string{"Type", "Name", "SpecVersion", "Description", "StartAt", "States"}
	commonKeys = []string{"Type", "Name", "Description", "InputConstructor", "OutputConstructor", "GlobalConstructor"}
	stateKeys  = map[StateType][]string{
		PassState:     {"Next", "End"},
		TaskState:     {"Action", "TaskMode", "Parameters", "Timeout", "Retry", "Catch", "Next", "End"},
		ChoiceState:   {"Branches", "Default"},
		ParallelState: {"Branches", "Retry", "Catch", "Next", "End"},
		MapState: {"ItemsPath", "Processor", "MaxConcurrency", "MaxConcuccency", "ItemConstructor",
			"ProcessorConfig", "ItemReader", "ItemBatcher", "ResultWriter", "MaxItems",
			"ToleratedFailurePercentage", "ToleratedFailureCount", "Retry", "Catch", "Next", "End"},
		WaitState:    {"Seconds", "Seconds.$", "Next", "End"},
		SucceedState: {"End"},
		FailState:    {"Code", "Detail", "End"},
	}
	scopeKeys = []string{"StartAt", "States"}
)

// Limits of the new dialect.
const (
	maxBranches    = 50     // Parallel branches
	maxWaitSeconds = 300    // Wait Seconds, Standard flows
	maxInterval    = 86400  // Retry IntervalSeconds and MaxBackoffSeconds
	maxTimeout     = 604800 // Task Timeout
)

// typed reads the fields particular to state type t and returns the state, with b.
func (p *parser) typed(o *object, b Base, t StateType) State {
	switch t {
	case PassState:
		s := &Pass{Base: b}
		p.transition(o, &s.Transition, t)
		return s
	case TaskState:
		return p.task(o, b)
	case ChoiceState:
		return p.choice(o, b)
	case ParallelState:
		return p.parallel(o, b)
	case MapState:
		return p.mapState(o, b)
	case WaitState:
		return p.wait(o, b)
	case FailState:
		return p.fail(o, b)
	}
	o.boolean("End") // Succeed: the documentation's examples write End: true here; it changes nothing
	return &Succeed{Base: b}
}

// stateMachine parses a new-dialect definition.
func (p *parser) stateMachine(o *object) *Definition {
	o.only(topKeys, nil)
	d := &Definition{Dialect: StateMachine}
	d.Name = o.str("Name", false)
	if v := o.values["Name"]; v != nil {
		d.NameLine = v.Line
	}
	d.SpecVersion = o.str("SpecVersion", false)
	o.oneOf("SpecVersion", d.SpecVersion, "v1")
	d.Description = o.str("Description", false)
	sc := p.scope(o, "")
	d.StartAt, d.States = sc.StartAt, sc.States
	return d
}

// scope parses the StartAt and States of o, whose states have paths under base, and checks
// the scope as a whole.
func (p *parser) scope(o *object, base string) *Scope {
	sc := &Scope{Line: o.node.Line, StartAt: o.name("StartAt", true)}
	mark := len(p.refs)
	items := o.list("States", true)
	if items != nil && len(items) == 0 {
		o.p.report(o.values["States"], o.path, o.field("States"), "must list at least one state")
	}
	for i, n := range items {
		if s := p.state(n, base, i); s != nil {
			sc.States = append(sc.States, s)
		}
	}
	p.checkScope(o, sc, p.refs[mark:], base)
	p.refs = p.refs[:mark]
	return sc
}

// state parses item i of a States list.
func (p *parser) state(n *yaml.Node, base string, i int) State {
	o := p.item(n, base, "States", "Name", "state", i)
	if o == nil {
		return nil
	}
	b := Base{Line: n.Line, Name: o.name("Name", true)}
	t := itemType(p, o, "Type", "state", stateTypes)
	b.Description = o.str("Description", false)
	b.InputConstructor = o.jsonObject("InputConstructor")
	b.OutputConstructor = o.jsonObject("OutputConstructor")
	b.GlobalConstructor = o.jsonObject("GlobalConstructor")
	if t == "" {
		s := &untyped{Base: b}
		s.Next, s.End = o.name("Next", false), o.boolean("End")
		p.ref(o, "Next", s.Next)
		return s
	}
	o.only(slices.Concat(commonKeys, stateKeys[t]), explainKey(t))
	return p.typed(o, b, t)
}

// explainKey says why a key of some other state type does not belong on a state of type t.
func explainKey(t StateType) func(string) string {
	return func(key string) string {
		switch {
		case (key == "Retry" || key == "Catch") && !slices.Contains(stateKeys[t], key):
			return fmt.Sprintf("a %s state takes no %s; only Task, Parallel and Map states do", t, key)
		case (key == "Next" || key == "End") && t == ChoiceState:
			return fmt.Sprintf("a Choice state takes no %s: its Branches and Default choose the next state", key)
		case key == "Next" && (t == SucceedState || t == FailState):
			return fmt.Sprintf("a %s state ends its scope and takes no %s", t, key)
		}
		for _, keys := range stateKeys {
			if slices.Contains(keys, key) {
				return fmt.Sprintf("a %s state takes no %s", t, key)
			}
		}
		return ""
	}
}

// transition reads Next and End of a state of type t: it has exactly one of them.
func (p *parser) transition(o *object, s *Transition, t StateType) {
	s.Next = o.name("Next", false)
	s.End = o.boolean("End")
	p.ref(o, "Next", s.Next)
	switch {
	case s.Next != "" && s.End:
		p.report(o.values["End"], o.path, "End", "a state has Next or End: true, not both")
	case s.Next != "" || s.End || o.has("Next"):
	case o.has("End") && o.values["End"].ShortTag() == "!!bool":
		p.report(o.values["End"], o.path, "End", "End: false needs a Next")
	case !o.has("End"):
		p.report(o.node, o.path, "Next", "a %s state needs Next or End: true", t)
	}
}

// ref records that field key of o names state target of the scope being parsed.
func (p *parser) ref(o *object, key, target string) {
	if target != "" {
		p.refs = append(p.refs, ref{node: o.values[key], path: o.path, field: o.field(key), target: target})
	}
}

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

// choice reads a Choice state.
func (p *parser) choice(o *object, b Base) *Choice {
	s := &Choice{Base: b}
	items := o.list("Branches", true)
	if items != nil && len(items) == 0 {
		p.report(o.values["Branches"], o.path, "Branches", "a Choice state needs at least one branch")
	}
	s.Branches = make([]ChoiceBranch, 0, len(items))
	for i, n := range items {
		if b, ok := p.choiceBranch(o, n, i); ok {
			s.Branches = append(s.Branches, b)
		}
	}
	s.Default = o.name("Default", true)
	p.ref(o, "Default", s.Default)
	return s
}

// choiceBranch reads branch i of a Choice state.
func (p *parser) choiceBranch(o *object, n *yaml.Node, i int) (ChoiceBranch, bool) {
	field := fmt.Sprintf("Branches[%d]", i)
	if n.Kind != yaml.MappingNode {
		p.report(n, o.path, field, "want a mapping, got %s", describe(n))
		return ChoiceBranch{}, false
	}
	bo := p.object(n, o.path, field+".")
	bo.only([]string{"Condition", "Next"}, nil)
	b := ChoiceBranch{Line: n.Line, Condition: bo.condition("Condition"), Next: bo.name("Next", true)}
	p.ref(bo, "Next", b.Next)
	return b, true
}

// parallel reads a Parallel state.
func (p *parser) parallel(o *object, b Base) *Parallel {
	s := &Parallel{Base: b}
	items := o.list("Branches", true)
	switch {
	case items != nil && len(items) == 0:
		p.report(o.values["Branches"], o.path, "Branches", "a Parallel state needs at least one branch")
	case len(items) > maxBranches:
		p.report(o.values["Branches"], o.path, "Branches", "%d branches; at most %d", len(items), maxBranches)
	}
	s.Branches = make([]*Scope, 0, len(items))
	for i, n := range items {
		field := fmt.Sprintf("Branches[%d]", i)
		if n.Kind != yaml.MappingNode {
			p.report(n, o.path, field, "want a mapping, got %s", describe(n))
			continue
		}
		bo := p.object(n, o.path, field+".")
		bo.only(scopeKeys, nil)
		s.Branches = append(s.Branches, p.scope(bo, join(o.path, fmt.Sprintf("Branch%d", i))))
	}
	p.errorRules(o, &s.Rules)
	p.transition(o, &s.Transition, ParallelState)
	return s
}

// wait reads a Wait state: Seconds or Seconds.$.
func (p *parser) wait(o *object, b Base) *Wait {
	s := &Wait{Base: b}
	switch {
	case o.has("Seconds") && o.has("Seconds.$"):
		p.report(o.values["Seconds.$"], o.path, "Seconds.$", "a Wait state has Seconds or Seconds.$, not both")
	case o.has("Seconds.$"):
		s.SecondsPath = o.str("Seconds.$", true)
	default:
		if n, ok := o.integer("Seconds", true); ok {
			s.Seconds = n
			o.within("Seconds", n, 1, maxWaitSeconds)
		}
	}
	p.transition(o, &s.Transition, WaitState)
	return s
}

// fail reads a Fail state. Detail is optional and End: true is allowed: the
// documentation's own examples omit the one and write the other.
func (p *parser) fail(o *object, b Base) *Fail {
	s := &Fail{Base: b, Code: o.str("Code", false), Detail: o.str("Detail", false)}
	o.boolean("End")
	return s
}
