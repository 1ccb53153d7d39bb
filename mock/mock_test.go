package mock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/gen/cloudflow"
	goldenfile "github.com/flowmock/flowmock/internal/golden"
	"github.com/flowmock/flowmock/mock"
)

// harness is a mock on real loopback HTTP whose every response is checked against the contract.
type harness struct {
	t   testing.TB
	srv *mock.Server
	ts  *httptest.Server
}

func defaultFixtures(t testing.TB) *fixtures.Set {
	t.Helper()
	set, err := fixtures.Default()
	if err != nil {
		t.Fatalf("fixtures.Default: %v", err)
	}
	return set
}

func newHarness(t testing.TB, cfg mock.Config) *harness {
	t.Helper()
	if cfg.Data == nil {
		cfg.Data = defaultFixtures(t)
	}
	cfg.ValidateResponses = true
	srv, err := mock.New(cfg)
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &harness{t: t, srv: srv, ts: ts}
}

// response is one exchange as the client saw it.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends req and checks the answer against the contract (for requests the contract covers).
func (h *harness) do(req *http.Request) response {
	h.t.Helper()
	res, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatalf("read body: %v", err)
	}
	if action := actionOf(req); req.URL.Path == "/" && (req.Method == http.MethodGet || req.Method == http.MethodPost) && action != "" {
		if err := h.srv.ValidateResponse(action, res.StatusCode, res.Header, body); err != nil {
			h.t.Errorf("response outside the contract: %v\n%s", err, body)
		}
	}
	if got := res.Header.Get("x-acs-request-id"); got == "" {
		h.t.Errorf("response has no x-acs-request-id header")
	}
	return response{status: res.StatusCode, header: res.Header, body: body}
}

// actionOf is the action req names and the contract declares, or "" (then the answer is
// outside the contract by design: no action, or an unknown one).
func actionOf(req *http.Request) string {
	params := req.URL.Query()
	if req.GetBody != nil && req.Header.Get("Content-Type") == "application/x-www-form-urlencoded" {
		if b, err := req.GetBody(); err == nil {
			raw, _ := io.ReadAll(b)
			if form, err := url.ParseQuery(string(raw)); err == nil {
				for k, v := range form {
					params[k] = v
				}
			}
		}
	}
	name := params.Get("Action")
	if name == "" {
		name = req.Header.Get("x-acs-action")
	}
	con, err := contract.Load()
	if err != nil {
		return ""
	}
	if _, ok := con.Action(name); !ok {
		return ""
	}
	return name
}

func (h *harness) get(query string) response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.ts.URL+"/?"+query, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.do(req)
}

const base = "Action=ListExecutions&Version=2019-03-15&"

type errorBody struct {
	RequestId, HostId, Code, Message string
}

func decodeError(t testing.TB, r response) errorBody {
	t.Helper()
	var e errorBody
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body is not the envelope: %v\n%s", err, r.body)
	}
	return e
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	goldenfile.Check(t, path, got)
}

