package sdktest_test

// What the life cycles of every client share: the action matrix rows, contract checks of 200
// bodies, journal checks. The resource life cycles are resources_test.go (old Go SDK),
// resources_dara_test.go (Darabonba) and node/resources.test.js (Node); the execution life cycles
// are executions_test.go and executions_dara_test.go.

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// --- the action matrix ---

// The rows of the action matrix besides the actions: the documented errors the life cycles
// provoke for real (no X-Mock-Error).
const (
	rowFlowAlreadyExists     = "error FlowAlreadyExists 409"
	rowFlowNotExists         = "error FlowNotExists 404"
	rowScheduleAlreadyExists = "error ScheduleAlreadyExists 409"
	rowScheduleNotExists     = "error ScheduleNotExists 404"
	rowBadDefinition         = "error InvalidArgument 400 (definition)"
	rowBadCron               = "error InvalidArgument 400 (cron)"
	rowBadAlias              = "error InvalidArgument 400 (version/alias)"
)

// rowListExecutions is ListExecutions on a flow the test created (empty); the paging of
// fixture executions is the conformance matrix.
const rowListExecutions = "ListExecutions (created flow)"

// The rows of the execution life cycles (executions_test.go, executions_dara_test.go) besides
// the actions: the cases of an action worth a row of their own, and the documented errors of
// executions provoked for real.
const (
	rowListStarted               = "ListExecutions (started first)"
	rowStartRunning              = "StartExecution (running name: same execution)"
	rowSyncStandard              = "StartSyncExecution (Standard flow: ErrorCode in a 200)"
	rowExecutionAlreadyExists    = "error ExecutionAlreadyExists 400"
	rowExecutionNotExists        = "error ExecutionNotExists 404"
	rowExecutionAlreadyCompleted = "error ExecutionAlreadyCompleted 400"
	rowTaskAlreadyCompleted      = "error TaskAlreadyCompleted 400"
	rowTaskInvalidState          = "error TaskInvalidState 409"
)

// actionRows returns the rows of the action matrix in print order: the 29 actions in the
// contract's order (with the cases of ListExecutions, StartExecution and StartSyncExecution
// that have rows of their own), then the errors.
func actionRows() []string {
	rows := []string{
		"DescribeRegions",
		"CreateFlow", "DescribeFlow", "UpdateFlow", "DeleteFlow", "ListFlows",
		"PublishFlowVersion", "ListFlowVersions", "DeleteFlowVersion",
		"CreateFlowAlias", "DescribeFlowAlias", "UpdateFlowAlias", "DeleteFlowAlias", "ListFlowAliases",
		"CreateSchedule", "DescribeSchedule", "UpdateSchedule", "DeleteSchedule", "ListSchedules",
		rowListExecutions, rowListStarted,
		"StartExecution", rowStartRunning, "StartSyncExecution", rowSyncStandard,
		"DescribeExecution", "StopExecution", "GetExecutionHistory", "DescribeMapRun", "UpdateMapRun",
		"ReportTaskSucceeded", "ReportTaskFailed",
	}
	return append(rows, rowFlowAlreadyExists, rowFlowNotExists, rowScheduleAlreadyExists, rowScheduleNotExists,
		rowBadDefinition, rowBadCron, rowBadAlias,
		rowExecutionAlreadyExists, rowExecutionNotExists, rowExecutionAlreadyCompleted, rowTaskAlreadyCompleted, rowTaskInvalidState)
}

// declareActionMatrix fixes the order of the action matrix: the rows, then the columns (old
// SDK styles, then Darabonba signatures, each with both auth modes), whichever test runs first.
func declareActionMatrix() {
	actionResults.declare(actionRows()...)
	for _, auth := range authModes {
		for _, style := range oldStyles {
			actionResults.column(style.name + " " + auth.name)
		}
	}
	for _, auth := range authModes {
		for _, k := range daraKinds {
			actionResults.column(k.name + " " + auth.name)
		}
	}
}

// step runs one step of a life cycle as a subtest and records it in the action matrix.
func step(t *testing.T, column, row, name string, run func(t *testing.T)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		actionResults.record(t, column, row)
		run(t)
	})
}

// --- checks every client shares ---

// timeForm is CloudFlow's time format: UTC with milliseconds, 2019-01-01T01:01:01.001Z.
var timeForm = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func checkTime(t *testing.T, field, v string) {
	t.Helper()
	if !timeForm.MatchString(v) {
		t.Errorf("%s=%q, want the form YYYY-MM-DDTHH:MM:SS.mmmZ", field, v)
	}
}

// definition is a flow definition (new FDL dialect) of the flow named flow with one Pass
// state named state.
func definition(flow, state string) string {
	return "Type: StateMachine\nSpecVersion: v1\nName: " + flow + "\nStartAt: " + state +
		"\nStates:\n  - Type: Pass\n    Name: " + state + "\n    End: true\n"
}

