package sdktest_test

// The resource life cycle through the old Go SDK (services/fnf). What every client's life cycle
// shares is in resources_shared_test.go; the execution life cycles are in executions_test.go (old
// SDK) and executions_dara_test.go; the Darabonba table of the resource actions is in
// resources_dara_test.go (together with executions_dara_test.go, all 29 actions), the Node life
// cycles in node/resources.test.js.

import (
	"net/http"
	"slices"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"

	"github.com/flowmock/flowmock/mock"
)

// --- old Go SDK ---

// oldStyle is how the old SDK's requests are sent.
type oldStyle struct {
	name   string // the matrix column, before the auth mode
	method string // "" keeps the method the SDK sets for each action (reads GET, writes POST)
}

var oldStyles = []oldStyle{
	{name: "go-old"},
	{name: "go-old POST", method: requests.POST}, // every action POST, as ListExecutions in the conformance matrix
}

// oldRun is one life cycle through the old SDK: its client, its session on a shared server.
type oldRun struct {
	h       *harness
	c       *fnf.Client
	method  string
	session string
}

// prep sets the method (when the style forces one) and the session header of a request.
func (o *oldRun) prep(r *requests.RpcRequest) {
	if o.method != "" {
		r.Method = o.method
	}
	r.Headers[mock.HeaderSession] = o.session
}

// ok checks a successful answer of action to req: status 200, the request id in the body and
// the x-acs-request-id header, the server's record, and the raw body against the contract.
func (o *oldRun) ok(t *testing.T, action string, req requests.AcsRequest, resp responses.AcsResponse, err error, requestID string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	wantEq(t, action+" HTTP status", resp.GetHttpStatus(), http.StatusOK)
	if requestID == "" {
		t.Errorf("%s: RequestId is empty", action)
	}
	wantEq(t, action+" x-acs-request-id", http.Header(resp.GetHttpHeaders()).Get("x-acs-request-id"), requestID)
	checkJournal(t, o.h, requestID, o.session, action, req.GetMethod(), http.StatusOK, "")
	checkContract(t, action, resp.GetHttpContentBytes())
}

// fail wants err to be the SDK's typed error (*errors.ServerError) for code and status.
func (o *oldRun) fail(t *testing.T, action string, req requests.AcsRequest, err error, code string, status int, msgHas ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s succeeded, want %s (HTTP %d)", action, code, status)
	}
	ae, ok := (&oldSDK{}).apiError(err)
	if !ok {
		t.Fatalf("%s: error is %T, not the SDK's typed error *errors.ServerError: %v", action, err, err)
	}
	checkAPIError(t, o.h, o.session, action, req.GetMethod(), ae, code, status, msgHas...)
}

func (o *oldRun) createFlow(name, def string) (*fnf.CreateFlowRequest, *fnf.CreateFlowResponse, error) {
	req := fnf.CreateCreateFlowRequest()
	o.prep(req.RpcRequest)
	req.Name, req.Definition, req.Description, req.Type, req.RoleArn = name, def, "flow "+name, "FDL", testRole
	req.ExternalStorageLocation = testStorage
	resp, err := o.c.CreateFlow(req)
	return req, resp, err
}

func (o *oldRun) describeFlow(name string) (*fnf.DescribeFlowRequest, *fnf.DescribeFlowResponse, error) {
	req := fnf.CreateDescribeFlowRequest()
	o.prep(req.RpcRequest)
	req.Name = name
	resp, err := o.c.DescribeFlow(req)
	return req, resp, err
}

func (o *oldRun) createSchedule(flow, name, cron string, enable bool) (*fnf.CreateScheduleRequest, *fnf.CreateScheduleResponse, error) {
	req := fnf.CreateCreateScheduleRequest()
	o.prep(req.RpcRequest)
	req.FlowName, req.ScheduleName, req.CronExpression = flow, name, cron
	req.Description, req.Payload, req.Enable = "schedule "+name, `{"key":"value"}`, requests.NewBoolean(enable)
	resp, err := o.c.CreateSchedule(req)
	return req, resp, err
}