func TestValidationErrors(t *testing.T) {
	h := newHarness(t, mock.Config{Seed: 7})
	long := strings.Repeat("a", 129)
	tests := []struct {
		name     string
		method   string
		query    string
		body     string
		ctype    string
		header   map[string]string
		status   int
		code     string
		contains []string
	}{
		{name: "missing-flowname", query: base, status: 400, code: "MissingRequiredParams", contains: []string{"'FlowName'"}},
		{name: "empty-flowname", query: base + "FlowName=", status: 400, code: "MissingRequiredParams", contains: []string{"'FlowName'"}},
		{name: "flowname-wrong-case", query: base + "flowname=demo_flow", status: 400, code: "MissingRequiredParams", contains: []string{"case-sensitive"}},
		{name: "missing-everything", query: "", status: 400, code: "MissingRequiredParams", contains: []string{"'Action'", "'Version'"}},
		{name: "missing-flowname-and-bad-limit", query: base + "Limit=0", status: 400, code: "MissingRequiredParams", contains: []string{"'FlowName'", "Limit: must be an integer from 1 to 100, got \"0\""}},
		{name: "limit-too-big", query: base + "FlowName=demo_flow&Limit=101", status: 400, code: "InvalidArgument", contains: []string{"Limit", "1 to 100", `"101"`}},
		{name: "limit-not-integer", query: base + "FlowName=demo_flow&Limit=abc", status: 400, code: "InvalidArgument", contains: []string{"Limit", `"abc"`}},
		{name: "bad-status", query: base + "FlowName=demo_flow&Status=Bogus", status: 400, code: "InvalidArgument", contains: []string{"Starting, Running, Stopped, Succeeded, Failed, TimedOut", `"Bogus"`}},
		{name: "bad-flowname", query: base + "FlowName=1bad", status: 400, code: "InvalidArgument", contains: []string{"FlowName", "pattern", `"1bad"`}},
		{name: "flowname-too-long", query: base + "FlowName=" + long, status: 400, code: "InvalidArgument", contains: []string{"FlowName", "1 to 128 characters"}},
		{name: "bad-time", query: base + "FlowName=demo_flow&StartedTimeEnd=yesterday", status: 400, code: "InvalidArgument", contains: []string{"StartedTimeEnd", "RFC 3339", `"yesterday"`}},
		{name: "begin-after-end", query: base + "FlowName=demo_flow&StartedTimeBegin=2024-02-01T00:00:00Z&StartedTimeEnd=2024-01-01T00:00:00Z", status: 400, code: "InvalidArgument", contains: []string{"StartedTimeBegin: must not be after StartedTimeEnd"}},
		{name: "many-problems", query: base + "FlowName=demo_flow&Limit=0&Status=Bogus&StartedTimeBegin=nope&MetadataOnly=maybe", status: 400, code: "InvalidArgument", contains: []string{"Limit:", "Status:", "StartedTimeBegin:", "MetadataOnly: must be true or false"}},
		{name: "duplicate-param", query: base + "FlowName=demo_flow&Limit=1&Limit=2", status: 400, code: "InvalidArgument", contains: []string{"Limit: given 2 times"}},
		{name: "forged-token", query: base + "FlowName=demo_flow&NextToken=abc", status: 400, code: "InvalidArgument", contains: []string{"NextToken: is not a token this mock issued"}},
		{name: "unknown-action", query: "Action=StartExecutions&Version=2019-03-15&FlowName=demo_flow", status: 400, code: "ActionNotSupported", contains: []string{"'StartExecutions'"}},
		{name: "wrong-version", query: "Action=ListExecutions&Version=2015-01-01&FlowName=demo_flow", status: 400, code: "APIVersionNotSupported", contains: []string{"'2015-01-01'"}},
		{name: "unknown-flow", query: base + "FlowName=no_such_flow", status: 404, code: "FlowNotExists", contains: []string{"no_such_flow"}},
		{name: "unsupported-media-type", method: "POST", query: base, body: "FlowName=demo_flow", ctype: "text/plain", status: 415, code: "UnsupportedMediaType", contains: []string{`"text/plain"`}},
		{name: "entity-too-large", method: "POST", query: base, body: "FlowName=demo_flow&Pad=" + strings.Repeat("x", 1<<20), ctype: "application/x-www-form-urlencoded", status: 400, code: "EntityTooLarge", contains: []string{"(1048576 bytes)"}},
		{name: "query-body-conflict", method: "POST", query: base + "FlowName=demo_flow", body: "FlowName=other", ctype: "application/x-www-form-urlencoded", status: 400, code: "InvalidArgument", contains: []string{"both the query"}},
		{name: "bad-json-body", method: "POST", query: base, body: `["FlowName"]`, ctype: "application/json", status: 400, code: "InvalidArgument", contains: []string{"JSON body must be an object"}},
		{name: "v3-unknown-action-header", query: "FlowName=demo_flow", header: map[string]string{"x-acs-action": "DescribeFlows", "x-acs-version": "2019-03-15"}, status: 400, code: "ActionNotSupported", contains: []string{"'DescribeFlows'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			q := tt.query
			if q != "" {
				q += "&"
			}
			q += "RequestId=TEST-" + tt.name
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req, err := http.NewRequest(method, h.ts.URL+"/?"+q, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			r := h.do(req)
			if r.status != tt.status {
				t.Errorf("status = %d, want %d; body %s", r.status, tt.status, r.body)
			}
			if got, want := r.header.Get("Content-Type"), "application/json;charset=utf-8"; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
			e := decodeError(t, r)
			if e.Code != tt.code {
				t.Errorf("Code = %q, want %q (message %q)", e.Code, tt.code, e.Message)
			}
			if want := "TEST-" + tt.name; e.RequestId != want || r.header.Get("x-acs-request-id") != want {
				t.Errorf("RequestId = %q, header %q; want %q echoed", e.RequestId, r.header.Get("x-acs-request-id"), want)
			}
			for _, s := range tt.contains {
				if !strings.Contains(e.Message, s) {
					t.Errorf("Message %q does not contain %q", e.Message, s)
				}
			}
			golden(t, filepath.Join("testdata", "errors", tt.name+".golden"), fmt.Appendf(nil, "%d\n%s\n", r.status, r.body))
		})
	}
}

func TestOutsideTheContract(t *testing.T) {
	h := newHarness(t, mock.Config{})
	tests := []struct {
		method, path string
		status       int
		code         string
	}{
		{"GET", "/nope", 404, "InvalidPath"},
		{"PUT", "/", 405, "MethodNotAllowed"},
		{"DELETE", "/?" + base + "FlowName=demo_flow", 405, "MethodNotAllowed"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, h.ts.URL+tt.path, nil)
			r := h.do(req)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d", r.status, tt.status)
			}
			if e := decodeError(t, r); e.Code != tt.code || e.Message == "" || e.HostId == "" {
				t.Fatalf("envelope = %+v, want code %s with a message and host", e, tt.code)
			}
		})
	}
}

