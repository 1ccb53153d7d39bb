package sdktest_test

// The execution life cycle through the old Go SDK (services/fnf); what every client's life cycle
// shares is in executions_shared_test.go.

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"

	"github.com/flowmock/flowmock/mock"
)

// --- old Go SDK ---

// TestOldSDKExecutions drives the old Go SDK's execution actions through fnf.Client, with the
// SDK's own methods and with every request POST, with signatures off and verified: executions
// started, long-polled to their end, their histories paged, listed, stopped, completed by
// ReportTaskSucceeded and ReportTaskFailed, run synchronously, and their documented errors as
// *errors.ServerError. The test case comes with each start, in the X-Mock-Test-Case header.
func TestOldSDKExecutions(t *testing.T) {
	declareActionMatrix()
	runOldSDK(t, oldExecutions, withMocks(mocksFile))
}

// oldExecution is an execution as the old SDK's StartExecution, DescribeExecution and
// StopExecution answer it.
func oldExecution(name, flow, def, input, output, status, started, stopped string) execution {
	return execution{Name: name, FlowName: flow, FlowDefinition: def, Input: input, Output: output,
		Status: status, StartedTime: started, StoppedTime: stopped}
}

// start calls StartExecution with the session's test case in X-Mock-Test-Case.
func (o *oldRun) start(t *testing.T, flow, name, input string) execution {
	t.Helper()
	req := fnf.CreateStartExecutionRequest()
	o.prep(req.RpcRequest)
	req.Headers[mock.HeaderTestCase] = testCase
	req.FlowName, req.ExecutionName, req.Input = flow, name, input
	resp, err := o.c.StartExecution(req)
	o.ok(t, "StartExecution", req, resp, err, resp.RequestId)
	return oldExecution(resp.Name, resp.FlowName, resp.FlowDefinition, resp.Input, resp.Output, resp.Status, resp.StartedTime, resp.StoppedTime)
}

// startFails calls StartExecution and wants the typed error code, status.
func (o *oldRun) startFails(t *testing.T, flow, name, code string, status int, msgHas ...string) {
	t.Helper()
	req := fnf.CreateStartExecutionRequest()
	o.prep(req.RpcRequest)
	req.Headers[mock.HeaderTestCase] = testCase
	req.FlowName, req.ExecutionName, req.Input = flow, name, `{}`
	_, err := o.c.StartExecution(req)
	o.fail(t, "StartExecution", req, err, code, status, msgHas...)
}

// describe calls DescribeExecution, long-polling up to wait seconds.
func (o *oldRun) describe(flow, name string, wait int) (*fnf.DescribeExecutionRequest, *fnf.DescribeExecutionResponse, error) {
	req := fnf.CreateDescribeExecutionRequest()
	o.prep(req.RpcRequest)
	req.FlowName, req.ExecutionName, req.WaitTimeSeconds = flow, name, requests.NewInteger(wait)
	resp, err := o.c.DescribeExecution(req)
	return req, resp, err
}

// poll long-polls DescribeExecution (WaitTimeSeconds) until the execution is no longer
// Running. At clock scale 0 a long poll's wait takes no time, so it may answer Running while
// the execution is still under way: poll asks again until it ends.
func (o *oldRun) poll(t *testing.T, flow, name string) execution {
	t.Helper()
	var got execution
	waitFor(t, fmt.Sprintf("%s/%s ends", flow, name), func() bool {
		req, resp, err := o.describe(flow, name, 5)
		o.ok(t, "DescribeExecution", req, resp, err, resp.RequestId)
		got = oldExecution(resp.Name, resp.FlowName, resp.FlowDefinition, resp.Input, resp.Output, resp.Status, resp.StartedTime, resp.StoppedTime)
		return got.Status != "Running"
	})
	return got
}

// history reads an execution's whole history with pages of limit events, following NextToken.
func (o *oldRun) history(t *testing.T, flow, name string, limit int) []fnf.EventsItem {
	t.Helper()
	return followPages(t, "GetExecutionHistory", func(n int, token string) ([]fnf.EventsItem, string) {
		req := fnf.CreateGetExecutionHistoryRequest()
		o.prep(req.RpcRequest)
		req.FlowName, req.ExecutionName, req.Limit, req.NextToken = flow, name, requests.NewInteger(limit), token
		resp, err := o.c.GetExecutionHistory(req)
		o.ok(t, "GetExecutionHistory", req, resp, err, resp.RequestId)
		if len(resp.Events) > limit {
			t.Errorf("GetExecutionHistory page %d: %d events, want at most Limit=%d", n, len(resp.Events), limit)
		}
		return resp.Events, resp.NextToken
	})
}

