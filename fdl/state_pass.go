package fdl

// Pass passes its input on, through its constructors.
type Pass struct {
	Base
	Transition
}

// Type returns PassState.
func (*Pass) Type() StateType { return PassState }

// Accept returns v.VisitPass(s).
func (s *Pass) Accept(v Visitor) error { return v.VisitPass(s) }

// pass reads a Pass state.
func (p *parser) pass(o *object, b Base) *Pass {
	s := &Pass{Base: b}
	p.transition(o, &s.Transition, PassState)
	return s
}
