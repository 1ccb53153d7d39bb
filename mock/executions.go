package mock

import (
	"context"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/emulator"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/store"
)

// StartExecution starts an execution of a Standard flow; a running execution of the same
// name is returned as it is, a finished one is ExecutionAlreadyExists.
func (h handler) StartExecution(_ context.Context, req cloudflow.StartExecutionRequestObject) (cloudflow.StartExecutionResponseObject, error) {
	p := req.Params
	run, err := h.start(p.FlowName, deref(p.ExecutionName), deref(p.Input), deref(p.Qualifier))
	if err != nil {
		return nil, err
	}
	v := runView(run)
	if r, ok := h.executionAnswer(&v); ok {
		return r, nil
	}
	return cloudflow.StartExecution200JSONResponse{
		Name: v.Name, FlowName: v.FlowName, FlowDefinition: v.FlowDefinition, Input: v.Input, Output: v.Output,
		Status: v.Status, StartedTime: v.StartedTime, StoppedTime: v.StoppedTime, RequestId: h.call.requestID,
	}, nil
}

// StartSyncExecution runs an Express flow to its end and answers with the result; a failure
// of the flow is in the body, not an HTTP error. A Standard flow answers ActionNotSupported in
// the body, as the service does.
func (h handler) StartSyncExecution(ctx context.Context, req cloudflow.StartSyncExecutionRequestObject) (cloudflow.StartSyncExecutionResponseObject, error) {
	p := req.Params
	res, err := h.srv.emu.RunSync(ctx, h.startRequest(p.FlowName, deref(p.ExecutionName), deref(p.Input), deref(p.Qualifier)))
	if err != nil {
		return nil, err
	}
	out := cloudflow.StartSyncExecution200JSONResponse{Name: res.Name, FlowName: p.FlowName, RequestId: h.call.requestID}
	if res.Standard {
		out.Status = cloudflow.ExecutionStatusFailed
		out.ErrorCode, out.ErrorMessage = ptr(string(flowmock.ActionNotSupported)), ptr("Standard execution is not supported")
		return out, nil
	}
	sn := res.Snapshot
	out.Status, out.Output = cloudflow.ExecutionStatus(sn.Status), ptr(sn.Output)
	out.StartedTime, out.StoppedTime = &cftime.Time{Time: sn.Started}, stopped(sn)
	out.ErrorCode, out.ErrorMessage = ptr(sn.Error), ptr(sn.Cause)
	return out, nil
}

// DescribeExecution returns an execution; with WaitTimeSeconds it waits (on the session's
// clock) until the execution ends or the time passes, and ends at once when the client goes.
func (h handler) DescribeExecution(ctx context.Context, req cloudflow.DescribeExecutionRequestObject) (cloudflow.DescribeExecutionResponseObject, error) {
	p := req.Params
	f, err := emulator.Find(h.session(), p.FlowName, p.ExecutionName)
	if err != nil {
		return nil, err
	}
	var v cloudflow.Execution
	if f.Run == nil {
		v = f.History.Execution
	} else {
		if p.WaitTimeSeconds != nil && *p.WaitTimeSeconds > 0 {
			h.longPoll(ctx, f.Run, time.Duration(*p.WaitTimeSeconds)*time.Second)
		}
		v = runView(f.Run) // once, after the wait
	}
	if r, ok := h.executionAnswer(&v); ok {
		return r, nil
	}
	return cloudflow.DescribeExecution200JSONResponse{
		Name: v.Name, FlowName: v.FlowName, FlowDefinition: v.FlowDefinition, Input: v.Input, Output: v.Output,
		Status: v.Status, StartedTime: v.StartedTime, StoppedTime: v.StoppedTime, RequestId: h.call.requestID,
	}, nil
}

