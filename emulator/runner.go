package emulator

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/store"
)

// runner runs the tasks of one execution: the test case's answers, callback tasks through
// the session, and the unmocked-task policy for the rest. It implements interp.Tasks.
type runner struct {
	ss       *store.Session
	clock    *clock.Clock
	kase     *mockfile.Case // nil: no test case
	unmocked string
}

var _ interp.Tasks = (*runner)(nil)

// Invoke answers one task invocation.
func (r *runner) Invoke(ctx context.Context, inv interp.Invocation) (json.RawMessage, error) {
	if r.kase != nil {
		if a, ok := r.kase.Answer(inv.State, inv.Index); ok {
			return r.answer(ctx, a)
		}
	}
	if inv.Callback {
		return r.callback(ctx, inv)
	}
	if r.unmocked == UnmockedFail {
		return nil, &interp.TaskError{Code: "flowmock.TaskNotMocked",
			Cause: fmt.Sprintf("state %s (invocation %d) of flow %s is not mocked by the test case in force%s", inv.State, inv.Index, inv.Flow, r.caseName())}
	}
	return nil, interp.ErrUnmocked
}

func (r *runner) caseName() string {
	if r.kase == nil {
		return " (none)"
	}
	return " (" + r.kase.Name + ")"
}

// answer waits the answer's delay on the session's clock, then returns or throws.
func (r *runner) answer(ctx context.Context, a mockfile.Answer) (json.RawMessage, error) {
	if a.Delay > 0 {
		if err := r.clock.Sleep(ctx, a.Delay); err != nil {
			return nil, err
		}
	}
	if a.Throw != nil {
		return nil, &interp.TaskError{Code: a.Throw.Error, Cause: a.Throw.Cause}
	}
	return a.Return, nil
}

// callback waits for ReportTaskSucceeded or ReportTaskFailed with the invocation's token.
func (r *runner) callback(ctx context.Context, inv interp.Invocation) (json.RawMessage, error) {
	ch, abandon := r.ss.Park(store.Pending{
		Token: inv.Token, Flow: inv.Flow, Execution: inv.Execution, State: inv.State,
		Input: string(inv.Input), Since: r.clock.Now(),
	})
	select {
	case rep := <-ch:
		if rep.Error != "" {
			return nil, &interp.TaskError{Code: rep.Error, Cause: rep.Cause}
		}
		return json.RawMessage(rep.Output), nil
	case <-ctx.Done():
		abandon()
		return nil, ctx.Err()
	}
}