// testRole and testStorage are the RoleArn and ExternalStorageLocation the life cycles give
// their flows.
const (
	testRole    = "acs:ram::123456789012:role/fnf-sdktest"
	testStorage = "/sdktest/storage"
)

// wantEq reports field when got != want.
func wantEq[T comparable](t *testing.T, field string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s=%v, want %v", field, got, want)
	}
}

const contractFile = "../openapi/cloudflow.yaml"

var (
	contractOnce    sync.Once
	contractResults map[string]*openapi3.Schema // operationId → 200 body schema
	contractErr     error
)

// resultSchema returns the contract's schema of action's 200 body, read from the YAML file
// (not the mock's generated code).
func resultSchema(t *testing.T, action string) *openapi3.Schema {
	t.Helper()
	contractOnce.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromFile(contractFile)
		if err != nil {
			contractErr = err
			return
		}
		contractResults = map[string]*openapi3.Schema{}
		for _, item := range doc.Paths.Map() {
			for _, op := range item.Operations() {
				r := op.Responses.Status(http.StatusOK)
				if r == nil || r.Value == nil || r.Value.Content.Get("application/json") == nil {
					continue
				}
				contractResults[op.OperationID] = r.Value.Content.Get("application/json").Schema.Value
			}
		}
	})
	if contractErr != nil {
		t.Fatalf("load %s: %v", contractFile, contractErr)
	}
	s, ok := contractResults[action]
	if !ok {
		t.Fatalf("%s: the contract declares no 200 body for %s", contractFile, action)
	}
	return s
}

// checkContract validates body, a 200 body of action, against the contract's schema: every
// field declared with its type and format, the required ones present, no undeclared field.
func checkContract(t *testing.T, action string, body []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Errorf("%s: body is not JSON: %v: %s", action, err, body)
		return
	}
	if err := resultSchema(t, action).VisitJSON(v, openapi3.MultiErrors(), openapi3.VisitAsResponse(), openapi3.EnableFormatValidation()); err != nil {
		t.Errorf("%s: the 200 body does not match the contract's result schema: %v\nbody: %s", action, err, body)
	}
}

// checkJournal checks the server's record of the request it answered with request id id:
// the session, action and method it saw, and the status and code it sent.
func checkJournal(t *testing.T, h *harness, id, session, action, method string, status int, code string) {
	t.Helper()
	r, ok := h.sent(id)
	if !ok {
		t.Errorf("request id %q: the server's journal has no request with that id", id)
		return
	}
	got := fmt.Sprintf("session=%q action=%s method=%s status=%d code=%q", r.Session, r.Action, r.Method, r.Status, r.Code)
	want := fmt.Sprintf("session=%q action=%s method=%s status=%d code=%q", session, action, method, status, code)
	if got != want {
		t.Errorf("the server's record of %s:\n got %s\nwant %s", id, got, want)
	}
}

// checkAPIError checks what an SDK's typed error says: code, status, message fragments, the
// same request id everywhere the SDK exposes one, and the server's record of that request.
func checkAPIError(t *testing.T, h *harness, session, action, method string, ae apiError, code string, status int, msgHas ...string) {
	t.Helper()
	if ae.Code != code || ae.Status != status {
		t.Errorf("%s: Code=%q HTTP status=%d, want %q %d (message %q)", action, ae.Code, ae.Status, code, status, ae.Message)
	}
	for _, m := range msgHas {
		if !strings.Contains(ae.Message, m) {
			t.Errorf("%s: message %q does not contain %q", action, ae.Message, m)
		}
	}
	var id string
	for _, where := range slices.Sorted(maps.Keys(ae.RequestIDs)) {
		got := ae.RequestIDs[where]
		switch {
		case got == "":
			t.Errorf("%s: %s: request id is empty", action, where)
		case id == "":
			id = got
		case got != id:
			t.Errorf("%s: %s=%q, want %q like the others", action, where, got, id)
		}
	}
	if id != "" {
		checkJournal(t, h, id, session, action, method, status, code)
	}
}

// flowSet checks listed, the flow names ListFlows returned across all pages: each once, the
// fixture flows and want (in that order of creation), nothing else: flows of other sessions
// (tests running in parallel on the same server) must not show.
func flowSet(t *testing.T, listed, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, n := range listed {
		seen[n]++
		if seen[n] == 2 {
			t.Errorf("ListFlows: flow %s listed more than once", n)
		}
	}
	all := append(defaultFixtures(t).Flows(), want...)
	for _, n := range all {
		if seen[n] == 0 {
			t.Errorf("ListFlows: flow %s missing", n)
		}
	}
	for _, n := range listed {
		if !slices.Contains(all, n) {
			t.Errorf("ListFlows: flow %s listed: neither a fixture flow nor one of this session's", n)
		}
	}
	var mine []string
	for _, n := range listed {
		if slices.Contains(want, n) {
			mine = append(mine, n)
		}
	}
	if len(mine) == len(want) && !slices.Equal(mine, want) {
		t.Errorf("ListFlows: this session's flows listed in the order %v, want the order of creation %v", mine, want)
	}
}
