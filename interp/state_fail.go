package interp

import (
	"github.com/flowmock/flowmock/fdl"
)

// VisitFail compiles nothing: Code and Detail are text.
func (p *program) VisitFail(*fdl.Fail) error { return nil }

// VisitFail runs a Fail state: it fails with its Code and Detail.
func (s *stateRun) VisitFail(st *fdl.Fail) error {
	return &TaskError{st.Code, st.Detail}
}
