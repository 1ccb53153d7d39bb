package fdl

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// errorRules reads the Retry and Catch lists of a Task, Parallel or Map state.
func (p *parser) errorRules(o *object, s *Rules) {
	if items := o.list("Retry", false); items != nil {
		s.Retry = make([]Retry, 0, len(items))
		for i, n := range items {
			if ro := p.rule(o, n, "Retry", i); ro != nil {
				s.Retry = append(s.Retry, p.retry(ro))
			}
		}
	}
	if items := o.list("Catch", false); items != nil {
		s.Catch = make([]Catch, 0, len(items))
		for i, n := range items {
			if co := p.rule(o, n, "Catch", i); co != nil {
				s.Catch = append(s.Catch, p.catch(co))
			}
		}
	}
}

// rule opens item i of list key of o, which must be a mapping.
func (p *parser) rule(o *object, n *yaml.Node, key string, i int) *object {
	field := fmt.Sprintf("%s[%d]", o.field(key), i)
	if n.Kind != yaml.MappingNode {
		p.report(n, o.path, field, "want a mapping, got %s", describe(n))
		return nil
	}
	return p.object(n, o.path, field+".")
}

// retry reads one Retry rule.
func (p *parser) retry(o *object) Retry {
	o.only([]string{"Errors", "Description", "MaxAttempts", "IntervalSeconds", "BackoffRate", "MaxBackoffSeconds"}, nil)
	r := Retry{Line: o.node.Line, Errors: o.strs("Errors", true), Description: o.str("Description", false), BackoffRate: 1}
	if n, ok := o.integer("MaxAttempts", true); ok {
		r.MaxAttempts = n
		o.atLeast("MaxAttempts", n, 0)
	}
	if n, ok := o.integer("IntervalSeconds", true); ok {
		r.IntervalSeconds = n
		o.within("IntervalSeconds", n, 0, maxInterval)
	}
	if n, ok := o.integer("MaxBackoffSeconds", false); ok {
		r.MaxBackoffSeconds = n
		o.within("MaxBackoffSeconds", n, 0, maxInterval)
	}
	if f, ok := o.number("BackoffRate"); ok {
		r.BackoffRate = f
		if f <= 0 {
			p.report(o.values["BackoffRate"], o.path, o.field("BackoffRate"), "must be greater than 0")
		}
	}
	return r
}

// catch reads one Catch rule.
func (p *parser) catch(o *object) Catch {
	o.only([]string{"Errors", "Description", "OutputConstructor", "Next"}, nil)
	c := Catch{
		Line:              o.node.Line,
		Errors:            o.strs("Errors", true),
		Description:       o.str("Description", false),
		OutputConstructor: o.jsonObject("OutputConstructor"),
		Next:              o.name("Next", true),
	}
	p.ref(o, "Next", c.Next)
	return c
}