func (o *oldRun) describeSchedule(flow, name string) (*fnf.DescribeScheduleRequest, *fnf.DescribeScheduleResponse, error) {
	req := fnf.CreateDescribeScheduleRequest()
	o.prep(req.RpcRequest)
	req.FlowName, req.ScheduleName = flow, name
	resp, err := o.c.DescribeSchedule(req)
	return req, resp, err
}

// listFlows follows NextToken from the first page to the last, limit flows a page.
func (o *oldRun) listFlows(t *testing.T, limit int) []fnf.FlowsItem {
	t.Helper()
	return followPages(t, "ListFlows", func(n int, token string) ([]fnf.FlowsItem, string) {
		req := fnf.CreateListFlowsRequest()
		o.prep(req.RpcRequest)
		req.Limit, req.NextToken = requests.NewInteger(limit), token
		resp, err := o.c.ListFlows(req)
		o.ok(t, "ListFlows", req, resp, err, resp.RequestId)
		if len(resp.Flows) > limit {
			t.Errorf("ListFlows page %d: %d flows, want at most Limit=%d", n, len(resp.Flows), limit)
		}
		return resp.Flows, resp.NextToken
	})
}

// listSchedules follows NextToken from the first page to the last, limit schedules a page.
func (o *oldRun) listSchedules(t *testing.T, flow string, limit int) []fnf.SchedulesItem {
	t.Helper()
	return followPages(t, "ListSchedules", func(n int, token string) ([]fnf.SchedulesItem, string) {
		req := fnf.CreateListSchedulesRequest()
		o.prep(req.RpcRequest)
		req.FlowName, req.Limit, req.NextToken = flow, requests.NewInteger(limit), token
		resp, err := o.c.ListSchedules(req)
		o.ok(t, "ListSchedules", req, resp, err, resp.RequestId)
		if len(resp.Schedules) > limit {
			t.Errorf("ListSchedules page %d: %d schedules, want at most Limit=%d", n, len(resp.Schedules), limit)
		}
		return resp.Schedules, resp.NextToken
	})
}

// TestOldSDKLifecycle drives the resource actions of the old Go SDK through fnf.Client, in a
// valid order, with the SDK's own methods and with every request POST, with signatures off
// and verified: flows and schedules from creation to deletion, their documented errors as
// *errors.ServerError, and ListExecutions of a created flow. Both styles share one server per
// auth mode, each in its own X-Mock-Session, and create flows of the same names: the sessions
// must not see each other. The SDK's execution actions are TestOldSDKExecutions'.
func TestOldSDKLifecycle(t *testing.T) {
	declareActionMatrix()
	runOldSDK(t, oldLifecycle)
}

