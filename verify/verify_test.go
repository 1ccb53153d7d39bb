package verify_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mocktest"
	"github.com/flowmock/flowmock/proxy"
	"github.com/flowmock/flowmock/report"
	"github.com/flowmock/flowmock/verify"
)

var (
	cred = proxy.Credentials{AccessKeyID: "verifyKeyId", AccessKeySecret: "verifySecret", Source: "test"}
	now  = func() time.Time { return time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC) }
)

// target is a flowmock that checks signatures, on wall time: the life cycle's execution
// waits a minute, so it is still running when it is stopped.
func target(t *testing.T, middleware ...func(http.Handler) http.Handler) *mocktest.Server {
	srv := mocktest.NewUnstartedServer(t)
	srv.Config.Auth, srv.Config.AccessKeyID, srv.Config.AccessKeySecret = "verify", cred.AccessKeyID, cred.AccessKeySecret
	srv.Config.TimeScale = 1
	srv.Middleware = middleware
	srv.Start()
	return srv
}

func run(t *testing.T, url string, write bool) (*report.Report, string) {
	t.Helper()
	var out bytes.Buffer
	rep, err := verify.Run(context.Background(), verify.Config{Upstream: proxy.Config{URL: url, Credentials: cred},
		Write: write, Prefix: "pv-", Out: &out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return rep, out.String()
}

func cases(rep *report.Report) map[string]report.Case {
	m := map[string]report.Case{}
	for _, c := range rep.Cases {
		m[c.Name] = c
	}
	return m
}

// TestVerifyFlowmock: a flowmock conforms: reads and the whole life cycle, 0 violations, and
// nothing of the run is left in the target.
func TestVerifyFlowmock(t *testing.T) {
	tgt := target(t)
	rep, out := run(t, tgt.URL, true)
	if v, tr, e := rep.Totals(); v+tr+e != 0 {
		t.Fatalf("totals %d violations, %d transport, %d errors; want none\n%s", v, tr, e, out)
	}
	got := cases(rep)
	for _, action := range []string{"DescribeRegions", "ListFlows", "DescribeFlow", "ListExecutions", "DescribeExecution",
		"GetExecutionHistory", "ListFlowVersions", "ListFlowAliases", "ListSchedules", "CreateFlow", "UpdateFlow",
		"PublishFlowVersion", "CreateFlowAlias", "DescribeFlowAlias", "UpdateFlowAlias", "CreateSchedule", "DescribeSchedule",
		"UpdateSchedule", "StartExecution", "StopExecution", "DeleteSchedule", "DeleteFlowAlias", "DeleteFlowVersion", "DeleteFlow"} {
		if got[action].Checked == 0 {
			t.Errorf("%s was not checked\n%s", action, out)
		}
	}
	if got["ListExecutions"].Checked < 2 {
		t.Errorf("ListExecutions checked %d times, want its paging followed", got["ListExecutions"].Checked)
	}
	if !strings.Contains(out, "0 violations, 0 transport problems, 0 failed steps") {
		t.Errorf("summary lacks the totals line:\n%s", out)
	}
	flow := "pv-20261207-030000"
	if _, err := tgt.State(mock.DefaultSession).Flow(flow); err == nil {
		t.Errorf("flow %s is still in the target after the run", flow)
	}
}

// TestVerifyCleanupAfterFailure: a step that fails in the middle of the life cycle (the
// target answers StartExecution with 500, then drops the connection of a later call) stops
// the life cycle; everything created so far is still deleted.
func TestVerifyCleanupAfterFailure(t *testing.T) {
	for _, tt := range []struct {
		name   string
		action string
		fail   func(http.ResponseWriter)
	}{
		{"error answer", "StartExecution", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"RequestId":"R","HostId":"h","Code":"InternalServerError","Message":"injected"}`))
		}},
		{"connection dropped", "CreateSchedule", func(w http.ResponseWriter) {
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inject := func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if action(r) == tt.action {
						tt.fail(w)
						return
					}
					next.ServeHTTP(w, r)
				})
			}
			tgt := target(t, inject)
			rep, out := run(t, tgt.URL, true)
			got := cases(rep)
			if !got[tt.action].Failed() {
				t.Errorf("%s did not fail in the report:\n%s", tt.action, out)
			}
			if c, ok := got["cleanup"]; ok {
				t.Errorf("cleanup left things behind: %v", c.Errors)
			}
			for _, action := range []string{"DeleteFlowAlias", "DeleteFlowVersion", "DeleteFlow"} {
				if n := tgt.Count(mock.RecordFilter{Action: action, Status: 200}); n != 1 {
					t.Errorf("%s answered 200 %d times, want 1\n%s", action, n, out)
				}
			}
			if _, err := tgt.State(mock.DefaultSession).Flow("pv-20261207-030000"); err == nil {
				t.Errorf("the flow is still in the target")
			}
		})
	}
}

func action(r *http.Request) string {
	if a := r.Header.Get("x-acs-action"); a != "" {
		return a
	}
	return r.URL.Query().Get("Action")
}

// TestProxyEveryAction: a client calls every action of the contract through the proxy to a
// flowmock upstream (verify's reads and life cycle, then the actions the life cycle has no use
// for, answered with errors): 0 violations, every action checked.
func TestProxyEveryAction(t *testing.T) {
	upstream := target(t)
	up, err := proxy.New(proxy.Config{URL: upstream.URL, Credentials: cred})
	if err != nil {
		t.Fatal(err)
	}
	p := mocktest.NewUnstartedServer(t)
	p.Config.Upstream = up
	p.Start()
	other := proxy.Credentials{AccessKeyID: "client", AccessKeySecret: "clientSecret", Source: "test"}
	var out bytes.Buffer
	if _, err := verify.Run(context.Background(), verify.Config{Upstream: proxy.Config{URL: p.URL, Credentials: other},
		Write: true, Prefix: "px-", Out: &out, Now: now}); err != nil {
		t.Fatal(err)
	}
	rest := map[string]url.Values{
		"ReportTaskSucceeded": {"TaskToken": {"no-such-token"}, "Output": {"{}"}},
		"ReportTaskFailed":    {"TaskToken": {"no-such-token"}, "Error": {"E"}},
		"StartSyncExecution":  {"FlowName": {"demo_flow"}},
		"DescribeMapRun":      {"FlowName": {"demo_flow"}, "ExecutionName": {"none"}, "MapRunName": {"none"}},
		"UpdateMapRun":        {"FlowName": {"demo_flow"}, "ExecutionName": {"none"}, "MapRunName": {"none"}},
	}
	for name, params := range rest {
		q := url.Values{"Action": {name}, "Version": {"2019-03-15"}}
		for k, v := range params {
			q[k] = v
		}
		res, err := http.Get(p.URL + "/?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	v := p.Mock.Violations()
	if v.Total != 0 || len(v.Transport) != 0 {
		t.Fatalf("violations %v, transport %v; want none\n%s", v.Violations, v.Transport, out.String())
	}
	for _, name := range p.Mock.Contract().Names() {
		if v.Checked[name] == 0 {
			t.Errorf("%s was not checked through the proxy", name)
		}
	}
}
