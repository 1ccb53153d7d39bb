package mock

import (
	"context"
	"runtime"
	"strconv"
	"time"

	"github.com/flowmock/flowmock/gen/control"
)

// controlAPI implements the control plane's generated strict interface by calling the
// Server's methods; an error is a *controlErr (its status) or answers 500, in the contract's
// one error shape.
type controlAPI struct{ s *Server }

var _ control.StrictServerInterface = controlAPI{}

func (a controlAPI) GetHealth(context.Context, control.GetHealthRequestObject) (control.GetHealthResponseObject, error) {
	s := a.s
	h := map[string]any{"status": "ok", "uptime": time.Since(s.started).Round(time.Millisecond).String(), "journal": s.journal.Len(),
		"goroutines": runtime.NumGoroutine(), "sessions": s.store.Load().Len()}
	s.reloads.health(h)
	return ok(h), nil
}

func (a controlAPI) ListScenarios(context.Context, control.ListScenariosRequestObject) (control.ListScenariosResponseObject, error) {
	return ok(a.s.ScenarioList()), nil
}

func (a controlAPI) ListSessions(_ context.Context, req control.ListSessionsRequestObject) (control.ListSessionsResponseObject, error) {
	items, next, err := a.s.sessionsPage(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return listPage(items, next), nil
}

func (a controlAPI) GetSession(_ context.Context, req control.GetSessionRequestObject) (control.GetSessionResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	return ok(a.view(id)), nil
}

func (a controlAPI) SetScenario(_ context.Context, req control.SetScenarioRequestObject) (control.SetScenarioResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	if err := a.s.SetScenario(id, req.Body.Scenario); err != nil {
		return nil, err
	}
	return ok(a.view(id)), nil
}

func (a controlAPI) ClearScenario(_ context.Context, req control.ClearScenarioRequestObject) (control.ClearScenarioResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	a.s.ClearScenario(id)
	return ok(a.view(id)), nil
}

func (a controlAPI) ResetSession(_ context.Context, req control.ResetSessionRequestObject) (control.ResetSessionResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	n := a.s.Reset(id)
	return ok(control.ResetResult{Session: id, Reset: true, JournalDropped: n}), nil
}

func (a controlAPI) ListTasks(_ context.Context, req control.ListTasksRequestObject) (control.ListTasksResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	return ok(a.s.State(id).Waiting()), nil
}

func (a controlAPI) ListSessionExecutions(_ context.Context, req control.ListSessionExecutionsRequestObject) (control.ListSessionExecutionsResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	return ok(runInfos(a.s.State(id).AllRuns())), nil
}

func (a controlAPI) ChangeClock(_ context.Context, req control.ChangeClockRequestObject) (control.ChangeClockResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	info, err := a.s.setClock(id, *req.Body)
	if err != nil {
		return nil, err
	}
	return ok(info), nil
}

func (a controlAPI) SetTestCase(_ context.Context, req control.SetTestCaseRequestObject) (control.SetTestCaseResponseObject, error) {
	id, err := a.session(req.Id)
	if err != nil {
		return nil, err
	}
	a.s.SetTestCase(id, req.Body.TestCase)
	return ok(control.TestCaseInfo{Session: sessionID(id), TestCase: req.Body.TestCase}), nil
}

func (a controlAPI) ListRequests(_ context.Context, req control.ListRequestsRequestObject) (control.ListRequestsResponseObject, error) {
	f, err := recordFilter(control.CountRequestsParams(req.Params))
	if err != nil {
		return nil, err
	}
	recs, next := a.s.journal.List(f)
	return listPage(recs, cursorString(next)), nil
}

func (a controlAPI) CountRequests(_ context.Context, req control.CountRequestsRequestObject) (control.CountRequestsResponseObject, error) {
	f, err := recordFilter(req.Params)
	if err != nil {
		return nil, err
	}
	return ok(map[string]int{"count": a.s.CountRequests(f)}), nil
}

func (a controlAPI) ClearRequests(_ context.Context, req control.ClearRequestsRequestObject) (control.ClearRequestsResponseObject, error) {
	return ok(map[string]int{"dropped": a.s.journal.Clear(deref(req.Params.Session))}), nil
}

func (a controlAPI) GetViolations(context.Context, control.GetViolationsRequestObject) (control.GetViolationsResponseObject, error) {
	return ok(a.s.Violations()), nil
}

func (a controlAPI) ClearViolations(context.Context, control.ClearViolationsRequestObject) (control.ClearViolationsResponseObject, error) {
	a.s.viol.clear()
	return ok(map[string]bool{"cleared": true}), nil
}

// session checks a session id from the path.
func (a controlAPI) session(id string) (string, error) {
	if err := a.s.checkSessionID("{id}", id); err != nil {
		return "", &controlErr{status: 400, msg: err.Error()}
	}
	return id, nil
}

func (a controlAPI) view(id string) sessionView {
	return sessionView{Session: id, Scenario: a.s.ActiveScenario(id)}
}

// recordFilter is the journal filter of GET /_mock/requests and /_mock/requests/count.
func recordFilter(p control.CountRequestsParams) (RecordFilter, error) {
	f := RecordFilter{Session: deref(p.Session), Action: deref(p.Action), Code: deref(p.Code), Scenario: deref(p.Scenario)}
	var err error
	if f.Status, err = nonNegative("status", p.Status); err != nil {
		return f, err
	}
	if f.Limit, err = pageSize(p.Limit); err != nil {
		return f, err
	}
	if v := deref(p.Cursor); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n == 0 {
			return f, &controlErr{status: 400, msg: "cursor: want the " + HeaderNextCursor + " of the previous page, got " + strconv.Quote(clip(v))}
		}
		f.Before = n
	}
	return f, nil
}