func oldLifecycle(t *testing.T, o *oldRun, column string) {
	const (
		flowA, flowB, flowC = "sdk_flow_a", "sdk_flow_b", "sdk_flow_c"
		sched1, sched2      = "every_minute", "disabled"
	)
	defA, defA2 := definition(flowA, "Hello"), definition(flowA, "Goodbye")
	var created *fnf.CreateFlowResponse
	var createdSched *fnf.CreateScheduleResponse

	step(t, column, "CreateFlow", "CreateFlow", func(t *testing.T) {
		req, resp, err := o.createFlow(flowA, defA)
		o.ok(t, "CreateFlow", req, resp, err, resp.RequestId)
		created = resp
		wantEq(t, "Name", resp.Name, flowA)
		if resp.Id == "" {
			t.Errorf("Id is empty")
		}
		wantEq(t, "Type", resp.Type, "FDL")
		wantEq(t, "Definition", resp.Definition, defA)
		wantEq(t, "Description", resp.Description, "flow "+flowA)
		wantEq(t, "RoleArn", resp.RoleArn, testRole)
		wantEq(t, "ExternalStorageLocation", resp.ExternalStorageLocation, testStorage)
		wantEq(t, "ExecutionMode", resp.ExecutionMode, "Standard")
		checkTime(t, "CreatedTime", resp.CreatedTime)
		wantEq(t, "LastModifiedTime", resp.LastModifiedTime, resp.CreatedTime)
		ids := map[string]bool{resp.Id: true}
		for _, name := range []string{flowB, flowC} {
			req, resp, err := o.createFlow(name, definition(name, "Hello"))
			o.ok(t, "CreateFlow", req, resp, err, resp.RequestId)
			wantEq(t, "Name", resp.Name, name)
			if ids[resp.Id] {
				t.Errorf("flow %s: Id %q is another flow's", name, resp.Id)
			}
			ids[resp.Id] = true
		}
	})
	step(t, column, rowFlowAlreadyExists, "CreateFlow existing", func(t *testing.T) {
		req, _, err := o.createFlow(flowA, defA)
		o.fail(t, "CreateFlow", req, err, "FlowAlreadyExists", 409, flowA)
	})
	step(t, column, rowBadDefinition, "CreateFlow bad definition", func(t *testing.T) {
		// No StartAt, no States.
		req, _, err := o.createFlow("sdk_flow_bad", "Type: StateMachine\nSpecVersion: v1\nName: sdk_flow_bad\n")
		o.fail(t, "CreateFlow", req, err, "InvalidArgument", 400, "Definition")
		// A definition named after another flow.
		req, _, err = o.createFlow("sdk_flow_bad", definition("other_flow", "Hello"))
		o.fail(t, "CreateFlow", req, err, "InvalidArgument", 400, "Definition")
		// Neither was created.
		dreq, _, err := o.describeFlow("sdk_flow_bad")
		o.fail(t, "DescribeFlow", dreq, err, "FlowNotExists", 404)
	})
	step(t, column, "DescribeFlow", "DescribeFlow", func(t *testing.T) {
		req, resp, err := o.describeFlow(flowA)
		o.ok(t, "DescribeFlow", req, resp, err, resp.RequestId)
		if created == nil {
			t.Fatalf("CreateFlow failed")
		}
		got := fnf.FlowsItem{Name: resp.Name, Id: resp.Id, Type: resp.Type, Definition: resp.Definition, Description: resp.Description,
			RoleArn: resp.RoleArn, ExecutionMode: resp.ExecutionMode, ExternalStorageLocation: resp.ExternalStorageLocation,
			CreatedTime: resp.CreatedTime, LastModifiedTime: resp.LastModifiedTime}
		want := fnf.FlowsItem{Name: created.Name, Id: created.Id, Type: created.Type, Definition: created.Definition, Description: created.Description,
			RoleArn: created.RoleArn, ExecutionMode: created.ExecutionMode, ExternalStorageLocation: created.ExternalStorageLocation,
			CreatedTime: created.CreatedTime, LastModifiedTime: created.LastModifiedTime}
		if got != want {
			t.Errorf("DescribeFlow:\n got %+v\nwant %+v (CreateFlow's answer)", got, want)
		}
	})
	step(t, column, "ListFlows", "ListFlows all pages", func(t *testing.T) {
		flows := o.listFlows(t, 2)
		var names []string
		for _, f := range flows {
			names = append(names, f.Name)
			if f.Name == flowA && created != nil {
				wantEq(t, "listed Id", f.Id, created.Id)
				wantEq(t, "listed Definition", f.Definition, defA)
				wantEq(t, "listed CreatedTime", f.CreatedTime, created.CreatedTime)
			}
			checkTime(t, "listed "+f.Name+" CreatedTime", f.CreatedTime)
		}
		flowSet(t, names, []string{flowA, flowB, flowC})
	})
	step(t, column, "UpdateFlow", "UpdateFlow", func(t *testing.T) {
		req := fnf.CreateUpdateFlowRequest()
		o.prep(req.RpcRequest)
		req.Name, req.Definition, req.Description = flowA, defA2, "updated"
		resp, err := o.c.UpdateFlow(req)
		o.ok(t, "UpdateFlow", req, resp, err, resp.RequestId)
		wantEq(t, "Name", resp.Name, flowA)
		wantEq(t, "Definition", resp.Definition, defA2)
		wantEq(t, "Description", resp.Description, "updated")
		wantEq(t, "RoleArn (not changed)", resp.RoleArn, testRole)
		wantEq(t, "ExternalStorageLocation (not changed)", resp.ExternalStorageLocation, testStorage)
		checkTime(t, "LastModifiedTime", resp.LastModifiedTime)
		if created != nil {
			wantEq(t, "Id", resp.Id, created.Id)
			wantEq(t, "CreatedTime", resp.CreatedTime, created.CreatedTime)
			if resp.LastModifiedTime < created.CreatedTime {
				t.Errorf("LastModifiedTime %s is before CreatedTime %s", resp.LastModifiedTime, created.CreatedTime)
			}
		}
		dreq, d, err := o.describeFlow(flowA)
		o.ok(t, "DescribeFlow", dreq, d, err, d.RequestId)
		wantEq(t, "DescribeFlow after UpdateFlow: Definition", d.Definition, defA2)
		wantEq(t, "DescribeFlow after UpdateFlow: Description", d.Description, "updated")
		wantEq(t, "DescribeFlow after UpdateFlow: LastModifiedTime", d.LastModifiedTime, resp.LastModifiedTime)
	})
	step(t, column, rowListExecutions, "ListExecutions created flow", func(t *testing.T) {
		req := fnf.CreateListExecutionsRequest()
		o.prep(req.RpcRequest)
		req.FlowName = flowA
		resp, err := o.c.ListExecutions(req)
		o.ok(t, "ListExecutions", req, resp, err, resp.RequestId)
		if len(resp.Executions) != 0 || resp.NextToken != "" {
			t.Errorf("ListExecutions of a new flow: %d executions, NextToken %q; want none and no token", len(resp.Executions), resp.NextToken)
		}
	})
	step(t, column, "CreateSchedule", "CreateSchedule", func(t *testing.T) {
		req, resp, err := o.createSchedule(flowA, sched1, "0 * * * * *", true)
		o.ok(t, "CreateSchedule", req, resp, err, resp.RequestId)
		createdSched = resp
		if resp.ScheduleId == "" {
			t.Errorf("ScheduleId is empty")
		}
		wantEq(t, "ScheduleName", resp.ScheduleName, sched1)
		wantEq(t, "CronExpression", resp.CronExpression, "0 * * * * *")
		wantEq(t, "Description", resp.Description, "schedule "+sched1)
		wantEq(t, "Payload", resp.Payload, `{"key":"value"}`)
		wantEq(t, "Enable", resp.Enable, true)
		checkTime(t, "CreatedTime", resp.CreatedTime)
		wantEq(t, "LastModifiedTime", resp.LastModifiedTime, resp.CreatedTime)

		req, resp2, err := o.createSchedule(flowA, sched2, "0 30 2 * * *", false)
		o.ok(t, "CreateSchedule", req, resp2, err, resp2.RequestId)
		wantEq(t, "Enable", resp2.Enable, false)
		if resp2.ScheduleId == resp.ScheduleId {
			t.Errorf("two schedules have the ScheduleId %q", resp.ScheduleId)
		}
	})
	step(t, column, rowScheduleAlreadyExists, "CreateSchedule existing", func(t *testing.T) {
		req, _, err := o.createSchedule(flowA, sched1, "0 * * * * *", true)
		o.fail(t, "CreateSchedule", req, err, "ScheduleAlreadyExists", 409, sched1)
	})
	step(t, column, rowBadCron, "CreateSchedule bad cron", func(t *testing.T) {
		for _, cron := range []string{"every minute", "* * * * *" /* five fields */} {
			req, _, err := o.createSchedule(flowA, "bad_cron", cron, true)
			o.fail(t, "CreateSchedule", req, err, "InvalidArgument", 400, "CronExpression")
		}
	})
	step(t, column, rowFlowNotExists, "CreateSchedule unknown flow", func(t *testing.T) {
		req, _, err := o.createSchedule("sdk_no_such_flow", sched1, "0 * * * * *", true)
		o.fail(t, "CreateSchedule", req, err, "FlowNotExists", 404)
	})
	step(t, column, "DescribeSchedule", "DescribeSchedule", func(t *testing.T) {
		req, resp, err := o.describeSchedule(flowA, sched1)
		o.ok(t, "DescribeSchedule", req, resp, err, resp.RequestId)
		if createdSched == nil {
			t.Fatalf("CreateSchedule failed")
		}
		got := fnf.SchedulesItem{ScheduleId: resp.ScheduleId, ScheduleName: resp.ScheduleName, Description: resp.Description, Payload: resp.Payload,
			CronExpression: resp.CronExpression, Enable: resp.Enable, CreatedTime: resp.CreatedTime, LastModifiedTime: resp.LastModifiedTime}
		want := fnf.SchedulesItem{ScheduleId: createdSched.ScheduleId, ScheduleName: createdSched.ScheduleName, Description: createdSched.Description,
			Payload: createdSched.Payload, CronExpression: createdSched.CronExpression, Enable: createdSched.Enable,
			CreatedTime: createdSched.CreatedTime, LastModifiedTime: createdSched.LastModifiedTime}
		if got != want {
			t.Errorf("DescribeSchedule:\n got %+v\nwant %+v (CreateSchedule's answer)", got, want)
		}
	})
	var updatedSched *fnf.UpdateScheduleResponse
	step(t, column, "UpdateSchedule", "UpdateSchedule", func(t *testing.T) {
		req := fnf.CreateUpdateScheduleRequest()
		o.prep(req.RpcRequest)
		req.FlowName, req.ScheduleName = flowA, sched1
		req.CronExpression, req.Description, req.Enable = "0 0 * * * *", "hourly", requests.NewBoolean(false)
		resp, err := o.c.UpdateSchedule(req)
		o.ok(t, "UpdateSchedule", req, resp, err, resp.RequestId)
		updatedSched = resp
		wantEq(t, "ScheduleName", resp.ScheduleName, sched1)
		wantEq(t, "CronExpression", resp.CronExpression, "0 0 * * * *")
		wantEq(t, "Description", resp.Description, "hourly")
		wantEq(t, "Enable", resp.Enable, false)
		wantEq(t, "Payload (not changed)", resp.Payload, `{"key":"value"}`)
		checkTime(t, "LastModifiedTime", resp.LastModifiedTime)
		if createdSched != nil {
			wantEq(t, "ScheduleId", resp.ScheduleId, createdSched.ScheduleId)
			wantEq(t, "CreatedTime", resp.CreatedTime, createdSched.CreatedTime)
		}
		dreq, d, err := o.describeSchedule(flowA, sched1)
		o.ok(t, "DescribeSchedule", dreq, d, err, d.RequestId)
		wantEq(t, "DescribeSchedule after UpdateSchedule: CronExpression", d.CronExpression, "0 0 * * * *")
		wantEq(t, "DescribeSchedule after UpdateSchedule: Enable", d.Enable, false)
	})
	step(t, column, rowBadCron, "UpdateSchedule bad cron", func(t *testing.T) {
		req := fnf.CreateUpdateScheduleRequest()
		o.prep(req.RpcRequest)
		req.FlowName, req.ScheduleName, req.CronExpression = flowA, sched1, "61 * * * * *"
		_, err := o.c.UpdateSchedule(req)
		o.fail(t, "UpdateSchedule", req, err, "InvalidArgument", 400, "CronExpression")
	})
	step(t, column, "ListSchedules", "ListSchedules all pages", func(t *testing.T) {
		scs := o.listSchedules(t, flowA, 1)
		var names []string
		for _, sc := range scs {
			names = append(names, sc.ScheduleName)
			checkTime(t, "listed "+sc.ScheduleName+" CreatedTime", sc.CreatedTime)
			if sc.ScheduleName == sched1 && updatedSched != nil {
				wantEq(t, "listed CronExpression", sc.CronExpression, updatedSched.CronExpression)
				wantEq(t, "listed Enable", sc.Enable, false)
				wantEq(t, "listed ScheduleId", sc.ScheduleId, updatedSched.ScheduleId)
			}
		}
		if !slices.Equal(names, []string{sched1, sched2}) {
			t.Errorf("ListSchedules: %v, want %v", names, []string{sched1, sched2})
		}
	})
	step(t, column, "DeleteSchedule", "DeleteSchedule", func(t *testing.T) {
		req := fnf.CreateDeleteScheduleRequest()
		o.prep(req.RpcRequest)
		req.FlowName, req.ScheduleName = flowA, sched1
		resp, err := o.c.DeleteSchedule(req)
		o.ok(t, "DeleteSchedule", req, resp, err, resp.RequestId)
		var names []string
		for _, sc := range o.listSchedules(t, flowA, 10) {
			names = append(names, sc.ScheduleName)
		}
		if !slices.Equal(names, []string{sched2}) {
			t.Errorf("ListSchedules after DeleteSchedule: %v, want %v", names, []string{sched2})
		}
	})
	step(t, column, rowScheduleNotExists, "schedule deleted", func(t *testing.T) {
		dreq, _, err := o.describeSchedule(flowA, sched1)
		o.fail(t, "DescribeSchedule", dreq, err, "ScheduleNotExists", 404, sched1)
		ureq := fnf.CreateUpdateScheduleRequest()
		o.prep(ureq.RpcRequest)
		ureq.FlowName, ureq.ScheduleName, ureq.Description = flowA, sched1, "x"
		_, err = o.c.UpdateSchedule(ureq)
		o.fail(t, "UpdateSchedule", ureq, err, "ScheduleNotExists", 404, sched1)
		req := fnf.CreateDeleteScheduleRequest()
		o.prep(req.RpcRequest)
		req.FlowName, req.ScheduleName = flowA, sched1
		_, err = o.c.DeleteSchedule(req)
		o.fail(t, "DeleteSchedule", req, err, "ScheduleNotExists", 404, sched1)
	})

	step(t, column, "DeleteFlow", "DeleteFlow", func(t *testing.T) {
		req := fnf.CreateDeleteFlowRequest()
		o.prep(req.RpcRequest)
		req.Name = flowA
		resp, err := o.c.DeleteFlow(req)
		o.ok(t, "DeleteFlow", req, resp, err, resp.RequestId)
		var names []string
		for _, f := range o.listFlows(t, 100) {
			names = append(names, f.Name)
		}
		flowSet(t, names, []string{flowB, flowC})
	})
	step(t, column, rowFlowNotExists, "flow deleted", func(t *testing.T) {
		dreq, _, err := o.describeFlow(flowA)
		o.fail(t, "DescribeFlow", dreq, err, "FlowNotExists", 404, flowA)

		ureq := fnf.CreateUpdateFlowRequest()
		o.prep(ureq.RpcRequest)
		ureq.Name, ureq.Description = flowA, "x"
		_, err = o.c.UpdateFlow(ureq)
		o.fail(t, "UpdateFlow", ureq, err, "FlowNotExists", 404, flowA)

		delReq := fnf.CreateDeleteFlowRequest()
		o.prep(delReq.RpcRequest)
		delReq.Name = flowA
		_, err = o.c.DeleteFlow(delReq)
		o.fail(t, "DeleteFlow", delReq, err, "FlowNotExists", 404, flowA)

		lsReq := fnf.CreateListSchedulesRequest()
		o.prep(lsReq.RpcRequest)
		lsReq.FlowName = flowA
		_, err = o.c.ListSchedules(lsReq)
		o.fail(t, "ListSchedules", lsReq, err, "FlowNotExists", 404, flowA)

		leReq := fnf.CreateListExecutionsRequest()
		o.prep(leReq.RpcRequest)
		leReq.FlowName = flowA
		_, err = o.c.ListExecutions(leReq)
		o.fail(t, "ListExecutions", leReq, err, "FlowNotExists", 404, flowA)

		// The flow's schedules went with it.
		sreq, _, err := o.describeSchedule(flowA, sched2)
		o.fail(t, "DescribeSchedule", sreq, err, "FlowNotExists", 404, flowA)
	})
}