// listExecutions returns the names of up to pages pages of ListExecutions of flow, limit
// executions a page, one slice a page.
func (o *oldRun) listExecutions(t *testing.T, flow string, limit, pages int) [][]string {
	t.Helper()
	var out [][]string
	token := ""
	for range pages {
		req := fnf.CreateListExecutionsRequest()
		o.prep(req.RpcRequest)
		req.FlowName, req.Limit, req.NextToken = flow, requests.NewInteger(limit), token
		resp, err := o.c.ListExecutions(req)
		o.ok(t, "ListExecutions", req, resp, err, resp.RequestId)
		var names []string
		for _, e := range resp.Executions {
			names = append(names, e.Name)
			checkTime(t, "listed "+e.Name+" StartedTime", e.StartedTime)
		}
		out = append(out, names)
		if token = resp.NextToken; token == "" {
			break
		}
	}
	return out
}

// stop calls StopExecution.
func (o *oldRun) stop(flow, name string) (*fnf.StopExecutionRequest, *fnf.StopExecutionResponse, error) {
	req := fnf.CreateStopExecutionRequest()
	o.prep(req.RpcRequest)
	req.FlowName, req.ExecutionName, req.Error, req.Cause = flow, name, "Cancelled", "stopped by sdktest"
	resp, err := o.c.StopExecution(req)
	return req, resp, err
}

func (o *oldRun) reportSucceeded(token, output string) (*fnf.ReportTaskSucceededRequest, *fnf.ReportTaskSucceededResponse, error) {
	req := fnf.CreateReportTaskSucceededRequest()
	o.prep(req.RpcRequest)
	req.TaskToken, req.Output = token, output
	resp, err := o.c.ReportTaskSucceeded(req)
	return req, resp, err
}

func (o *oldRun) reportFailed(token string) (*fnf.ReportTaskFailedRequest, *fnf.ReportTaskFailedResponse, error) {
	req := fnf.CreateReportTaskFailedRequest()
	o.prep(req.RpcRequest)
	req.TaskToken, req.Error, req.Cause = token, "Rejected", "not approved"
	resp, err := o.c.ReportTaskFailed(req)
	return req, resp, err
}

// startSync calls StartSyncExecution with the test case in X-Mock-Test-Case.
func (o *oldRun) startSync(t *testing.T, flow, name, input string) *fnf.StartSyncExecutionResponse {
	t.Helper()
	req := fnf.CreateStartSyncExecutionRequest()
	o.prep(req.RpcRequest)
	req.Headers[mock.HeaderTestCase] = testCase
	req.FlowName, req.ExecutionName, req.Input = flow, name, input
	resp, err := o.c.StartSyncExecution(req)
	o.ok(t, "StartSyncExecution", req, resp, err, resp.RequestId)
	return resp
}

