package interp

import (
	"context"
	"time"

	"github.com/flowmock/flowmock/fdl"
)

// VisitTask compiles a Task state's Parameters.
func (p *program) VisitTask(st *fdl.Task) error {
	return p.compileConstructor("Parameters", newPlain, st.Parameters)
}

// VisitTask runs a Task state: its task, with Retry.
func (s *stateRun) VisitTask(st *fdl.Task) error {
	s.next = st.Next
	return s.retried(&st.Base, st.Retry, func() (map[string]any, error) {
		return s.r.task(s.ctx, st, &s.frame, s.entered)
	})
}

// task invokes a Task state once.
func (r *runner) task(ctx context.Context, st *fdl.Task, f *frame, entered int64) (map[string]any, error) {
	f.token = r.e.token()
	var params map[string]any
	if st.Parameters != nil {
		var err error
		if params, err = r.exprs.construct(newPlain, st.Parameters, f.vars(), st.Name); err != nil {
			return nil, err
		}
	}
	in, err := f.inputData()
	if err != nil {
		return nil, err
	}
	out, data, err := r.call(ctx, &Invocation{
		Flow: r.e.p.Flow, Execution: r.e.p.Name, State: st.Name, Index: r.e.nextIndex(st.Name),
		Input: in, Action: st.Action, Parameters: params, Token: f.token, TaskMode: string(st.TaskMode),
		Callback: st.TaskMode == fdl.WaitForCustomCallback,
		Timeout:  time.Duration(st.TimeoutSeconds) * time.Second,
	}, f.input, entered)
	f.resData = data
	return out, err
}
