package mocktest

import (
	"context"
	"strconv"

	"github.com/flowmock/flowmock/gen/control"
	"github.com/flowmock/flowmock/mock"
)

// Schedules returns the session's schedules, every page, with their next fires (1 to 10; 0
// means 3) fire times on the session's clock, whose time Now is.
func (ss *Session) Schedules(fires int) control.ScheduleList {
	ss.tb.Helper()
	p := control.ListSchedulesParams{Fires: &fires}
	var out control.ScheduleList
	for {
		res, err := ss.s.Control().ListSchedulesWithResponse(context.Background(), ss.ID, &p)
		ss.s.ctlOK("Schedules", err, res, func() []byte { return res.Body })
		page := *res.JSON200
		page.Schedules = append(out.Schedules, page.Schedules...)
		out = page
		next, err := strconv.Atoi(res.HTTPResponse.Header.Get(mock.HeaderNextCursor))
		if err != nil {
			return out
		}
		p.Cursor = &next
	}
}

// TestCase returns the session's test case, "" for none.
func (ss *Session) TestCase() string {
	ss.tb.Helper()
	res, err := ss.s.Control().GetTestCaseWithResponse(context.Background(), ss.ID)
	ss.s.ctlOK("TestCase", err, res, func() []byte { return res.Body })
	return res.JSON200.TestCase
}

// TestCases returns the test cases of the server's mock file (only flow's when flow is not
// ""), every page, each with the task states it mocks and their first answers.
func (s *Server) TestCases(flow string) []control.MockTestCase {
	s.tb.Helper()
	var p control.ListTestCasesParams
	if flow != "" {
		p.Flow = &flow
	}
	out := []control.MockTestCase{}
	for {
		res, err := s.Control().ListTestCasesWithResponse(context.Background(), &p)
		s.ctlOK("TestCases", err, res, func() []byte { return res.Body })
		out = append(out, *res.JSON200...)
		next, err := strconv.Atoi(res.HTTPResponse.Header.Get(mock.HeaderNextCursor))
		if err != nil {
			return out
		}
		p.Cursor = &next
	}
}
