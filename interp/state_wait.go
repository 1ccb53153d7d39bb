package interp

import (
	"context"
	"fmt"
	"time"

	"github.com/flowmock/flowmock/fdl"
)

// VisitWait compiles a Wait state's Seconds.$.
func (p *program) VisitWait(st *fdl.Wait) error {
	return p.compileExpr("Seconds.$", newPlain, st.SecondsPath)
}

// VisitWait runs a Wait state: it waits, then passes its input on, through
// OutputConstructor.
func (s *stateRun) VisitWait(st *fdl.Wait) error {
	s.next = st.Next
	if err := s.r.wait(s.ctx, st, &s.frame); err != nil {
		return err
	}
	return s.passOn(&st.Base)
}

// wait waits the Wait state's Seconds, or Seconds.$, on the clock.
func (r *runner) wait(ctx context.Context, st *fdl.Wait, f *frame) error {
	secs := float64(st.Seconds)
	if st.SecondsPath != "" {
		v, err := r.exprs.eval(newPlain, st.SecondsPath, f.vars(), st.Name)
		if err != nil {
			return err
		}
		n, ok := seconds(v)
		if !ok || !(n >= 0 && n <= MaxWaitSeconds) {
			return &TaskError{ErrRuntime, fmt.Sprintf("state %s: Seconds.$ %q gave %s, want a number of seconds from 0 to %d", st.Name, st.SecondsPath, waitValue(v), MaxWaitSeconds)}
		}
		secs = n
	}
	return r.sleep(ctx, time.Duration(secs*float64(time.Second)))
}
