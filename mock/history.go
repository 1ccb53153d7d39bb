package mock

import (
	"context"

	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/interp"
)

// GetExecutionHistory pages an execution's events by EventId. An execution of the flow's
// history (fixtures or faked) has the two events its record implies: started, and how it
// ended.
func (h handler) GetExecutionHistory(_ context.Context, req cloudflow.GetExecutionHistoryRequestObject) (cloudflow.GetExecutionHistoryResponseObject, error) {
	p := req.Params
	ex, err := h.execution(p.FlowName, p.ExecutionName)
	if err != nil {
		return nil, err
	}
	after, err := h.cursor("GetExecutionHistory", p.FlowName, p.ExecutionName)
	if err != nil {
		return nil, err
	}
	var events []interp.Event
	more := false
	if ex.run != nil {
		events, more = ex.run.Exec.Events(int64(after), limitOf(p.Limit))
	} else {
		events, more = recorded(ex.view, int64(after), limitOf(p.Limit))
	}
	out := cloudflow.GetExecutionHistory200JSONResponse{RequestId: h.call.requestID, Events: make([]cloudflow.HistoryEvent, 0, len(events))}
	for _, e := range events {
		out.Events = append(out.Events, cloudflow.HistoryEvent{
			Type: cloudflow.HistoryEventType(e.Type), EventId: e.ID,
			Time: cftime.Time{Time: e.Time}, StepName: ptr(e.Step), EventDetail: ptr(e.Detail), ScheduleEventId: &e.ScheduleID,
		})
	}
	if more && len(events) > 0 {
		out.NextToken = h.nextToken(uint64(events[len(events)-1].ID), "GetExecutionHistory", p.FlowName, p.ExecutionName)
	}
	return out, nil
}

// recorded is the history of an execution known only by its record.
func recorded(e cloudflow.Execution, after int64, limit int) ([]interp.Event, bool) {
	all := []interp.Event{{ID: 1, Type: "ExecutionStarted", Time: e.StartedTime.Time, Detail: detail("input", e.Input)}}
	if e.StoppedTime != nil {
		typ := map[cloudflow.ExecutionStatus]string{
			cloudflow.ExecutionStatusSucceeded: "ExecutionSucceeded", cloudflow.ExecutionStatusFailed: "ExecutionFailed",
			cloudflow.ExecutionStatusStopped: "ExecutionStopped", cloudflow.ExecutionStatusTimedOut: "ExecutionTimedOut",
		}[e.Status]
		if typ != "" {
			all = append(all, interp.Event{ID: 2, ScheduleID: 1, Type: typ, Time: e.StoppedTime.Time, Detail: detail("output", e.Output)})
		}
	}
	var out []interp.Event
	for _, ev := range all {
		if ev.ID > after && (limit <= 0 || len(out) < limit) {
			out = append(out, ev)
		}
	}
	more := len(out) > 0 && out[len(out)-1].ID < all[len(all)-1].ID
	return out, more
}

// detail is an EventDetail object with key holding the JSON text v (omitted when nil).
func detail(key string, v *string) string {
	if v == nil || !isObject(*v) {
		return "{}"
	}
	return `{"` + key + `":` + *v + `}`
}
