package interp

import (
	"context"
	"strconv"

	"github.com/flowmock/flowmock/fdl"
)

// VisitParallel compiles nothing: a Parallel state's branches are scopes, compiled with
// the states of the definition.
func (p *program) VisitParallel(*fdl.Parallel) error { return nil }

// VisitParallel runs a Parallel state: its branches, with Retry.
func (s *stateRun) VisitParallel(st *fdl.Parallel) error {
	s.next = st.Next
	return s.retried(&st.Base, st.Retry, func() (map[string]any, error) {
		return s.r.parallel(s.ctx, st, &s.frame, s.entered)
	})
}

// parallel runs the branches of a Parallel state at once on its input; the result is
// {"Branch0": output of branch 0, "Branch1": …}.
func (r *runner) parallel(ctx context.Context, st *fdl.Parallel, f *frame, entered int64) (map[string]any, error) {
	runs := make([]stateRun, len(st.Branches)) // runs[i] runs branch i, and keeps its output
	err := r.fanOut(ctx, len(st.Branches), 0, func(ctx context.Context, i int) error {
		return r.framed(EventBranchEntered, EventBranchExited, st.Name, i, entered, func(from int64) error {
			b := st.Branches[i]
			out, err := r.runScope(ctx, &runs[i], b.States, b.StartAt, f.input, from)
			runs[i].out = out
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	res := make(map[string]any, len(runs))
	for i := range runs {
		res["Branch"+strconv.Itoa(i)] = runs[i].out
	}
	return res, nil
}
