package fdl

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Keys of the old dialect.
var (
	flowKeys       = []string{"version", "type", "steps", "inputMappings", "outputMappings", "timeoutSeconds"}
	stepCommonKeys = []string{"type", "name", "inputMappings", "outputMappings"}
	stepKeys       = map[StepType][]string{
		PassStep: {"end"},
		TaskStep: {"resourceArn", "action", "pattern", "timeoutSeconds", "errorMappings", "serviceParams",
			"retry", "catch", "end"},
		ChoiceStep:   {"choices", "default", "end"},
		ParallelStep: {"branches", "end"},
		ForeachStep:  {"iterationMapping", "steps", "end"},
		WaitStep:     {"duration", "timestamp", "end"},
		SucceedStep:  {"end"},
		FailStep:     {"error", "cause", "end"},
	}
	versions = []string{"v1", "v1.0", "v1beta1"}
)

// Limits of the old dialect.
const (
	maxStepBranches = 100
	maxWaitDuration = 2 * 24 * 60 * 60 // seconds
)

// flow parses an old-dialect definition.
func (p *parser) flow(o *object) *Definition {
	o.only(flowKeys, nil)
	d := &Definition{Dialect: Flow, Version: o.str("version", true)}
	o.oneOf("version", d.Version, versions...)
	if n, ok := o.integer("timeoutSeconds", false); ok {
		d.TimeoutSeconds = n
		o.atLeast("timeoutSeconds", n, 0)
	}
	d.InputMappings = p.mappings(o, "inputMappings")
	d.OutputMappings = p.mappings(o, "outputMappings")
	d.Steps = p.stepList(o, "steps", "", true)
	return d
}

// stepList parses list key of o, whose steps have paths under base, and checks it.
func (p *parser) stepList(o *object, key, base string, required bool) []*Step {
	items := o.list(key, required)
	if items == nil {
		return nil
	}
	if required && len(items) == 0 {
		p.report(o.values[key], o.path, o.field(key), "must list at least one step")
	}
	mark := len(p.refs)
	steps := make([]*Step, 0, len(items))
	for i, n := range items {
		if s := p.step(n, base, i); s != nil {
			steps = append(steps, s)
		}
	}
	p.checkSteps(steps, p.refs[mark:], base)
	p.refs = p.refs[:mark]
	return steps
}

// step parses item i of a steps list.
func (p *parser) step(n *yaml.Node, base string, i int) *Step {
	o := p.item(n, base, "steps", "name", "step", i)
	if o == nil {
		return nil
	}
	s := &Step{Line: n.Line, Name: o.name("name", true)}
	s.Type = itemType(p, o, "type", "step", stepTypes)
	s.InputMappings = p.mappings(o, "inputMappings")
	s.OutputMappings = p.mappings(o, "outputMappings")
	if s.Type == "" {
		return s
	}
	o.only(slices.Concat(stepCommonKeys, stepKeys[s.Type]), explainStepKey(s.Type))
	s.End = o.boolean("end")
	p.typedStep(o, s)
	return s
}

// explainStepKey says why a key of some other step type does not belong on a step of type t.
func explainStepKey(t StepType) func(string) string {
	return func(key string) string {
		for _, keys := range stepKeys {
			if slices.Contains(keys, key) {
				return fmt.Sprintf("a %s step takes no %s", t, key)
			}
		}
		return ""
	}
}

// typedStep reads the fields particular to the type of s.
func (p *parser) typedStep(o *object, s *Step) {
	switch s.Type {
	case TaskStep:
		p.taskStep(o, s)
	case ChoiceStep:
		p.choiceStep(o, s)
	case ParallelStep:
		p.parallelStep(o, s)
	case ForeachStep:
		p.foreachStep(o, s)
	case WaitStep:
		p.waitStep(o, s)
	case FailStep:
		s.Error, s.Cause = o.str("error", false), o.str("cause", false)
	}
}

// mappings reads a list of {target, source} mappings.
func (p *parser) mappings(o *object, key string) []Mapping {
	items := o.list(key, false)
	if items == nil {
		return nil
	}
	out := make([]Mapping, 0, len(items))
	for i, n := range items {
		mo := p.rule(o, n, key, i)
		if mo == nil {
			continue
		}
		mo.only([]string{"target", "source"}, nil)
		m := Mapping{Line: n.Line, Target: mo.str("target", true)}
		if v := mo.need("source", true); v != nil {
			m.Source = p.value(v, o.path, mo.field("source"))
		}
		out = append(out, m)
	}
	return out
}

// waitStep reads a wait step: duration or timestamp.
func (p *parser) waitStep(o *object, s *Step) {
	switch {
	case o.has("duration") && o.has("timestamp"):
		p.report(o.values["timestamp"], o.path, "timestamp", "a wait step has duration or timestamp, not both")
	case o.has("timestamp"):
		s.Timestamp = o.str("timestamp", true)
		if _, err := time.Parse(time.RFC3339, s.Timestamp); err != nil && !strings.HasPrefix(s.Timestamp, "$") && s.Timestamp != "" {
			p.report(o.values["timestamp"], o.path, "timestamp", "want an RFC 3339 time such as 2019-05-01T12:00:00Z or a $ path, got %q", s.Timestamp)
		}
	case o.has("duration") && strings.HasPrefix(o.values["duration"].Value, "$") && o.values["duration"].ShortTag() == "!!str":
		s.DurationPath = o.str("duration", true)
	default:
		if n, ok := o.integer("duration", true); ok {
			s.Duration = n
			o.within("duration", n, 0, maxWaitDuration)
		}
	}
}
