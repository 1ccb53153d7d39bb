package sdktest_test

// The execution life cycle through the Darabonba core's CallApi, with the request shapes of
// the generated fnf-20190315 v3 client (see resources_dara_test.go): StartExecution,
// StartSyncExecution, StopExecution and ReportTask* POST with a form body (TaskToken in the
// query), DescribeExecution, GetExecutionHistory, DescribeMapRun and UpdateMapRun GET. The
// flows, the mock file and the checks are executions_test.go's.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"

	"github.com/flowmock/flowmock/mocktest"
)

// TestDarabonbaExecutions drives the 9 execution actions (and ListExecutions of started
// executions) through CallApi, with signature V1 and V3, with signatures off and verified: the
// same life cycle as TestOldSDKExecutions, plus a start of a published version (Qualifier)
// and the documented answers of DescribeMapRun and UpdateMapRun. The test case is the
// session's (mocktest's Session.SetTestCase, PUT /_mock/sessions/{id}/test-case), not a
// header.
func TestDarabonbaExecutions(t *testing.T) {
	declareActionMatrix()
	runDaraSteps(t, daraExecSteps, func(s *mocktest.Session) { s.SetTestCase(testCase) }, withMocks(mocksFile))
}

// fe is the FlowName and ExecutionName parameters, with more name, value pairs.
func fe(flow, name string, kv ...any) map[string]any {
	m := map[string]any{"FlowName": dara.String(flow), "ExecutionName": dara.String(name)}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// start calls StartExecution (POST, form body) and returns its answer.
func (d *daraRun) start(t *testing.T, flow, name, input string, kv ...any) execution {
	t.Helper()
	var got execution
	decode(t, d.ok(t, "StartExecution", "POST", nil, fe(flow, name, append([]any{"Input", dara.String(input)}, kv...)...)), &got)
	return got
}

// poll long-polls DescribeExecution (GET, WaitTimeSeconds) until the execution is no longer
// Running; see oldRun.poll.
func (d *daraRun) poll(t *testing.T, flow, name string) execution {
	t.Helper()
	var got execution
	waitFor(t, fmt.Sprintf("%s/%s ends", flow, name), func() bool {
		decode(t, d.ok(t, "DescribeExecution", "GET", fe(flow, name, "WaitTimeSeconds", dara.Int32(5)), nil), &got)
		return got.Status != "Running"
	})
	return got
}

// history reads an execution's whole history with pages of limit events (GET, Limit and
// NextToken in the query).
func (d *daraRun) history(t *testing.T, flow, name string, limit int32) []fnf.EventsItem {
	t.Helper()
	var all []fnf.EventsItem
	d.pages(t, "GetExecutionHistory", fe(flow, name, "Limit", dara.Int32(limit)), "Events", func(b []byte) []string {
		var p struct{ Events []fnf.EventsItem }
		decode(t, b, &p)
		all = append(all, p.Events...)
		return nil
	})
	return all
}

// listExecutions returns the names of up to pages pages of ListExecutions of flow (GET), limit
// executions a page, one slice a page.
func (d *daraRun) listExecutions(t *testing.T, flow string, limit int32, pages int) [][]string {
	t.Helper()
	var out [][]string
	token := ""
	for range pages {
		q := map[string]any{"FlowName": dara.String(flow), "Limit": dara.Int32(limit)}
		if token != "" {
			q["NextToken"] = dara.String(token)
		}
		var p struct {
			NextToken  string
			Executions []execution
		}
		decode(t, d.ok(t, "ListExecutions", "GET", q, nil), &p)
		var names []string
		for _, e := range p.Executions {
			names = append(names, e.Name)
			checkTime(t, "listed "+e.Name+" StartedTime", e.StartedTime)
		}
		out = append(out, names)
		if token = p.NextToken; token == "" {
			break
		}
	}
	return out
}

// stopBody is StopExecution's form body.
func stopBody(flow, name string) map[string]any {
	return fe(flow, name, "Error", dara.String("Cancelled"), "Cause", dara.String("stopped by sdktest"))
}

// The ReportTask* parameters as the generated client sends them: TaskToken in the query, the
// rest in the form body.
func tokenQuery(token string) map[string]any { return map[string]any{"TaskToken": dara.String(token)} }

func reportOutput(output string) map[string]any { return map[string]any{"Output": dara.String(output)} }

// reportError is ReportTaskFailed's form body (read only: the tests share it).
var reportError = map[string]any{"Error": dara.String("Rejected"), "Cause": dara.String("not approved")}

// eventID decodes the EventId of a ReportTask* answer.
func eventID(t *testing.T, body []byte) int64 {
	t.Helper()
	var r struct{ EventId int64 }
	decode(t, body, &r)
	return r.EventId
}

// The map run parameters of DescribeMapRun and UpdateMapRun (GET, every parameter in the query).
func mapRunQuery(flow, name string) map[string]any {
	return fe(flow, name, "MapRunName", dara.String("map_run_1"))
}

func updateMapRunQuery(flow, name string) map[string]any {
	return fe(flow, name, "MapRunName", dara.String("map_run_1"), "Concurrency", dara.Int64(5),
		"ToleratedFailedCount", dara.Int64(1), "ToleratedFailedPercentage", dara.Float32(12.5))
}

// mapRunName is the map run the StepStarted event of a history names.
func mapRunName(t *testing.T, events []fnf.EventsItem) string {
	t.Helper()
	for _, e := range events {
		var d struct{ MapRunName string }
		if e.Type == "StepStarted" && json.Unmarshal([]byte(e.EventDetail), &d) == nil && d.MapRunName != "" {
			return d.MapRunName
		}
	}
	t.Fatalf("no StepStarted event names a map run: %+v", events)
	return ""
}

// daraExecSteps returns the execution life cycle as table rows sharing the state of one run.
func daraExecSteps() []daraStep {
	var orders, callback, stopped, approve execution // StartExecution's answers
	var token, stoppedToken string
	var mapRun string // the map run of execMap

	return []daraStep{
		{"CreateFlow execution flows", "CreateFlow", func(t *testing.T, d *daraRun) {
			for _, f := range execFlows {
				var got flowBody
				decode(t, d.ok(t, "CreateFlow", "POST", nil, map[string]any{
					"Name": dara.String(f.name), "Definition": dara.String(f.definition), "Description": dara.String("flow " + f.name),
					"Type": dara.String("FDL"), "ExecutionMode": dara.String(f.mode),
				}), &got)
				wantEq(t, f.name+" ExecutionMode", got.ExecutionMode, f.mode)
				wantEq(t, f.name+" Definition", got.Definition, f.definition)
			}
		}},
		{"StartExecution", "StartExecution", func(t *testing.T, d *daraRun) {
			orders = d.start(t, flowOrders, execOrders, inputOrders)
			checkStarted(t, orders, flowOrders, execOrders, inputOrders, ordersDefinition)
		}},
		{"DescribeExecution long poll", "DescribeExecution", func(t *testing.T, d *daraRun) {
			checkEnded(t, d.poll(t, flowOrders, execOrders), orders, "Succeeded", ordersOutput)
		}},
		{"GetExecutionHistory all pages", "GetExecutionHistory", func(t *testing.T, d *daraRun) {
			paged := d.history(t, flowOrders, execOrders, 2)
			checkHistory(t, paged, "ExecutionSucceeded")
			checkRetries(t, paged)
			checkSameEvents(t, paged, d.history(t, flowOrders, execOrders, 100))
		}},
		{"StartExecution Qualifier", "StartExecution", func(t *testing.T, d *daraRun) {
			// A published version runs as the flow does; the list shows the newest first.
			var v struct{ Version string }
			decode(t, d.ok(t, "PublishFlowVersion", "POST", nil, map[string]any{"FlowName": dara.String(flowOrders)}), &v)
			wantEq(t, "Version", v.Version, "1")
			const name = "order-v1"
			got := d.start(t, flowOrders, name, inputOrders, "Qualifier", dara.String(v.Version))
			checkStarted(t, got, flowOrders, name, inputOrders, ordersDefinition)
			checkEnded(t, d.poll(t, flowOrders, name), got, "Succeeded", ordersOutput)
			if pages := d.listExecutions(t, flowOrders, 10, 2); !reflect.DeepEqual(pages, [][]string{{name, execOrders}}) {
				t.Errorf("ListExecutions %s: %v, want [[%s %s]] (newest first)", flowOrders, pages, name, execOrders)
			}
		}},
		{"ListExecutions started first", rowListStarted, func(t *testing.T, d *daraRun) {
			d.start(t, fixtureFlow, execDemo, `{}`)
			checkListedFirst(t, d.listExecutions(t, fixtureFlow, 2, 2))
		}},
		{"StartExecution running name", rowStartRunning, func(t *testing.T, d *daraRun) {
			callback = d.start(t, flowCallback, execCallback, `{"n":1}`)
			checkStarted(t, callback, flowCallback, execCallback, `{"n":1}`, callbackDefinition)
			wantEq(t, "Status (waiting for its callback)", callback.Status, "Running")
			if again := d.start(t, flowCallback, execCallback, `{"n":2}`); again != callback {
				t.Errorf("second StartExecution of a running name:\n got %+v\nwant %+v (the running execution)", again, callback)
			}
			if got := d.listExecutions(t, flowCallback, 10, 2); !reflect.DeepEqual(got, [][]string{{execCallback}}) {
				t.Errorf("ListExecutions %s: %v, want one execution [[%s]]", flowCallback, got, execCallback)
			}
		}},
		{"ReportTaskSucceeded", "ReportTaskSucceeded", func(t *testing.T, d *daraRun) {
			token = waitingToken(t, d.h, d.session, flowCallback, execCallback)
			id := eventID(t, d.ok(t, "ReportTaskSucceeded", "POST", tokenQuery(token), reportOutput(approved)))
			checkEnded(t, d.poll(t, flowCallback, execCallback), callback, "Succeeded", approved)
			events := d.history(t, flowCallback, execCallback, 100)
			checkHistory(t, events, "ExecutionSucceeded")
			if id < 1 || id > int64(len(events)) {
				t.Errorf("EventId=%d, want an event of the history (1 to %d)", id, len(events))
			}
			if !slices.ContainsFunc(events, func(e fnf.EventsItem) bool {
				return e.Type == "TaskScheduled" && strings.Contains(e.EventDetail, token)
			}) {
				t.Errorf("no TaskScheduled event carries the token %s: %+v", token, events)
			}
		}},
		{"ReportTask used token", rowTaskAlreadyCompleted, func(t *testing.T, d *daraRun) {
			if token == "" {
				t.Fatal("ReportTaskSucceeded failed")
			}
			d.fail(t, "ReportTaskSucceeded", "POST", tokenQuery(token), reportOutput(`{}`), "TaskAlreadyCompleted", 400, token)
			d.fail(t, "ReportTaskFailed", "POST", tokenQuery(token), reportError, "TaskAlreadyCompleted", 400, token)
		}},
		{"StartExecution finished name", rowExecutionAlreadyExists, func(t *testing.T, d *daraRun) {
			for _, e := range [][2]string{{flowOrders, execOrders}, {flowCallback, execCallback}, {fixtureFlow, wantExecutions(t, fixtureFlow, nil)[0].Name}} {
				d.fail(t, "StartExecution", "POST", nil, fe(e[0], e[1], "Input", dara.String(`{}`)), "ExecutionAlreadyExists", 400, e[1])
			}
		}},
		{"StopExecution", "StopExecution", func(t *testing.T, d *daraRun) {
			stopped = d.start(t, flowCallback, execStopped, `{}`)
			stoppedToken = waitingToken(t, d.h, d.session, flowCallback, execStopped)
			var got execution
			decode(t, d.ok(t, "StopExecution", "POST", nil, stopBody(flowCallback, execStopped)), &got)
			checkEnded(t, got, stopped, "Stopped", "")
			var desc execution
			decode(t, d.ok(t, "DescribeExecution", "GET", fe(flowCallback, execStopped), nil), &desc)
			if desc != got {
				t.Errorf("DescribeExecution after StopExecution:\n got %+v\nwant %+v (StopExecution's answer)", desc, got)
			}
			events := d.history(t, flowCallback, execStopped, 100)
			checkHistory(t, events, "ExecutionStopped")
			if last := events[len(events)-1]; !strings.Contains(last.EventDetail, "Cancelled") {
				t.Errorf("ExecutionStopped: EventDetail %s does not carry the Error given (Cancelled)", last.EventDetail)
			}
		}},
		{"StopExecution ended", rowExecutionAlreadyCompleted, func(t *testing.T, d *daraRun) {
			for _, name := range []string{execStopped, execCallback} {
				d.fail(t, "StopExecution", "POST", nil, stopBody(flowCallback, name), "ExecutionAlreadyCompleted", 400, name)
			}
		}},
		{"ReportTask of a stopped execution", rowTaskInvalidState, func(t *testing.T, d *daraRun) {
			if stoppedToken == "" {
				t.Fatal("StopExecution failed")
			}
			d.fail(t, "ReportTaskFailed", "POST", tokenQuery(stoppedToken), reportError, "TaskInvalidState", 409)
		}},
		{"unknown execution", rowExecutionNotExists, func(t *testing.T, d *daraRun) {
			d.fail(t, "DescribeExecution", "GET", fe(flowOrders, execUnknown), nil, "ExecutionNotExists", 404, execUnknown)
			d.fail(t, "StopExecution", "POST", nil, stopBody(flowOrders, execUnknown), "ExecutionNotExists", 404, execUnknown)
			d.fail(t, "GetExecutionHistory", "GET", fe(flowOrders, execUnknown, "Limit", dara.Int32(10)), nil, "ExecutionNotExists", 404, execUnknown)
			d.fail(t, "DescribeMapRun", "GET", mapRunQuery(flowOrders, execUnknown), nil, "ExecutionNotExists", 404, execUnknown)
			d.fail(t, "UpdateMapRun", "GET", updateMapRunQuery(flowOrders, execUnknown), nil, "ExecutionNotExists", 404, execUnknown)
		}},
		{"ReportTaskFailed", "ReportTaskFailed", func(t *testing.T, d *daraRun) {
			approve = d.start(t, flowApprove, execApprove, `{"amount":7}`)
			checkStarted(t, approve, flowApprove, execApprove, `{"amount":7}`, approveDefinition)
			tok := waitingToken(t, d.h, d.session, flowApprove, execApprove)
			id := eventID(t, d.ok(t, "ReportTaskFailed", "POST", tokenQuery(tok), reportError))
			checkEnded(t, d.poll(t, flowApprove, execApprove), approve, "Failed", "")
			events := d.history(t, flowApprove, execApprove, 3)
			checkHistory(t, events, "ExecutionFailed")
			if id < 1 || id > int64(len(events)) {
				t.Errorf("EventId=%d, want an event of the history (1 to %d)", id, len(events))
			}
			if last := events[len(events)-1]; !strings.Contains(last.EventDetail, "Rejected") || !strings.Contains(last.EventDetail, "not approved") {
				t.Errorf("ExecutionFailed: EventDetail %s does not carry the reported Error and Cause", last.EventDetail)
			}
		}},
		{"DescribeMapRun", "DescribeMapRun", func(t *testing.T, d *daraRun) {
			// An execution without a distributed Map has no map runs.
			d.fail(t, "DescribeMapRun", "GET", mapRunQuery(flowOrders, execOrders), nil, "InvalidArgument", 400, "MapRunName", "map_run_1")
			started := d.start(t, flowMap, execMap, inputMap)
			checkEnded(t, d.poll(t, flowMap, execMap), started, "Succeeded", `{"Items":[{"n":1},{"n":2},{"n":3}]}`)
			mapRun = mapRunName(t, d.history(t, flowMap, execMap, 100))
			var got struct {
				ExecutionName, MapRunName, Status, StartedTime, StoppedTime string
				Concurrency, ToleratedFailedCount                           int64
				ItemCounts                                                  struct{ Total, Pending, Running, Succeed, Failed, Aborted int64 }
			}
			decode(t, d.ok(t, "DescribeMapRun", "GET", fe(flowMap, execMap, "MapRunName", dara.String(mapRun)), nil), &got)
			wantEq(t, "Status", got.Status, "Succeeded")
			wantEq(t, "MapRunName", got.MapRunName, mapRun)
			wantEq(t, "ExecutionName", got.ExecutionName, execMap)
			wantEq(t, "Concurrency", got.Concurrency, 2)
			wantEq(t, "ToleratedFailedCount", got.ToleratedFailedCount, 1)
			wantEq(t, "ItemCounts.Total", got.ItemCounts.Total, 3)
			wantEq(t, "ItemCounts.Succeed", got.ItemCounts.Succeed, 3)
			checkTime(t, "StartedTime", got.StartedTime)
			checkTime(t, "StoppedTime", got.StoppedTime)
		}},
		{"UpdateMapRun", "UpdateMapRun", func(t *testing.T, d *daraRun) {
			d.fail(t, "UpdateMapRun", "GET", updateMapRunQuery(flowOrders, execOrders), nil, "InvalidArgument", 400, "MapRunName", "map_run_1")
			if mapRun == "" {
				t.Fatal("DescribeMapRun failed")
			}
			var got struct {
				FlowName, ExecutionName, MapRunName string
				Concurrency, ToleratedFailedCount   int64
				ToleratedFailedPercentage           float32
			}
			q := updateMapRunQuery(flowMap, execMap)
			q["MapRunName"] = dara.String(mapRun)
			decode(t, d.ok(t, "UpdateMapRun", "GET", q, nil), &got)
			wantEq(t, "FlowName", got.FlowName, flowMap)
			wantEq(t, "Concurrency", got.Concurrency, 5)
			wantEq(t, "ToleratedFailedPercentage", got.ToleratedFailedPercentage, 12.5)
		}},
		{"ListExecutions MapRunName", "ListExecutions", func(t *testing.T, d *daraRun) {
			if mapRun == "" {
				t.Fatal("DescribeMapRun failed")
			}
			var names []string
			d.pages(t, "ListExecutions", map[string]any{"FlowName": dara.String(flowMap), "MapRunName": dara.String(mapRun), "Limit": dara.Int32(2)}, "Executions", func(b []byte) []string {
				var p struct{ Executions []execution }
				decode(t, b, &p)
				for _, e := range p.Executions {
					names = append(names, e.Name)
				}
				return nil
			})
			slices.Sort(names)
			want := []string{mapRun + "-0", mapRun + "-1", mapRun + "-2"}
			if !slices.Equal(names, want) {
				t.Errorf("ListExecutions MapRunName: %v, want %v", names, want)
			}
		}},
		{"StartSyncExecution Express", "StartSyncExecution", func(t *testing.T, d *daraRun) {
			var got struct {
				Name, FlowName, Status, Output, ErrorCode, ErrorMessage, StartedTime, StoppedTime string
			}
			decode(t, d.ok(t, "StartSyncExecution", "POST", nil, fe(flowExpress, execSync, "Input", dara.String(`{"name":"sdk"}`))), &got)
			wantEq(t, "Status", got.Status, "Succeeded")
			wantEq(t, "FlowName", got.FlowName, flowExpress)
			if !strings.HasPrefix(got.Name, execSync) {
				t.Errorf("Name=%q, want the ExecutionName given (%s) first", got.Name, execSync)
			}
			jsonEq(t, "Output", got.Output, expressOutput)
			wantEq(t, "ErrorCode", got.ErrorCode, "")
			checkTime(t, "StartedTime", got.StartedTime)
			checkTime(t, "StoppedTime", got.StoppedTime)
		}},
		{"StartSyncExecution Standard", rowSyncStandard, func(t *testing.T, d *daraRun) {
			var got struct{ FlowName, Output, ErrorCode, ErrorMessage string }
			decode(t, d.ok(t, "StartSyncExecution", "POST", nil, fe(flowOrders, "sync-standard", "Input", dara.String(`{}`))), &got)
			wantEq(t, "ErrorCode", got.ErrorCode, "ActionNotSupported")
			wantEq(t, "ErrorMessage", got.ErrorMessage, "Standard execution is not supported")
			wantEq(t, "FlowName", got.FlowName, flowOrders)
			wantEq(t, "Output", got.Output, "")
		}},
		{"ReportTaskSucceeded old-dialect worker", "ReportTaskSucceeded", func(t *testing.T, d *daraRun) {
			started := d.start(t, flowWorker, execWorker, inputWorker)
			checkStarted(t, started, flowWorker, execWorker, inputWorker, workerDefinition)
			var token string
			waitFor(t, "the history hands the worker its token", func() bool {
				token = workerToken(t, d.history(t, flowWorker, execWorker, 100))
				return token != ""
			})
			checkWorkerToken(t, d.h, d.session, token)
			d.ok(t, "ReportTaskSucceeded", "POST", tokenQuery(token), reportOutput(workerResult))
			checkEnded(t, d.poll(t, flowWorker, execWorker), started, "Succeeded", workerResult)
			checkHistory(t, d.history(t, flowWorker, execWorker, 100), "ExecutionSucceeded")
		}},
	}
}
