package fdl

import (
	"go.yaml.in/yaml/v3"
)

// Fail ends its scope with the error Code and Detail.
type Fail struct {
	Base
	Code   string
	Detail string
}

// Type returns FailState.
func (*Fail) Type() StateType { return FailState }

// Accept returns v.VisitFail(s).
func (s *Fail) Accept(v Visitor) error { return v.VisitFail(s) }

// fail reads a Fail state. Detail is optional and End: true is allowed: the
// documentation's own examples omit the one and write the other.
func (p *parser) fail(o *object, b Base) *Fail {
	s := &Fail{Base: b, Code: o.str("Code", false), Detail: o.str("Detail", false)}
	o.boolean("End")
	return s
}

// putFields adds the fields of a Fail state.
func (s *Fail) putFields(m *yaml.Node) {
	putStr(m, "Code", s.Code)
	putStr(m, "Detail", s.Detail)
}