// longPoll is emulator.Await within the long-poll limits (past them it answers at once).
func (h handler) longPoll(ctx context.Context, run *store.Run, d time.Duration) {
	if ended(run) {
		return // nothing to wait for, nor to count
	}
	release, ok := h.acquirePoll()
	if !ok {
		return // as many long polls as the session or the server may hold already wait: answer now
	}
	defer release()
	emulator.Await(ctx, h.session(), run, d)
}

// StopExecution stops a running execution.
func (h handler) StopExecution(_ context.Context, req cloudflow.StopExecutionRequestObject) (cloudflow.StopExecutionResponseObject, error) {
	p := req.Params
	ex, err := h.execution(p.FlowName, p.ExecutionName)
	if err != nil {
		return nil, err
	}
	if err := emulator.Stop(ex.run, p.FlowName, p.ExecutionName, deref(p.Error), deref(p.Cause)); err != nil {
		return nil, err
	}
	v := runView(ex.run)
	if r, ok := h.executionAnswer(&v); ok {
		return r, nil
	}
	return cloudflow.StopExecution200JSONResponse{
		Name: v.Name, FlowName: v.FlowName, FlowDefinition: v.FlowDefinition, Input: v.Input, Output: v.Output,
		Status: v.Status, StartedTime: v.StartedTime, StoppedTime: v.StoppedTime, RequestId: h.call.requestID,
	}, nil
}

// ended reports whether run's execution has ended.
func ended(run *store.Run) bool {
	select {
	case <-run.Exec.Done():
		return true
	default:
		return false
	}
}

// stopped is a snapshot's StoppedTime, nil while it runs.
func stopped(sn interp.Snapshot) *cftime.Time {
	if sn.Stopped.IsZero() {
		return nil
	}
	return &cftime.Time{Time: sn.Stopped}
}

// runView is a started execution as the API shows it.
func runView(r *store.Run) cloudflow.Execution {
	sn := r.Exec.Snapshot()
	return cloudflow.Execution{
		Name: r.Name, FlowName: r.Flow, FlowDefinition: &r.Definition, Input: ptr(sn.Input), Output: ptr(sn.Output),
		Status: cloudflow.ExecutionStatus(sn.Status), StartedTime: cftime.Time{Time: sn.Started}, StoppedTime: stopped(sn),
	}
}

// found is an execution found by name: started in the session (run set), or from the flow's
// history (fixtures or faked).
type found struct {
	run  *store.Run
	view cloudflow.Execution
}

// execution finds flow's execution named name: FlowNotExists, or ExecutionNotExists.
func (h handler) execution(flow, name string) (found, error) {
	f, err := emulator.Find(h.session(), flow, name)
	switch {
	case err != nil:
		return found{}, err
	case f.Run != nil:
		return found{run: f.Run, view: runView(f.Run)}, nil
	}
	return found{view: f.History.Execution}, nil
}

// ReportTaskSucceeded completes a waiting callback task with its output.
func (h handler) ReportTaskSucceeded(ctx context.Context, req cloudflow.ReportTaskSucceededRequestObject) (cloudflow.ReportTaskSucceededResponseObject, error) {
	p := req.Params
	id, err := emulator.ReportSucceeded(ctx, h.session(), p.TaskToken, p.Output)
	if err != nil {
		return nil, err
	}
	return cloudflow.ReportTaskSucceeded200JSONResponse{EventId: id, RequestId: h.call.requestID}, nil
}

// ReportTaskFailed fails a waiting callback task (Retry and Catch of its state apply).
func (h handler) ReportTaskFailed(ctx context.Context, req cloudflow.ReportTaskFailedRequestObject) (cloudflow.ReportTaskFailedResponseObject, error) {
	p := req.Params
	id, err := emulator.Report(ctx, h.session(), p.TaskToken, store.Report{Error: p.Error, Cause: deref(p.Cause)})
	if err != nil {
		return nil, err
	}
	return cloudflow.ReportTaskFailed200JSONResponse{EventId: id, RequestId: h.call.requestID}, nil
}

// isObject reports whether s is a JSON object.
var isObject = emulator.IsObject
