package mock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/gen/control"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/openapi"
)

// contractMocks is the execution tests' mock file, for the test-case routes.
func contractMocks(t *testing.T) *mockfile.File {
	t.Helper()
	mf, err := mockfile.Parse("mocks.yaml", []byte(mocks))
	if err != nil {
		t.Fatal(err)
	}
	return mf
}

// ctlCase is one control-plane request and the status the contract says it gets.
type ctlCase struct {
	name   string
	op     string // the contract's operationId
	path   string // with query
	body   string
	header map[string]string
	token  bool // the server has --control-token T
	status int
}

// TestControlContract walks the control plane's contract: every operation answers each status
// it declares in at least one case, and every answer validates against the document.
func TestControlContract(t *testing.T) {
	doc := controlDoc(t)
	plain := newHarness(t, mock.Config{Mocks: contractMocks(t)})
	t.Cleanup(plain.srv.Close)
	createDef(t, plain.client("sched"), "orders", orderFlow)
	if res, err := plain.client("sched").CreateScheduleWithResponse(context.Background(), &cloudflow.CreateScheduleParams{
		FlowName: "orders", ScheduleName: "minutely", CronExpression: "0 * * * * *"}); err != nil || res.JSON200 == nil {
		t.Fatalf("CreateSchedule: %v", err)
	}
	token := newHarness(t, mock.Config{ControlToken: "T"})
	scenario := plain.srv.ScenarioList()[0].Name
	cases := []ctlCase{
		{"health", "getHealth", "/_mock/health", "", nil, false, 200},
		{"metrics", "getMetrics", "/_mock/metrics", "", nil, false, 200},
		{"scenarios", "listScenarios", "/_mock/scenarios", "", nil, false, 200},
		{"sessions", "listSessions", "/_mock/sessions?limit=1&cursor=0", "", nil, false, 200},
		{"sessions, limit too large", "listSessions", "/_mock/sessions?limit=1001", "", nil, false, 400},
		{"sessions, cursor not a number", "listSessions", "/_mock/sessions?cursor=x", "", nil, false, 400},
		{"session", "getSession", "/_mock/sessions/s1", "", nil, false, 200},
		{"session id with a space", "getSession", "/_mock/sessions/a%20b", "", nil, false, 400},
		{"set scenario", "setScenario", "/_mock/sessions/s1/scenario", `{"scenario":"` + scenario + `"}`, nil, false, 200},
		{"set no scenario", "setScenario", "/_mock/sessions/s1/scenario", `{"scenario":""}`, nil, false, 400},
		{"set scenario, unknown field", "setScenario", "/_mock/sessions/s1/scenario", `{"scenari":"x"}`, nil, false, 400},
		{"set scenario, not JSON", "setScenario", "/_mock/sessions/s1/scenario", `scenario=x`, nil, false, 400},
		{"set scenario, too long", "setScenario", "/_mock/sessions/s1/scenario", `{"scenario":"` + strings.Repeat("x", 70<<10) + `"}`, nil, false, 400},
		{"set scenario, 10,000 deep", "setScenario", "/_mock/sessions/s1/scenario", `{"scenario":` + strings.Repeat("[", 10000) + `}`, nil, false, 400},
		{"set unknown scenario", "setScenario", "/_mock/sessions/s1/scenario", `{"scenario":"nope"}`, nil, false, 404},
		{"clear scenario", "clearScenario", "/_mock/sessions/s1/scenario", "", nil, false, 200},
		{"clear scenario, bad id", "clearScenario", "/_mock/sessions/a%20b/scenario", "", nil, false, 400},
		{"reset", "resetSession", "/_mock/sessions/s1/reset", "", nil, false, 200},
		{"reset, bad id", "resetSession", "/_mock/sessions/a%20b/reset", "", nil, false, 400},
		{"tasks", "listTasks", "/_mock/sessions/s1/tasks", "", nil, false, 200},
		{"tasks, bad id", "listTasks", "/_mock/sessions/a%20b/tasks", "", nil, false, 400},
		{"executions", "listSessionExecutions", "/_mock/sessions/s1/executions", "", nil, false, 200},
		{"executions, bad id", "listSessionExecutions", "/_mock/sessions/a%20b/executions", "", nil, false, 400},
		{"clock", "changeClock", "/_mock/sessions/s1/clock", `{"advance":"90s","scale":0}`, nil, false, 200},
		{"clock, bad duration", "changeClock", "/_mock/sessions/s1/clock", `{"advance":"soon"}`, nil, false, 400},
		{"clock, scale a string", "changeClock", "/_mock/sessions/s1/clock", `{"scale":"fast"}`, nil, false, 400},
		{"test case", "setTestCase", "/_mock/sessions/s1/test-case", `{"testCase":"happy"}`, nil, false, 200},
		{"schedules", "listSchedules", "/_mock/sessions/sched/schedules?fires=2&limit=1&cursor=0", "", nil, false, 200},
		{"schedules, too many fires", "listSchedules", "/_mock/sessions/sched/schedules?fires=11", "", nil, false, 400},
		{"schedules, bad id", "listSchedules", "/_mock/sessions/a%20b/schedules", "", nil, false, 400},
		{"test cases", "listTestCases", "/_mock/test-cases?flow=orders&limit=1", "", nil, false, 200},
		{"test cases, bad cursor", "listTestCases", "/_mock/test-cases?cursor=-1", "", nil, false, 400},
		{"get test case", "getTestCase", "/_mock/sessions/s1/test-case", "", nil, false, 200},
		{"get test case, bad id", "getTestCase", "/_mock/sessions/a%20b/test-case", "", nil, false, 400},
		{"test case, no body", "setTestCase", "/_mock/sessions/s1/test-case", ``, nil, false, 400},
		{"requests", "listRequests", "/_mock/requests?session=s1&limit=5&status=200&cursor=", "", nil, false, 200},
		{"requests, negative status", "listRequests", "/_mock/requests?status=-1", "", nil, false, 400},
		{"requests, bad cursor", "listRequests", "/_mock/requests?cursor=abc", "", nil, false, 400},
		{"count", "countRequests", "/_mock/requests/count?action=DescribeFlow", "", nil, false, 200},
		{"count, bad status", "countRequests", "/_mock/requests/count?status=ok", "", nil, false, 400},
		{"clear requests", "clearRequests", "/_mock/requests?session=s1", "", nil, false, 200},
		{"violations", "getViolations", "/_mock/violations", "", nil, false, 200},
		{"clear violations", "clearViolations", "/_mock/violations", "", nil, false, 200},
		{"console", "getConsole", "/_mock/ui", "", nil, false, 200},
		{"console page", "getConsolePage", "/_mock/ui/", "", nil, false, 200},
		{"console script", "getConsoleFile", "/_mock/ui/app.js", "", nil, false, 200},
		{"console, no such file", "getConsoleFile", "/_mock/ui/nope", "", nil, false, 404},
		{"console library", "getConsoleVendorFile", "/_mock/ui/vendor/dagre.min.js", "", nil, false, 200},
		{"console, no such library", "getConsoleVendorFile", "/_mock/ui/vendor/nope.js", "", nil, false, 404},
	}
	cases = append(cases, guardCases(t, doc, cases)...)
	covered := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.op+"/"+tc.name, func(t *testing.T) {
			h := plain
			if tc.token {
				h = token
			}
			route := findRoute(t, doc, tc.op)
			req := httptest.NewRequest(route.Method, tc.path, strings.NewReader(tc.body))
			req.Host = "127.0.0.1:8080"
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.srv.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("%s %s: status %d, want %d; body %s", route.Method, tc.path, rec.Code, tc.status, rec.Body)
			}
			validateAnswer(t, route, req, rec)
			covered[tc.op+" "+strconv.Itoa(tc.status)] = true
		})
	}
	for _, r := range allRoutes(doc) {
		for status := range r.Operation.Responses.Map() {
			if !covered[r.Operation.OperationID+" "+status] {
				t.Errorf("operation %s (%s %s) declares %s: no case answers it", r.Operation.OperationID, r.Method, r.Path, status)
			}
		}
	}
}

