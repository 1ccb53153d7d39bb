package mock_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/flowmock/flowmock/mock"
)

const longWait = "Type: StateMachine\nSpecVersion: v1\nName: waits\nStartAt: W\nStates:\n  - Type: Wait\n    Name: W\n    Seconds: 300\n    End: true\n"

// call serves one action in process (no connections, so no goroutines of the transport).
func call(t *testing.T, srv *mock.Server, session, action string, params url.Values) {
	t.Helper()
	params.Set("Action", action)
	params.Set("Version", "2019-03-15")
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(params.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(mock.HeaderSession, session)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", action, rec.Code, rec.Body)
	}
}

// TestSessionTeardownEndsGoroutines: reset, eviction and a fixtures reload each end every
// goroutine a session started through the API (a schedule's loop, a waiting execution), and
// the session comes back empty, its journal records gone with it (another session's stay).
func TestSessionTeardownEndsGoroutines(t *testing.T) {
	tests := []struct {
		name     string
		teardown func(t *testing.T, srv *mock.Server)
		scenario string // the session's scenario after: reset keeps the choice
	}{
		{name: "reset", teardown: func(t *testing.T, srv *mock.Server) {
			if got, want := srv.Reset("s"), 3; got != want {
				t.Errorf("reset dropped %d journal records, want %d", got, want)
			}
		}, scenario: "throttled"},
		{name: "eviction", teardown: func(t *testing.T, srv *mock.Server) {
			call(t, srv, "other", "ListFlows", url.Values{})
		}},
		{name: "reload", teardown: func(t *testing.T, srv *mock.Server) { srv.SetData(defaultFixtures(t)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := mock.New(mock.Config{Data: defaultFixtures(t), Seed: 1, TimeScale: 1, MaxSessions: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			call(t, srv, "s", "CreateFlow", url.Values{"Name": {"waits"}, "Definition": {longWait}, "Type": {"FDL"}, "Description": {"d"}})
			call(t, srv, "s", "CreateSchedule", url.Values{"FlowName": {"waits"}, "ScheduleName": {"hourly"}, "CronExpression": {"0 0 * * * *"}, "Enable": {"true"}})
			call(t, srv, "s", "StartExecution", url.Values{"FlowName": {"waits"}, "ExecutionName": {"e"}})
			if err := srv.SetScenario("s", "throttled"); err != nil {
				t.Fatal(err)
			}
			tt.teardown(t, srv)
			if n := srv.CountRequests(mock.RecordFilter{Session: "s"}); n != 0 {
				t.Errorf("journal records of s after %s: %d, want none", tt.name, n)
			}
			if got := srv.ActiveScenario("s"); got != tt.scenario {
				t.Errorf("scenario after %s = %q, want %q", tt.name, got, tt.scenario)
			}
			ss := srv.State("s")
			if n, runs, flows := ss.Goroutines(), len(ss.AllRuns()), ss.Bytes(); n != 0 || runs != 0 || flows != 0 {
				t.Errorf("after %s: %d goroutines, %d runs, %d bytes, want none", tt.name, n, runs, flows)
			}
		})
	}
}
