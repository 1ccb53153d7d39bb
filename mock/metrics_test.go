package mock_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// TestMetricsSeries: each answer counts in its series, and a series shows once an answer
// touched it (not before: an action nobody called has none).
func TestMetricsSeries(t *testing.T) {
	srv, err := mock.New(mock.Config{Data: defaultFixtures(t), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	const page = "/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=1"
	for _, r := range []struct {
		url    string
		header http.Header
	}{
		{url: page},
		{url: page},
		{url: page, header: http.Header{"X-Mock-Scenario": {"throttled"}}},
		{url: "/?Action=ListExecutions&Version=2019-03-15&FlowName=nope"},
		{url: "/?Action=NoSuchAction&Version=2019-03-15"},
	} {
		req := httptest.NewRequest(http.MethodGet, r.url, nil)
		for k, v := range r.header {
			req.Header[k] = v
		}
		srv.ServeHTTP(httptest.NewRecorder(), req)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1/_mock/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	m := string(body)
	tests := []struct {
		name, line string
		want       bool
	}{
		{"plain answers", `flowmock_requests_total{action="ListExecutions",code="",scenario="",status="200"} 2`, true},
		{"a scenario's", `flowmock_requests_total{action="ListExecutions",code="ResourceThrottled",scenario="throttled",status="429"} 1`, true},
		{"an error", `flowmock_requests_total{action="ListExecutions",code="FlowNotExists",scenario="",status="404"} 1`, true},
		{"no action", `flowmock_request_duration_seconds_count{action=""} 1`, true},
		{"latency", `flowmock_request_duration_seconds_count{action="ListExecutions"} 4`, true},
		{"an action not called", `action="DescribeFlow"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Contains(m, tt.line); got != tt.want {
				t.Errorf("metrics contain %q: got %v, want %v\n%s", tt.line, got, tt.want, m)
			}
		})
	}
}