func oldExecutions(t *testing.T, o *oldRun, column string) {
	var orders, callback, stopped, approve execution // StartExecution's answers
	var token, stoppedToken string

	step(t, column, "CreateFlow", "CreateFlow execution flows", func(t *testing.T) {
		for _, f := range execFlows {
			req := fnf.CreateCreateFlowRequest()
			o.prep(req.RpcRequest)
			req.Name, req.Definition, req.Description, req.Type, req.ExecutionMode = f.name, f.definition, "flow "+f.name, "FDL", f.mode
			resp, err := o.c.CreateFlow(req)
			o.ok(t, "CreateFlow", req, resp, err, resp.RequestId)
			wantEq(t, f.name+" ExecutionMode", resp.ExecutionMode, f.mode)
			wantEq(t, f.name+" Definition", resp.Definition, f.definition)
		}
	})
	step(t, column, "StartExecution", "StartExecution", func(t *testing.T) {
		orders = o.start(t, flowOrders, execOrders, inputOrders)
		checkStarted(t, orders, flowOrders, execOrders, inputOrders, ordersDefinition)
	})
	step(t, column, "DescribeExecution", "DescribeExecution long poll", func(t *testing.T) {
		checkEnded(t, o.poll(t, flowOrders, execOrders), orders, "Succeeded", ordersOutput)
	})
	step(t, column, "GetExecutionHistory", "GetExecutionHistory all pages", func(t *testing.T) {
		paged := o.history(t, flowOrders, execOrders, 2)
		checkHistory(t, paged, "ExecutionSucceeded")
		checkRetries(t, paged)
		checkSameEvents(t, paged, o.history(t, flowOrders, execOrders, 100))
	})
	step(t, column, rowListStarted, "ListExecutions started first", func(t *testing.T) {
		if got := o.listExecutions(t, flowOrders, 10, 2); !reflect.DeepEqual(got, [][]string{{execOrders}}) {
			t.Errorf("ListExecutions %s: %v, want [[%s]]", flowOrders, got, execOrders)
		}
		o.start(t, fixtureFlow, execDemo, `{}`)
		checkListedFirst(t, o.listExecutions(t, fixtureFlow, 2, 2))
	})
	step(t, column, rowStartRunning, "StartExecution running name", func(t *testing.T) {
		callback = o.start(t, flowCallback, execCallback, `{"n":1}`)
		checkStarted(t, callback, flowCallback, execCallback, `{"n":1}`, callbackDefinition)
		wantEq(t, "Status (waiting for its callback)", callback.Status, "Running")
		// The same name again, with another input: the running execution, as it is.
		again := o.start(t, flowCallback, execCallback, `{"n":2}`)
		if again != callback {
			t.Errorf("second StartExecution of a running name:\n got %+v\nwant %+v (the running execution)", again, callback)
		}
		if got := o.listExecutions(t, flowCallback, 10, 2); !reflect.DeepEqual(got, [][]string{{execCallback}}) {
			t.Errorf("ListExecutions %s: %v, want one execution [[%s]]", flowCallback, got, execCallback)
		}
	})
	step(t, column, "ReportTaskSucceeded", "ReportTaskSucceeded", func(t *testing.T) {
		token = waitingToken(t, o.h, o.session, flowCallback, execCallback)
		req, resp, err := o.reportSucceeded(token, approved)
		o.ok(t, "ReportTaskSucceeded", req, resp, err, resp.RequestId)
		checkEnded(t, o.poll(t, flowCallback, execCallback), callback, "Succeeded", approved)
		events := o.history(t, flowCallback, execCallback, 100)
		checkHistory(t, events, "ExecutionSucceeded")
		if resp.EventId < 1 || resp.EventId > int64(len(events)) {
			t.Errorf("EventId=%d, want an event of the history (1 to %d)", resp.EventId, len(events))
		}
		// The token is the one the task's TaskScheduled event carries.
		if !slices.ContainsFunc(events, func(e fnf.EventsItem) bool {
			return e.Type == "TaskScheduled" && strings.Contains(e.EventDetail, token)
		}) {
			t.Errorf("no TaskScheduled event carries the token %s: %+v", token, events)
		}
	})
	step(t, column, rowTaskAlreadyCompleted, "ReportTask used token", func(t *testing.T) {
		if token == "" {
			t.Fatal("ReportTaskSucceeded failed")
		}
		req, _, err := o.reportSucceeded(token, `{}`)
		o.fail(t, "ReportTaskSucceeded", req, err, "TaskAlreadyCompleted", 400, token)
		freq, _, err := o.reportFailed(token)
		o.fail(t, "ReportTaskFailed", freq, err, "TaskAlreadyCompleted", 400, token)
	})
	step(t, column, rowExecutionAlreadyExists, "StartExecution finished name", func(t *testing.T) {
		o.startFails(t, flowOrders, execOrders, "ExecutionAlreadyExists", 400, execOrders)
		o.startFails(t, flowCallback, execCallback, "ExecutionAlreadyExists", 400, execCallback)
		// A name of the fixture flow's history.
		name := wantExecutions(t, fixtureFlow, nil)[0].Name
		o.startFails(t, fixtureFlow, name, "ExecutionAlreadyExists", 400, name)
	})
	step(t, column, "StopExecution", "StopExecution", func(t *testing.T) {
		stopped = o.start(t, flowCallback, execStopped, `{}`)
		stoppedToken = waitingToken(t, o.h, o.session, flowCallback, execStopped)
		req, resp, err := o.stop(flowCallback, execStopped)
		o.ok(t, "StopExecution", req, resp, err, resp.RequestId)
		got := oldExecution(resp.Name, resp.FlowName, resp.FlowDefinition, resp.Input, resp.Output, resp.Status, resp.StartedTime, resp.StoppedTime)
		checkEnded(t, got, stopped, "Stopped", "")
		dreq, d, err := o.describe(flowCallback, execStopped, 0)
		o.ok(t, "DescribeExecution", dreq, d, err, d.RequestId)
		wantEq(t, "DescribeExecution after StopExecution: Status", d.Status, "Stopped")
		wantEq(t, "DescribeExecution after StopExecution: StoppedTime", d.StoppedTime, resp.StoppedTime)
		events := o.history(t, flowCallback, execStopped, 100)
		checkHistory(t, events, "ExecutionStopped")
		if last := events[len(events)-1]; !strings.Contains(last.EventDetail, "Cancelled") {
			t.Errorf("ExecutionStopped: EventDetail %s does not carry the Error given (Cancelled)", last.EventDetail)
		}
	})
	step(t, column, rowExecutionAlreadyCompleted, "StopExecution ended", func(t *testing.T) {
		for _, name := range []string{execStopped, execCallback} {
			req, _, err := o.stop(flowCallback, name)
			o.fail(t, "StopExecution", req, err, "ExecutionAlreadyCompleted", 400, name)
		}
	})
	step(t, column, rowTaskInvalidState, "ReportTask of a stopped execution", func(t *testing.T) {
		if stoppedToken == "" {
			t.Fatal("StopExecution failed")
		}
		req, _, err := o.reportSucceeded(stoppedToken, `{}`)
		o.fail(t, "ReportTaskSucceeded", req, err, "TaskInvalidState", 409)
	})
	step(t, column, rowExecutionNotExists, "unknown execution", func(t *testing.T) {
		dreq, _, err := o.describe(flowOrders, execUnknown, 0)
		o.fail(t, "DescribeExecution", dreq, err, "ExecutionNotExists", 404, execUnknown)
		sreq, _, err := o.stop(flowOrders, execUnknown)
		o.fail(t, "StopExecution", sreq, err, "ExecutionNotExists", 404, execUnknown)
		hreq := fnf.CreateGetExecutionHistoryRequest()
		o.prep(hreq.RpcRequest)
		hreq.FlowName, hreq.ExecutionName = flowOrders, execUnknown
		_, err = o.c.GetExecutionHistory(hreq)
		o.fail(t, "GetExecutionHistory", hreq, err, "ExecutionNotExists", 404, execUnknown)
	})
	step(t, column, "ReportTaskFailed", "ReportTaskFailed", func(t *testing.T) {
		approve = o.start(t, flowApprove, execApprove, `{"amount":7}`)
		checkStarted(t, approve, flowApprove, execApprove, `{"amount":7}`, approveDefinition)
		tok := waitingToken(t, o.h, o.session, flowApprove, execApprove)
		req, resp, err := o.reportFailed(tok)
		o.ok(t, "ReportTaskFailed", req, resp, err, resp.RequestId)
		checkEnded(t, o.poll(t, flowApprove, execApprove), approve, "Failed", "")
		events := o.history(t, flowApprove, execApprove, 3)
		checkHistory(t, events, "ExecutionFailed")
		if resp.EventId < 1 || resp.EventId > int64(len(events)) {
			t.Errorf("EventId=%d, want an event of the history (1 to %d)", resp.EventId, len(events))
		}
		if last := events[len(events)-1]; !strings.Contains(last.EventDetail, "Rejected") || !strings.Contains(last.EventDetail, "not approved") {
			t.Errorf("ExecutionFailed: EventDetail %s does not carry the reported Error and Cause", last.EventDetail)
		}
	})
	step(t, column, "StartSyncExecution", "StartSyncExecution Express", func(t *testing.T) {
		resp := o.startSync(t, flowExpress, execSync, `{"name":"sdk"}`)
		wantEq(t, "Status", resp.Status, "Succeeded")
		wantEq(t, "FlowName", resp.FlowName, flowExpress)
		if !strings.HasPrefix(resp.Name, execSync) {
			t.Errorf("Name=%q, want the ExecutionName given (%s) first", resp.Name, execSync)
		}
		jsonEq(t, "Output", resp.Output, expressOutput)
		wantEq(t, "ErrorCode", resp.ErrorCode, "")
		checkTime(t, "StartedTime", resp.StartedTime)
		checkTime(t, "StoppedTime", resp.StoppedTime)
	})
	step(t, column, rowSyncStandard, "StartSyncExecution Standard", func(t *testing.T) {
		resp := o.startSync(t, flowOrders, "sync-standard", `{}`)
		wantEq(t, "ErrorCode", resp.ErrorCode, "ActionNotSupported")
		wantEq(t, "ErrorMessage", resp.ErrorMessage, "Standard execution is not supported")
		wantEq(t, "FlowName", resp.FlowName, flowOrders)
		wantEq(t, "Output", resp.Output, "")
	})
	step(t, column, "ReportTaskSucceeded", "ReportTaskSucceeded old-dialect worker", func(t *testing.T) {
		started := o.start(t, flowWorker, execWorker, inputWorker)
		checkStarted(t, started, flowWorker, execWorker, inputWorker, workerDefinition)
		var token string
		waitFor(t, "the history hands the worker its token", func() bool {
			token = workerToken(t, o.history(t, flowWorker, execWorker, 100))
			return token != ""
		})
		checkWorkerToken(t, o.h, o.session, token)
		req, resp, err := o.reportSucceeded(token, workerResult)
		o.ok(t, "ReportTaskSucceeded", req, resp, err, resp.RequestId)
		checkEnded(t, o.poll(t, flowWorker, execWorker), started, "Succeeded", workerResult)
		checkHistory(t, o.history(t, flowWorker, execWorker, 100), "ExecutionSucceeded")
	})
}
