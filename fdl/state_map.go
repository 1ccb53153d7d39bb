package fdl

import (
	"go.yaml.in/yaml/v3"
)

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

// Type returns MapState.
func (*Map) Type() StateType { return MapState }

// Accept returns v.VisitMap(s).
func (s *Map) Accept(v Visitor) error { return v.VisitMap(s) }

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

// putFields adds the fields of a Map state.
func (s *Map) putFields(m *yaml.Node) {
	putStr(m, "ItemsPath", s.ItemsPath)
	if s.MaxConcurrencyKey != "" {
		put(m, s.MaxConcurrencyKey, intNode(s.MaxConcurrency))
	}
	putObject(m, "ItemConstructor", s.ItemConstructor)
	if s.Distributed {
		cm := mapNode()
		putStr(cm, "ExecutionMode", s.ExecutionMode)
		put(m, "ProcessorConfig", cm)
	}
	putObject(m, "ItemReader", s.ItemReader)
	putObject(m, "ItemBatcher", s.ItemBatcher)
	putObject(m, "ResultWriter", s.ResultWriter)
	if s.MaxItems != nil {
		put(m, "MaxItems", valueNode(s.MaxItems))
	}
	if s.ToleratedFailurePercentage != 0 {
		put(m, "ToleratedFailurePercentage", floatNode(s.ToleratedFailurePercentage))
	}
	if s.ToleratedFailureCount != 0 {
		put(m, "ToleratedFailureCount", intNode(s.ToleratedFailureCount))
	}
	if s.Processor != nil {
		pm := mapNode()
		putScope(pm, s.Processor)
		put(m, "Processor", pm)
	}
}
