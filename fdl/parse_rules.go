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

// mapState reads a Map state.
func (p *parser) mapState(o *object, b Base) *Map {
	s := &Map{Base: b}
	s.ItemsPath = o.str("ItemsPath", true)
	if n := o.mapping("Processor", true); n != nil {
		po := p.object(n, o.path, "Processor.")
		po.only(scopeKeys, nil)
		s.Processor = p.scope(po, join(o.path, "Processor"))
	}
	p.concurrency(o, s)
	s.ItemConstructor = o.jsonObject("ItemConstructor")
	p.distributed(o, s)
	p.errorRules(o, &s.Rules)
	p.transition(o, &s.Transition, MapState)
	return s
}

// concurrency reads MaxConcurrency, or its documented misspelling MaxConcuccency.
func (p *parser) concurrency(o *object, s *Map) {
	for _, key := range []string{"MaxConcurrency", "MaxConcuccency"} {
		if !o.has(key) {
			continue
		}
		if s.MaxConcurrencyKey != "" {
			p.report(o.values[key], o.path, key, "a Map state has MaxConcurrency or MaxConcuccency, not both")
			return
		}
		s.MaxConcurrencyKey = key
		if n, ok := o.integer(key, false); ok {
			s.MaxConcurrency = n
			o.atLeast(key, n, 0)
		}
	}
}

// distributed reads the settings of a distributed Map.
func (p *parser) distributed(o *object, s *Map) {
	if n := o.mapping("ProcessorConfig", false); n != nil {
		s.Distributed = true
		co := p.object(n, o.path, "ProcessorConfig.")
		co.only([]string{"ExecutionMode"}, nil)
		s.ExecutionMode = co.str("ExecutionMode", false)
		co.oneOf("ExecutionMode", s.ExecutionMode, "Express", "Standard")
	}
	s.ItemReader = o.jsonObject("ItemReader")
	s.ItemBatcher = o.jsonObject("ItemBatcher")
	if v, ok := s.ItemBatcher["MaxItemsPerBatch"]; ok {
		if n, isInt := v.(int); !isInt || n < 1 {
			p.report(o.values["ItemBatcher"], o.path, "ItemBatcher.MaxItemsPerBatch", "want an integer of at least 1, got %v", v)
		}
	}
	s.ResultWriter = o.jsonObject("ResultWriter")
	if v := o.values["MaxItems"]; v != nil {
		s.MaxItems = p.value(v, o.path, "MaxItems")
	}
	if f, ok := o.number("ToleratedFailurePercentage"); ok {
		s.ToleratedFailurePercentage = f
		if f < 0 || f > 100 {
			p.report(o.values["ToleratedFailurePercentage"], o.path, "ToleratedFailurePercentage", "%g is out of range 0-100", f)
		}
	}
	if n, ok := o.integer("ToleratedFailureCount", false); ok {
		s.ToleratedFailureCount = n
		o.atLeast("ToleratedFailureCount", n, 0)
	}
}
