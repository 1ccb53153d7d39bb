package interp

import (
	"github.com/flowmock/flowmock/fdl"
)

// VisitSucceed compiles nothing: a Succeed state has only the constructors every state
// has.
func (p *program) VisitSucceed(*fdl.Succeed) error { return nil }

// VisitSucceed runs a Succeed state: it ends its scope with its input as the output,
// through OutputConstructor.
func (s *stateRun) VisitSucceed(st *fdl.Succeed) error {
	return s.passOn(&st.Base)
}
