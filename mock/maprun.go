package mock

import (
	"context"

	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/interp"
)

// DescribeMapRun returns a map run of a distributed Map state of an execution started in
// the session: FlowNotExists, ExecutionNotExists, or InvalidArgument for a map run the
// execution does not have.
func (h handler) DescribeMapRun(_ context.Context, req cloudflow.DescribeMapRunRequestObject) (cloudflow.DescribeMapRunResponseObject, error) {
	p := req.Params
	m, err := h.mapRun(p.FlowName, p.ExecutionName, p.MapRunName)
	if err != nil {
		return nil, err
	}
	s := m.Snapshot()
	c := s.Items
	out := cloudflow.DescribeMapRun200JSONResponse{
		ExecutionName: p.ExecutionName, MapRunName: m.Name, Status: cloudflow.ExecutionStatus(s.Status),
		StartedTime: cftime.Time{Time: s.Started}, Concurrency: new(s.Concurrency),
		ToleratedFailedCount: new(s.ToleratedFailedCount), ToleratedFailedPercentage: new(float32(s.ToleratedFailedPercentage)),
		ItemCounts: &cloudflow.MapRunItemCounts{Total: c.Total, Pending: c.Pending, Running: c.Running,
			Succeed: c.Succeed, Failed: c.Failed, Aborted: c.Aborted},
		RequestId: h.call.requestID,
	}
	if !s.Stopped.IsZero() {
		out.StoppedTime = &cftime.Time{Time: s.Stopped}
	}
	return out, nil
}

// UpdateMapRun changes the concurrency and failure tolerances of a map run (for the items
// not yet started, and the failures to come) and echoes them; errors as DescribeMapRun.
func (h handler) UpdateMapRun(_ context.Context, req cloudflow.UpdateMapRunRequestObject) (cloudflow.UpdateMapRunResponseObject, error) {
	p := req.Params
	m, err := h.mapRun(p.FlowName, p.ExecutionName, p.MapRunName)
	if err != nil {
		return nil, err
	}
	u := interp.MapRunUpdate{Concurrency: p.Concurrency, ToleratedFailedCount: p.ToleratedFailedCount}
	if p.ToleratedFailedPercentage != nil {
		u.ToleratedFailedPercentage = new(float64(*p.ToleratedFailedPercentage))
	}
	s := m.Update(u)
	return cloudflow.UpdateMapRun200JSONResponse{
		FlowName: p.FlowName, ExecutionName: p.ExecutionName, MapRunName: m.Name,
		Concurrency: new(s.Concurrency), ToleratedFailedCount: new(s.ToleratedFailedCount),
		ToleratedFailedPercentage: new(float32(s.ToleratedFailedPercentage)), RequestId: h.call.requestID,
	}, nil
}

// mapRun finds map run name of flow's execution exec.
func (h handler) mapRun(flow, exec, name string) (*interp.MapRun, error) {
	if _, err := h.execution(flow, exec); err != nil {
		return nil, err
	}
	return h.session().MapRun(flow, exec, name)
}