func TestGeneratedClient(t *testing.T) {
	h := newHarness(t, mock.Config{})
	con, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, err := cloudflow.NewClientWithResponses(h.ts.URL, cloudflow.WithHTTPClient(h.ts.Client()), cloudflow.WithRequestEditorFn(con.WireRequest))
	if err != nil {
		t.Fatal(err)
	}
	limit := cloudflow.Limit(10)
	res, err := c.ListExecutionsWithResponse(context.Background(), &cloudflow.ListExecutionsParams{
		FlowName: "demo_flow", Limit: &limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode() != 200 || res.JSON200 == nil {
		t.Fatalf("status = %d, want 200 with a body: %s", res.StatusCode(), res.Body)
	}
	if got := len(res.JSON200.Executions); got != 10 {
		t.Errorf("len(Executions) = %d, want 10", got)
	}
	if res.JSON200.NextToken == nil {
		t.Errorf("NextToken absent on the first of many pages")
	}
	bad := cloudflow.Limit(0)
	res, err = c.ListExecutionsWithResponse(context.Background(), &cloudflow.ListExecutionsParams{
		FlowName: "demo_flow", Limit: &bad,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.JSON400 == nil || res.JSON400.Code != "InvalidArgument" {
		t.Fatalf("Limit=0: got status %d body %s, want 400 InvalidArgument", res.StatusCode(), res.Body)
	}
	res, err = c.ListExecutionsWithResponse(context.Background(), &cloudflow.ListExecutionsParams{
		FlowName: "no_such_flow",
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.JSON404 == nil || res.JSON404.Code != "FlowNotExists" {
		t.Fatalf("unknown flow: got status %d body %s, want 404 FlowNotExists", res.StatusCode(), res.Body)
	}
}

// Ensure url is used (helpers below build queries).
var _ = url.Values{}