// guardCases are the access errors each operation declares: 401 and 403 (a wrong token) on a
// server with a token; 403 for a page of another origin on the open routes.
func guardCases(t *testing.T, doc *openapi3.T, cases []ctlCase) []ctlCase {
	sample := map[string]ctlCase{}
	for _, c := range cases {
		if _, ok := sample[c.op]; !ok && c.status == 200 {
			sample[c.op] = c
		}
	}
	var out []ctlCase
	for _, r := range allRoutes(doc) {
		c, ok := sample[r.Operation.OperationID]
		if !ok {
			t.Errorf("operation %s has no case answering 200", r.Operation.OperationID)
			continue
		}
		if r.Operation.Responses.Status(401) != nil {
			c.name, c.token, c.status, c.header = "no token", true, 401, nil
			out = append(out, c)
			c.name, c.status, c.header = "wrong token", 403, map[string]string{"Authorization": "Bearer U"}
			out = append(out, c)
			continue
		}
		c.name, c.status, c.header = "page of another origin", 403, map[string]string{"Origin": "http://evil.example"}
		out = append(out, c)
	}
	return out
}

// TestControlUnrouted: a route the contract does not declare is 404, a declared path with
// another method 405 with Allow; both in the contract's error shape, listing its routes.
func TestControlUnrouted(t *testing.T) {
	doc := controlDoc(t)
	h := newHarness(t, mock.Config{})
	tests := []struct {
		name, method, path string
		status             int
		allow              string
	}{
		{"unknown path", "GET", "/_mock/nope", 404, ""},
		{"the prefix", "GET", "/_mock/", 404, ""},
		{"the prefix without slash", "GET", "/_mock", 404, ""},
		{"too deep", "GET", "/_mock/sessions/a/b/c", 404, ""},
		{"health deleted", "DELETE", "/_mock/health", 405, "GET"},
		{"sessions posted", "POST", "/_mock/sessions", 405, "GET"},
		{"scenario posted", "POST", "/_mock/sessions/a/scenario", 405, "DELETE, PUT"},
		{"requests put", "PUT", "/_mock/requests", 405, "DELETE, GET"},
		{"console posted", "POST", "/_mock/ui/", 405, "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(tt.method, tt.path, nil)
			req.Host = "127.0.0.1:8080"
			h.srv.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d; body %s", rec.Code, tt.status, rec.Body)
			}
			if got := rec.Header().Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
			var v any
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Fatalf("body not JSON: %v: %s", err, rec.Body)
			}
			if err := doc.Components.Schemas["ControlError"].Value.VisitJSON(v); err != nil {
				t.Errorf("body is not a ControlError: %v", err)
			}
			var ce control.ControlError
			_ = json.Unmarshal(rec.Body.Bytes(), &ce)
			if ce.Routes == nil || len(*ce.Routes) != len(allRoutes(doc)) {
				t.Errorf("routes = %v, want the contract's %d", ce.Routes, len(allRoutes(doc)))
			}
		})
	}
}

func controlDoc(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openapi.ControlJSON)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the control-plane contract is not valid OpenAPI: %v", err)
	}
	return doc
}

// allRoutes are the contract's operations, sorted by path and method.
func allRoutes(doc *openapi3.T) []*routers.Route {
	var out []*routers.Route
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			out = append(out, &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op})
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Path != out[b].Path {
			return out[a].Path < out[b].Path
		}
		return out[a].Method < out[b].Method
	})
	return out
}

func findRoute(t *testing.T, doc *openapi3.T, op string) *routers.Route {
	t.Helper()
	for _, r := range allRoutes(doc) {
		if r.Operation.OperationID == op {
			return r
		}
	}
	t.Fatalf("the contract has no operation %s", op)
	return nil
}

func init() {
	for _, ct := range []string{"text/html", "text/javascript", "text/css"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
	}
}

// validateAnswer checks the recorded answer against route's declared responses: its status
// declared, its body of the declared schema.
func validateAnswer(t *testing.T, route *routers.Route, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: route},
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("answer does not validate against the contract: %v\nbody: %.300s", err, rec.Body)
	}
}
