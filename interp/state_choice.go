package interp

import (
	"fmt"

	"github.com/flowmock/flowmock/fdl"
)

// VisitChoice compiles the Conditions of a Choice state's branches.
func (p *program) VisitChoice(st *fdl.Choice) error {
	for i, b := range st.Branches {
		if err := p.exprs.compile(newCond, b.Condition); err != nil {
			return fmt.Errorf("field Branches[%d].Condition: %w", i, err)
		}
	}
	return nil
}

// VisitChoice runs a Choice state: it moves to the branch chosen, with its input as the
// output, through OutputConstructor.
func (s *stateRun) VisitChoice(st *fdl.Choice) (err error) {
	if s.next, err = s.r.choose(st, &s.frame); err != nil {
		return err
	}
	return s.passOn(&st.Base)
}

// choose returns the Next of the first Choice branch whose Condition holds, else Default.
func (r *runner) choose(st *fdl.Choice, f *frame) (string, error) {
	env := f.vars()
	for _, b := range st.Branches {
		v, err := r.exprs.eval(newCond, b.Condition, env, st.Name)
		if err != nil {
			return "", err
		}
		if v == true {
			return b.Next, nil
		}
	}
	return st.Default, nil
}
