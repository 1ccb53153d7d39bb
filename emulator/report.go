package emulator

import (
	"context"
	"strconv"
	"strings"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/store"
)

// Stop stops run (nil: an execution of the fixtures, finished) of flow named exec with an
// error code and cause. A finished one is ExecutionAlreadyCompleted.
func Stop(run *store.Run, flow, exec, code, cause string) error {
	if run == nil || !run.Exec.Stop(code, cause) {
		return flowmock.Errorf(flowmock.ExecutionAlreadyCompleted, "Execution '%s' for flow '%s' has already completed.", exec, flow)
	}
	return nil
}

// ReportSucceeded completes the callback task waiting with token with output (a JSON
// object); see Report.
func ReportSucceeded(ctx context.Context, ss *store.Session, token, output string) (int64, error) {
	if !IsObject(output) {
		return 0, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. Output: must be a JSON object, got %s.", Quote(output))
	}
	return Report(ctx, ss, token, store.Report{Output: output})
}

// Report delivers r to the callback task waiting with token and returns the id of the event it makes: the TaskSucceeded or
// TaskFailed scheduled by the task's TaskScheduled event (waited for, so the history shows
// it once the answer is sent).
func Report(ctx context.Context, ss *store.Session, token string, r store.Report) (int64, error) {
	pend, err := ss.Complete(token, r)
	if err != nil {
		return 0, err
	}
	run, err := ss.Run(pend.Flow, pend.Execution)
	if err != nil || run == nil {
		return 0, err
	}
	quoted := strconv.Quote(token)
	scheduled, ok := run.Exec.Await(ctx, func(e interp.Event) bool {
		return e.Type == interp.EventTaskScheduled && strings.Contains(e.Detail, `"taskToken":`+quoted)
	})
	if !ok {
		return 0, nil
	}
	done, _ := run.Exec.Await(ctx, func(e interp.Event) bool {
		return e.ScheduleID == scheduled.ID && (e.Type == interp.EventTaskSucceeded || e.Type == interp.EventTaskFailed)
	})
	return done.ID, nil
}
