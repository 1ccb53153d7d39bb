package fdl

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// taskStep reads a task step: a resource task (resourceArn) or an API-integration task
// (action, such as "ocr:RecognizeIdentityCard"), exactly one of them.
func (p *parser) taskStep(o *object, s *Step) {
	switch {
	case o.has("resourceArn") && o.has("action"):
		p.report(o.values["action"], o.path, "action", "a task step has resourceArn or action, not both")
	case o.has("action"):
		s.Action = o.str("action", true)
		if svc, api, ok := strings.Cut(s.Action, ":"); !ok || svc == "" || api == "" {
			p.report(o.values["action"], o.path, "action", "want <service>:<API>, such as ocr:RecognizeIdentityCard, got %q", s.Action)
		}
	case o.has("resourceArn"):
		s.ResourceArn = o.str("resourceArn", true)
	default:
		p.report(o.node, o.path, "resourceArn", "a task step needs resourceArn (a function, queue, topic or flow) or action (<service>:<API>)")
	}
	s.Pattern = Pattern(o.str("pattern", false))
	o.oneOf("pattern", string(s.Pattern), string(RequestResponse), string(Sync), string(WaitForCallback))
	if s.Pattern == "" {
		s.Pattern = RequestResponse
	}
	if n, ok := o.integer("timeoutSeconds", false); ok {
		s.TimeoutSeconds = n
		o.atLeast("timeoutSeconds", n, 0)
	}
	s.ErrorMappings = p.mappings(o, "errorMappings")
	s.ServiceParams = o.jsonObject("serviceParams")
	p.stepRules(o, s)
}

// stepRules reads the retry and catch lists of a task step.
func (p *parser) stepRules(o *object, s *Step) {
	if items := o.list("retry", false); items != nil {
		s.Retry = make([]StepRetry, 0, len(items))
		for i, n := range items {
			if ro := p.rule(o, n, "retry", i); ro != nil {
				s.Retry = append(s.Retry, p.stepRetry(ro))
			}
		}
	}
	if items := o.list("catch", false); items != nil {
		s.Catch = make([]StepCatch, 0, len(items))
		for i, n := range items {
			if co := p.rule(o, n, "catch", i); co != nil {
				co.only([]string{"errors", "goto"}, nil)
				c := StepCatch{Line: n.Line, Errors: co.strs("errors", true), Goto: co.name("goto", true)}
				p.ref(co, "goto", c.Goto)
				s.Catch = append(s.Catch, c)
			}
		}
	}
}

// stepRetry reads one retry rule, filling in the defaults.
func (p *parser) stepRetry(o *object) StepRetry {
	o.only([]string{"errors", "intervalSeconds", "maxIntervalSeconds", "maxAttempts", "multiplier"}, nil)
	r := StepRetry{Line: o.node.Line, Errors: o.strs("errors", true),
		IntervalSeconds: 1, MaxIntervalSeconds: maxInterval, MaxAttempts: 3, Multiplier: 2}
	if n, ok := o.integer("intervalSeconds", false); ok {
		r.IntervalSeconds = n
		o.within("intervalSeconds", n, 1, maxInterval)
	}
	if n, ok := o.integer("maxIntervalSeconds", false); ok {
		r.MaxIntervalSeconds = n
		o.within("maxIntervalSeconds", n, 1, maxInterval)
	}
	if n, ok := o.integer("maxAttempts", false); ok {
		r.MaxAttempts = n
		o.atLeast("maxAttempts", n, 0)
	}
	if f, ok := o.number("multiplier"); ok {
		r.Multiplier = f
		if f <= 0 {
			p.report(o.values["multiplier"], o.path, o.field("multiplier"), "must be greater than 0")
		}
	}
	return r
}

// choiceStep reads a choice step.
func (p *parser) choiceStep(o *object, s *Step) {
	items := o.list("choices", true)
	if items != nil && len(items) == 0 {
		p.report(o.values["choices"], o.path, "choices", "a choice step needs at least one choice")
	}
	s.Choices = make([]StepChoice, 0, len(items))
	for i, n := range items {
		if co := p.rule(o, n, "choices", i); co != nil {
			s.Choices = append(s.Choices, p.stepChoice(co, join(o.path, fmt.Sprintf("Choice%d", i)), true))
		}
	}
	if n := o.mapping("default", false); n != nil {
		c := p.stepChoice(p.object(n, o.path, "default."), join(o.path, "Default"), false)
		s.Default = &c
	}
}

// stepChoice reads one choice, or the default (no condition), whose steps have paths
// under base.
func (p *parser) stepChoice(o *object, base string, conditional bool) StepChoice {
	keys := []string{"steps", "goto"}
	if conditional {
		keys = append(keys, "condition")
	}
	o.only(keys, nil)
	c := StepChoice{Line: o.node.Line, Goto: o.name("goto", false)}
	if conditional {
		c.Condition = o.condition("condition")
	}
	p.ref(o, "goto", c.Goto)
	c.Steps = p.stepList(o, "steps", base, false)
	return c
}

// parallelStep reads a parallel step.
func (p *parser) parallelStep(o *object, s *Step) {
	items := o.list("branches", true)
	switch {
	case items != nil && len(items) == 0:
		p.report(o.values["branches"], o.path, "branches", "a parallel step needs at least one branch")
	case len(items) > maxStepBranches:
		p.report(o.values["branches"], o.path, "branches", "%d branches; at most %d", len(items), maxStepBranches)
	}
	s.Branches = make([]Branch, 0, len(items))
	for i, n := range items {
		if bo := p.rule(o, n, "branches", i); bo != nil {
			bo.only([]string{"steps"}, nil)
			steps := p.stepList(bo, "steps", join(o.path, fmt.Sprintf("Branch%d", i)), true)
			s.Branches = append(s.Branches, Branch{Line: n.Line, Steps: steps})
		}
	}
}

// foreachStep reads a foreach step.
func (p *parser) foreachStep(o *object, s *Step) {
	if n := o.mapping("iterationMapping", true); n != nil {
		s.IterationMapping = p.iteration(p.object(n, o.path, "iterationMapping."), n)
	}
	s.Steps = p.stepList(o, "steps", o.path, true)
}

// iteration reads the iterationMapping of a foreach step.
func (p *parser) iteration(o *object, n *yaml.Node) *IterationMapping {
	o.only([]string{"collection", "item", "index"}, nil)
	return &IterationMapping{
		Line:       n.Line,
		Collection: o.str("collection", true),
		Item:       o.str("item", true),
		Index:      o.str("index", false),
	}
}
