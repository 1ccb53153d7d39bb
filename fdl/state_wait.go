package fdl

import (
	"go.yaml.in/yaml/v3"
)

// Wait waits Seconds (1-300), or SecondsPath, the expression written as "Seconds.$".
type Wait struct {
	Base
	Seconds     int
	SecondsPath string
	Transition
}

// Type returns WaitState.
func (*Wait) Type() StateType { return WaitState }

// Accept returns v.VisitWait(s).
func (s *Wait) Accept(v Visitor) error { return v.VisitWait(s) }

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

// putFields adds the fields of a Wait state.
func (s *Wait) putFields(m *yaml.Node) {
	if s.SecondsPath != "" {
		putStr(m, "Seconds.$", s.SecondsPath)
		return
	}
	put(m, "Seconds", intNode(s.Seconds))
}
