package mock_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/contract"
)

// helloDefinition is a valid one-state definition of the flow named name.
func helloDefinition(name string) string {
	return "Type: StateMachine\nSpecVersion: v1\nName: " + name + "\nStartAt: Greet\nStates:\n  - Type: Pass\n    Name: Greet\n    End: true\n"
}

// samples are valid parameters for every action of the contract, on the default fixtures
// (demo_flow exists). The handler may still refuse them (a missing schedule, say): they are
// for what happens before it, validation and injection.
var samples = map[string]url.Values{
	"CreateFlow":          {"Name": {"sample_flow"}, "Definition": {helloDefinition("sample_flow")}, "Description": {"d"}, "Type": {"FDL"}},
	"DescribeFlow":        {"Name": {"demo_flow"}},
	"UpdateFlow":          {"Name": {"demo_flow"}, "Description": {"new"}},
	"DeleteFlow":          {"Name": {"demo_flow"}},
	"ListFlows":           {"Limit": {"2"}},
	"PublishFlowVersion":  {"FlowName": {"demo_flow"}},
	"ListFlowVersions":    {"FlowName": {"demo_flow"}},
	"DeleteFlowVersion":   {"FlowName": {"demo_flow"}, "FlowVersion": {"1"}},
	"CreateFlowAlias":     {"FlowName": {"demo_flow"}, "Name": {"prod"}, "RoutingConfigurations": {`[{"Version":"1","Weight":100}]`}},
	"DescribeFlowAlias":   {"FlowName": {"demo_flow"}, "Name": {"prod"}},
	"UpdateFlowAlias":     {"FlowName": {"demo_flow"}, "Name": {"prod"}, "Description": {"d"}},
	"DeleteFlowAlias":     {"FlowName": {"demo_flow"}, "Name": {"prod"}},
	"ListFlowAliases":     {"FlowName": {"demo_flow"}},
	"StartExecution":      {"FlowName": {"demo_flow"}, "ExecutionName": {"e1"}, "Input": {`{"a":1}`}},
	"StartSyncExecution":  {"FlowName": {"demo_flow"}},
	"DescribeExecution":   {"FlowName": {"demo_flow"}, "ExecutionName": {"e1"}},
	"StopExecution":       {"FlowName": {"demo_flow"}, "ExecutionName": {"e1"}},
	"ListExecutions":      {"FlowName": {"demo_flow"}, "Limit": {"1"}},
	"GetExecutionHistory": {"FlowName": {"demo_flow"}, "ExecutionName": {"e1"}},
	"DescribeMapRun":      {"FlowName": {"demo_flow"}, "ExecutionName": {"e1"}, "MapRunName": {"m1"}},
	"UpdateMapRun":        {"FlowName": {"demo_flow"}, "ExecutionName": {"e1"}, "MapRunName": {"m1"}, "Concurrency": {"2"}},
	"ReportTaskSucceeded": {"TaskToken": {"t1"}, "Output": {`{}`}},
	"ReportTaskFailed":    {"TaskToken": {"t1"}, "Error": {"E"}},
	"CreateSchedule":      {"FlowName": {"demo_flow"}, "ScheduleName": {"s1"}, "CronExpression": {"0 * * * * *"}},
	"DescribeSchedule":    {"FlowName": {"demo_flow"}, "ScheduleName": {"s1"}},
	"UpdateSchedule":      {"FlowName": {"demo_flow"}, "ScheduleName": {"s1"}, "Enable": {"false"}},
	"DeleteSchedule":      {"FlowName": {"demo_flow"}, "ScheduleName": {"s1"}},
	"ListSchedules":       {"FlowName": {"demo_flow"}},
	"DescribeRegions":     {"AcceptLanguage": {"en-US"}},
}

// TestSamplesCoverContract keeps samples in step with the contract.
func TestSamplesCoverContract(t *testing.T) {
	con, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range con.Actions() {
		if samples[a.Name] == nil {
			t.Errorf("no sample request for %s", a.Name)
		}
	}
	if got, want := len(samples), len(con.Actions()); got != want {
		t.Errorf("%d samples, want %d (one per action)", got, want)
	}
}

// action sends action with params the way the SDKs do: GET with a query for reads, POST with a
// form body for writes (the contract's method), plus headers as name, value pairs.
func (h *harness) action(action string, params url.Values, headers ...string) response {
	h.t.Helper()
	con, err := contract.Load()
	if err != nil {
		h.t.Fatal(err)
	}
	a, ok := con.Action(action)
	method := http.MethodGet
	if ok {
		method = a.Method
	}
	wire := url.Values{"Action": {action}, "Version": {"2019-03-15"}}
	var req *http.Request
	if method == http.MethodPost {
		req, err = http.NewRequest(method, h.ts.URL+"/?"+wire.Encode(), strings.NewReader(params.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		for k, v := range params {
			wire[k] = v
		}
		req, err = http.NewRequest(method, h.ts.URL+"/?"+wire.Encode(), nil)
	}
	if err != nil {
		h.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return h.do(req)
}
