package fdl

// Succeed ends its scope successfully.
type Succeed struct {
	Base
}

// Type returns SucceedState.
func (*Succeed) Type() StateType { return SucceedState }

// Accept returns v.VisitSucceed(s).
func (s *Succeed) Accept(v Visitor) error { return v.VisitSucceed(s) }

// succeed reads a Succeed state. End: true is allowed, as the documentation's examples write
// it; it changes nothing.
func (p *parser) succeed(o *object, b Base) *Succeed {
	o.boolean("End")
	return &Succeed{Base: b}
}
