package fdl

import (
	"fmt"
	"slices"

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
	case SucceedState:
		return p.succeed(o, b)
	case FailState:
		return p.fail(o, b)
	}
	return p.pass(o, b)
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
