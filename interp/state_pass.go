package interp

import (
	"github.com/flowmock/flowmock/fdl"
)

// VisitPass compiles nothing: a Pass state has only the constructors every state has.
func (p *program) VisitPass(*fdl.Pass) error { return nil }

// VisitPass runs a Pass state: its output is its input, through OutputConstructor.
func (s *stateRun) VisitPass(st *fdl.Pass) error {
	s.next = st.Next
	return s.passOn(&st.Base)
}
