package mock

import (
	"context"

	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/store"
)

// CreateSchedule creates a schedule (six-field cron, checked by the store); an enabled one
// starts executions of its flow, with its Payload, at the times it names on the session's
// clock.
func (h handler) CreateSchedule(_ context.Context, req cloudflow.CreateScheduleRequestObject) (cloudflow.CreateScheduleResponseObject, error) {
	p := req.Params
	sc, err := h.session().CreateSchedule(store.Schedule{
		Flow: p.FlowName, Name: p.ScheduleName, Cron: p.CronExpression, Description: deref(p.Description),
		Payload: deref(p.Payload), Enable: p.Enable == nil || *p.Enable,
	})
	if err != nil {
		return nil, err
	}
	h.srv.emu.Schedule(h.session(), sc, false)
	return cloudflow.CreateSchedule200JSONResponse(scheduleResult(sc, h.call.requestID)), nil
}

// DescribeSchedule returns one schedule.
func (h handler) DescribeSchedule(_ context.Context, req cloudflow.DescribeScheduleRequestObject) (cloudflow.DescribeScheduleResponseObject, error) {
	sc, err := h.session().Schedule(req.Params.FlowName, req.Params.ScheduleName)
	if err != nil {
		return nil, err
	}
	return cloudflow.DescribeSchedule200JSONResponse(scheduleResult(sc, h.call.requestID)), nil
}

// UpdateSchedule changes the given fields.
func (h handler) UpdateSchedule(_ context.Context, req cloudflow.UpdateScheduleRequestObject) (cloudflow.UpdateScheduleResponseObject, error) {
	p := req.Params
	sc, err := h.session().UpdateSchedule(p.FlowName, p.ScheduleName, store.SchedulePatch{
		Cron: p.CronExpression, Description: p.Description, Payload: p.Payload, Enable: p.Enable,
	})
	if err != nil {
		return nil, err
	}
	h.srv.emu.Schedule(h.session(), sc, false)
	return cloudflow.UpdateSchedule200JSONResponse(scheduleResult(sc, h.call.requestID)), nil
}

// DeleteSchedule deletes a schedule.
func (h handler) DeleteSchedule(_ context.Context, req cloudflow.DeleteScheduleRequestObject) (cloudflow.DeleteScheduleResponseObject, error) {
	if err := h.session().DeleteSchedule(req.Params.FlowName, req.Params.ScheduleName); err != nil {
		return nil, err
	}
	h.srv.emu.Schedule(h.session(), store.Schedule{Flow: req.Params.FlowName, Name: req.Params.ScheduleName}, true)
	return cloudflow.DeleteSchedule200JSONResponse{RequestId: h.call.requestID}, nil
}

// ListSchedules pages the flow's schedules in creation order.
func (h handler) ListSchedules(_ context.Context, req cloudflow.ListSchedulesRequestObject) (cloudflow.ListSchedulesResponseObject, error) {
	p := req.Params
	after, err := h.cursor("ListSchedules", p.FlowName)
	if err != nil {
		return nil, err
	}
	scs, next, err := h.session().ListSchedules(p.FlowName, after, limitOf(p.Limit))
	if err != nil {
		return nil, err
	}
	out := cloudflow.ListSchedules200JSONResponse{RequestId: h.call.requestID, Schedules: make([]cloudflow.Schedule, 0, len(scs))}
	for _, sc := range scs {
		r := scheduleResult(sc, "")
		out.Schedules = append(out.Schedules, cloudflow.Schedule{
			ScheduleId: r.ScheduleId, ScheduleName: r.ScheduleName, Description: r.Description, Payload: r.Payload,
			CronExpression: r.CronExpression, Enable: r.Enable, CreatedTime: r.CreatedTime, LastModifiedTime: r.LastModifiedTime,
		})
	}
	out.NextToken = h.nextToken(next, "ListSchedules", p.FlowName)
	return out, nil
}

func scheduleResult(sc store.Schedule, requestID string) cloudflow.DescribeScheduleResult {
	return cloudflow.DescribeScheduleResult{
		ScheduleId: sc.ID, ScheduleName: sc.Name, Description: ptr(sc.Description), Payload: ptr(sc.Payload),
		CronExpression: sc.Cron, Enable: sc.Enable, CreatedTime: cftime.Time{Time: sc.Created},
		LastModifiedTime: cftime.Time{Time: sc.Modified}, RequestId: requestID,
	}
}
