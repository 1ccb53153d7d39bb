package mock

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/flowmock/flowmock/emulator"
	"github.com/flowmock/flowmock/gen/control"
)

// ScheduleList is the body of GET /_mock/sessions/{id}/schedules: the session clock's time and
// one page of the session's schedules with their next fire times after it.
type ScheduleList struct {
	Session   string                  `json:"session"`
	Now       time.Time               `json:"now"`
	Scale     float64                 `json:"scale"`
	Schedules []emulator.ScheduleView `json:"schedules"`
}

// defaultFires is how many next fire times a schedule lists without ?fires.
const defaultFires = 3

func (a controlAPI) ListSchedules(_ context.Context, req control.ListSchedulesRequestObject) (control.ListSchedulesResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	fires, err := nonNegative("fires", req.Params.Fires)
	switch {
	case err != nil:
		return nil, err
	case fires > emulator.MaxFires:
		return nil, &controlErr{status: http.StatusBadRequest, msg: "fires: at most " + strconv.Itoa(emulator.MaxFires) + ", got " + strconv.Itoa(fires)}
	case fires == 0:
		fires = defaultFires
	}
	ss := a.s.State(id)
	now, all := a.s.emu.Schedules(ss, fires)
	page, next, err := offsetPage(all, req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	body := ScheduleList{Session: id, Now: now, Scale: ss.Clock().Scale(), Schedules: page}
	return ctlAnswer{body: body, list: true, next: next}, nil
}

func (a controlAPI) ListTestCases(_ context.Context, req control.ListTestCasesRequestObject) (control.ListTestCasesResponseObject, error) {
	page, next, err := offsetPage(a.s.emu.TestCases(deref(req.Params.Flow)), req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return listPage(page, next), nil
}

func (a controlAPI) GetTestCase(_ context.Context, req control.GetTestCaseRequestObject) (control.GetTestCaseResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	return ok(control.TestCaseInfo{Session: id, TestCase: a.s.TestCase(id)}), nil
}

// offsetPage is one page of items: at most limit (checked by pageSize) from the offset
// cursor, and the cursor of the next page ("" on the last).
func offsetPage[T any](items []T, limitParam, cursor *int) ([]T, string, error) {
	limit, err := pageSize(limitParam)
	if err != nil {
		return nil, "", err
	}
	off, err := nonNegative("cursor", cursor)
	if err != nil {
		return nil, "", err
	}
	items = items[min(off, len(items)):]
	if len(items) > limit {
		return items[:limit], strconv.Itoa(off + limit), nil
	}
	return items, "", nil
}
