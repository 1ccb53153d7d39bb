package sdktest_test

// The resource actions through the Darabonba core's CallApi (the execution actions are in
// executions_dara_test.go; together they are all 29), with the request shapes of the generated
// fnf-20190315 v3 client (api-surface.md §1, §3), signature V1 and V3; the client and its wire log
// are in dara_run_test.go.

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/flowmock/flowmock/mocktest"
)

// TestDarabonbaAllActions calls the resource actions (20 of the 29) through CallApi with the
// request shapes of the generated v3 client, with signature V1 and V3, with signatures off and
// verified, in a valid order; each must answer 200 with the contract's fields or its
// documented error. The execution actions are TestDarabonbaExecutions' (executions_dara_test.go).
func TestDarabonbaAllActions(t *testing.T) {
	declareActionMatrix()
	runDaraSteps(t, daraSteps, func(*mocktest.Session) {})
}

// daraStep is one row of the table: a named call (or a few) of one action.
type daraStep struct {
	name string // the subtest
	row  string // the action matrix row
	run  func(t *testing.T, d *daraRun)
}

// daraSteps returns the table, in an order where each step finds what it needs: the flow
// before its versions, versions before the alias that routes to them, the alias deleted
// before its version. The steps share the state of one run.
func daraSteps() []daraStep {
	const (
		flow  = "sdk_dara_flow"
		group = "rg-sdktest"
		alias = "canary"
		sched = "every_minute"
	)
	def1, def2 := definition(flow, "Hello"), definition(flow, "Goodbye")
	env1 := environment{Variables: []variable{{Name: "stage", Value: "test", Description: "the deployment stage"}}}
	env2 := environment{Variables: []variable{{Name: "stage", Value: "prod"}}}
	var created flowBody
	var createdSched scheduleBody

	steps := []daraStep{
		{"DescribeRegions", "DescribeRegions", func(t *testing.T, d *daraRun) {
			var out struct {
				Regions struct {
					Region []struct{ RegionId, RegionEndpoint, LocalName string }
				}
			}
			decode(t, d.ok(t, "DescribeRegions", "POST", nil, map[string]any{"AcceptLanguage": dara.String("en-US")}), &out)
			i := slices.IndexFunc(out.Regions.Region, func(r struct{ RegionId, RegionEndpoint, LocalName string }) bool {
				return r.RegionId == "cn-hangzhou"
			})
			if i < 0 {
				t.Fatalf("Regions.Region %+v has no cn-hangzhou", out.Regions.Region)
			}
			r := out.Regions.Region[i]
			wantEq(t, "cn-hangzhou RegionEndpoint", r.RegionEndpoint, "cn-hangzhou.fnf.aliyuncs.com")
			if r.LocalName == "" {
				t.Errorf("cn-hangzhou LocalName is empty")
			}
		}},
		{"CreateFlow", "CreateFlow", func(t *testing.T, d *daraRun) {
			decode(t, d.ok(t, "CreateFlow", "POST", nil, map[string]any{
				"Name": dara.String(flow), "Definition": dara.String(def1), "Description": dara.String("first"),
				"Type": dara.String("FDL"), "RoleArn": dara.String(testRole), "ExecutionMode": dara.String("Standard"),
				"ResourceGroupId": dara.String(group), "Environment": jsonField(env1, "Environment"),
			}), &created)
			c := created
			wantEq(t, "Name", c.Name, flow)
			if c.Id == "" {
				t.Errorf("Id is empty")
			}
			wantEq(t, "Type", c.Type, "FDL")
			wantEq(t, "Definition", c.Definition, def1)
			wantEq(t, "Description", c.Description, "first")
			wantEq(t, "RoleArn", c.RoleArn, testRole)
			wantEq(t, "ExecutionMode", c.ExecutionMode, "Standard")
			wantEq(t, "ResourceGroupId", c.ResourceGroupId, group)
			checkTime(t, "CreatedTime", c.CreatedTime)
			wantEq(t, "LastModifiedTime", c.LastModifiedTime, c.CreatedTime)
			if c.Environment == nil || !slices.Equal(c.Environment.Variables, env1.Variables) {
				t.Errorf("Environment=%+v, want %+v", c.Environment, env1)
			}
		}},
		{"CreateFlow existing", rowFlowAlreadyExists, func(t *testing.T, d *daraRun) {
			d.fail(t, "CreateFlow", "POST", nil, map[string]any{
				"Name": dara.String(flow), "Definition": dara.String(def1), "Description": dara.String("again"), "Type": dara.String("FDL"),
			}, "FlowAlreadyExists", 409, flow)
		}},
		{"CreateFlow bad definition", rowBadDefinition, func(t *testing.T, d *daraRun) {
			d.fail(t, "CreateFlow", "POST", nil, map[string]any{
				"Name": dara.String("sdk_dara_bad"), "Definition": dara.String("Type: StateMachine\nSpecVersion: v1\nStartAt: [\n"),
				"Description": dara.String("bad"), "Type": dara.String("FDL"),
			}, "InvalidArgument", 400, "Definition")
		}},
		{"DescribeFlow", "DescribeFlow", func(t *testing.T, d *daraRun) {
			// A RequestId parameter is the request's id (d.ok checks the body, header and journal).
			rid := "sdktest-" + d.session
			var got flowBody
			body := d.ok(t, "DescribeFlow", "GET", map[string]any{"Name": dara.String(flow), "RequestId": dara.String(rid)}, nil)
			decode(t, body, &got)
			var id struct{ RequestId string }
			decode(t, body, &id)
			wantEq(t, "RequestId (given)", id.RequestId, rid)
			if got.Id == "" || got.Id != created.Id || got.Definition != def1 || got.CreatedTime != created.CreatedTime ||
				got.Environment == nil || !slices.Equal(got.Environment.Variables, env1.Variables) {
				t.Errorf("DescribeFlow:\n got %+v\nwant %+v (CreateFlow's answer)", got, created)
			}
		}},
		{"PublishFlowVersion", "PublishFlowVersion", func(t *testing.T, d *daraRun) {
			var v struct{ FlowName, Version, Description, CreatedTime string }
			decode(t, d.ok(t, "PublishFlowVersion", "POST", nil, map[string]any{"FlowName": dara.String(flow), "Description": dara.String("v1")}), &v)
			wantEq(t, "FlowName", v.FlowName, flow)
			wantEq(t, "Version", v.Version, "1")
			wantEq(t, "Description", v.Description, "v1")
			checkTime(t, "CreatedTime", v.CreatedTime)
		}},
		{"UpdateFlow", "UpdateFlow", func(t *testing.T, d *daraRun) {
			var got flowBody
			decode(t, d.ok(t, "UpdateFlow", "POST", nil, map[string]any{
				"Name": dara.String(flow), "Definition": dara.String(def2), "Description": dara.String("second"),
				"Environment": jsonField(env2, "Environment"),
			}), &got)
			wantEq(t, "Name", got.Name, flow)
			wantEq(t, "Id", got.Id, created.Id)
			wantEq(t, "Definition", got.Definition, def2)
			wantEq(t, "Description", got.Description, "second")
			wantEq(t, "CreatedTime", got.CreatedTime, created.CreatedTime)
			checkTime(t, "LastModifiedTime", got.LastModifiedTime)
			if got.Environment == nil || !slices.Equal(got.Environment.Variables, env2.Variables) {
				t.Errorf("Environment=%+v, want %+v", got.Environment, env2)
			}
		}},
		{"PublishFlowVersion second", "PublishFlowVersion", func(t *testing.T, d *daraRun) {
			var v struct{ Version string }
			decode(t, d.ok(t, "PublishFlowVersion", "POST", nil, map[string]any{"FlowName": dara.String(flow), "Description": dara.String("v2")}), &v)
			wantEq(t, "Version", v.Version, "2")
		}},
		{"DescribeFlow FlowVersion", "DescribeFlow", func(t *testing.T, d *daraRun) {
			var got flowBody
			decode(t, d.ok(t, "DescribeFlow", "GET", map[string]any{"Name": dara.String(flow), "FlowVersion": dara.String("1")}, nil), &got)
			wantEq(t, "Definition of version 1", got.Definition, def1)
			decode(t, d.ok(t, "DescribeFlow", "GET", map[string]any{"Name": dara.String(flow)}, nil), &got)
			wantEq(t, "current Definition", got.Definition, def2)
		}},
		{"ListFlowVersions", "ListFlowVersions", func(t *testing.T, d *daraRun) {
			// Limit is a string in the v3 model; one version a page.
			got := d.pages(t, "ListFlowVersions", map[string]any{"FlowName": dara.String(flow), "Limit": dara.String("1")}, "FlowVersions", func(b []byte) []string {
				var p struct {
					FlowVersions []struct{ Version, Description, CreatedTime string }
				}
				decode(t, b, &p)
				var vs []string
				for _, v := range p.FlowVersions {
					vs = append(vs, v.Version+":"+v.Description)
					checkTime(t, "version "+v.Version+" CreatedTime", v.CreatedTime)
				}
				return vs
			})
			// The order of versions is not documented: compare as a set.
			slices.Sort(got)
			if want := []string{"1:v1", "2:v2"}; !slices.Equal(got, want) {
				t.Errorf("ListFlowVersions: %v, want %v", got, want)
			}
		}},
		{"ListFlows", "ListFlows", func(t *testing.T, d *daraRun) {
			names := d.pages(t, "ListFlows", map[string]any{"Limit": dara.Int32(2)}, "Flows", flowNames(t))
			flowSet(t, names, []string{flow})
			// ResourceGroupId filters: only this flow is in the group.
			names = d.pages(t, "ListFlows", map[string]any{"Limit": dara.Int32(1), "ResourceGroupId": dara.String(group)}, "Flows", flowNames(t))
			if !slices.Equal(names, []string{flow}) {
				t.Errorf("ListFlows ResourceGroupId=%s: %v, want [%s]", group, names, flow)
			}
		}},
		{"CreateFlowAlias", "CreateFlowAlias", func(t *testing.T, d *daraRun) {
			routes := []route{{Version: "1", Weight: 90}, {Version: "2", Weight: 10}}
			var got struct {
				FlowName string
				aliasBody
			}
			decode(t, d.ok(t, "CreateFlowAlias", "POST", nil, map[string]any{
				"FlowName": dara.String(flow), "Name": dara.String(alias), "Description": dara.String("canary"),
				"RoutingConfigurations": jsonField(routes, "RoutingConfigurations"),
			}), &got)
			wantEq(t, "FlowName", got.FlowName, flow)
			wantEq(t, "Name", got.Name, alias)
			wantEq(t, "Description", got.Description, "canary")
			checkTime(t, "CreatedTime", got.CreatedTime)
			if !slices.Equal(got.RoutingConfigurations, routes) {
				t.Errorf("RoutingConfigurations=%+v, want %+v", got.RoutingConfigurations, routes)
			}
		}},
		{"CreateFlowAlias bad", rowBadAlias, func(t *testing.T, d *daraRun) {
			// An alias that exists, and one routing to a version that does not.
			d.fail(t, "CreateFlowAlias", "POST", nil, map[string]any{
				"FlowName": dara.String(flow), "Name": dara.String(alias),
				"RoutingConfigurations": jsonField([]route{{Version: "1", Weight: 100}}, "RoutingConfigurations"),
			}, "InvalidArgument", 400, alias)
			d.fail(t, "CreateFlowAlias", "POST", nil, map[string]any{
				"FlowName": dara.String(flow), "Name": dara.String("other"),
				"RoutingConfigurations": jsonField([]route{{Version: "9", Weight: 100}}, "RoutingConfigurations"),
			}, "InvalidArgument", 400, "RoutingConfigurations")
		}},
		{"DescribeFlowAlias", "DescribeFlowAlias", func(t *testing.T, d *daraRun) {
			var got struct{ Alias aliasBody }
			decode(t, d.ok(t, "DescribeFlowAlias", "GET", map[string]any{"FlowName": dara.String(flow), "Name": dara.String(alias)}, nil), &got)
			wantEq(t, "Alias.Name", got.Alias.Name, alias)
			checkTime(t, "Alias.CreatedTime", got.Alias.CreatedTime)
			if want := []route{{"1", 90}, {"2", 10}}; !slices.Equal(got.Alias.RoutingConfigurations, want) {
				t.Errorf("Alias.RoutingConfigurations=%+v, want %+v", got.Alias.RoutingConfigurations, want)
			}
		}},
		{"UpdateFlowAlias", "UpdateFlowAlias", func(t *testing.T, d *daraRun) {
			routes := []route{{Version: "2", Weight: 100}}
			var got struct{ Alias aliasBody }
			decode(t, d.ok(t, "UpdateFlowAlias", "POST", nil, map[string]any{
				"FlowName": dara.String(flow), "Name": dara.String(alias), "Description": dara.String("all on 2"),
				"RoutingConfigurations": jsonField(routes, "RoutingConfigurations"),
			}), &got)
			wantEq(t, "Alias.Description", got.Alias.Description, "all on 2")
			if !slices.Equal(got.Alias.RoutingConfigurations, routes) {
				t.Errorf("Alias.RoutingConfigurations=%+v, want %+v", got.Alias.RoutingConfigurations, routes)
			}
		}},
		{"ListFlowAliases", "ListFlowAliases", func(t *testing.T, d *daraRun) {
			var got struct {
				Aliases []struct {
					Name                  string
					RoutingConfigurations []struct{ Version, Weight string } // Weight is a string here
				}
			}
			decode(t, d.ok(t, "ListFlowAliases", "GET", map[string]any{"FlowName": dara.String(flow), "Limit": dara.Int32(10)}, nil), &got)
			if len(got.Aliases) != 1 || got.Aliases[0].Name != alias || len(got.Aliases[0].RoutingConfigurations) != 1 ||
				got.Aliases[0].RoutingConfigurations[0] != (struct{ Version, Weight string }{"2", "100"}) {
				t.Errorf("ListFlowAliases: %+v, want [%s routing 100%% to version 2]", got.Aliases, alias)
			}
		}},
		{"DeleteFlowVersion in use", rowBadAlias, func(t *testing.T, d *daraRun) {
			d.fail(t, "DeleteFlowVersion", "POST", nil, map[string]any{"FlowName": dara.String(flow), "FlowVersion": dara.String("2")},
				"InvalidArgument", 400, alias)
		}},
		{"DeleteFlowAlias", "DeleteFlowAlias", func(t *testing.T, d *daraRun) {
			d.ok(t, "DeleteFlowAlias", "POST", nil, map[string]any{"FlowName": dara.String(flow), "Name": dara.String(alias)})
		}},
		{"DescribeFlowAlias deleted", rowBadAlias, func(t *testing.T, d *daraRun) {
			d.fail(t, "DescribeFlowAlias", "GET", map[string]any{"FlowName": dara.String(flow), "Name": dara.String(alias)}, nil,
				"InvalidArgument", 400, alias)
		}},
		{"DeleteFlowVersion", "DeleteFlowVersion", func(t *testing.T, d *daraRun) {
			d.ok(t, "DeleteFlowVersion", "POST", nil, map[string]any{"FlowName": dara.String(flow), "FlowVersion": dara.String("1")})
			var got struct{ FlowVersions []struct{ Version string } }
			decode(t, d.ok(t, "ListFlowVersions", "GET", map[string]any{"FlowName": dara.String(flow)}, nil), &got)
			if len(got.FlowVersions) != 1 || got.FlowVersions[0].Version != "2" {
				t.Errorf("ListFlowVersions after deleting version 1: %+v, want version 2 only", got.FlowVersions)
			}
		}},
		{"CreateSchedule", "CreateSchedule", func(t *testing.T, d *daraRun) {
			// SignatureVersion in the query, as the generated client's CreateSchedule puts it.
			decode(t, d.ok(t, "CreateSchedule", "POST", map[string]any{"SignatureVersion": dara.String("1.0")}, map[string]any{
				"FlowName": dara.String(flow), "ScheduleName": dara.String(sched), "CronExpression": dara.String("0 * * * * *"),
				"Description": dara.String("every minute"), "Payload": dara.String(`{"key":"value"}`), "Enable": dara.Bool(true),
			}), &createdSched)
			s := createdSched
			if s.ScheduleId == "" {
				t.Errorf("ScheduleId is empty")
			}
			wantEq(t, "ScheduleName", s.ScheduleName, sched)
			wantEq(t, "CronExpression", s.CronExpression, "0 * * * * *")
			wantEq(t, "Description", s.Description, "every minute")
			wantEq(t, "Payload", s.Payload, `{"key":"value"}`)
			wantEq(t, "Enable", s.Enable, true)
			checkTime(t, "CreatedTime", s.CreatedTime)
		}},
		{"CreateSchedule existing", rowScheduleAlreadyExists, func(t *testing.T, d *daraRun) {
			d.fail(t, "CreateSchedule", "POST", nil, map[string]any{
				"FlowName": dara.String(flow), "ScheduleName": dara.String(sched), "CronExpression": dara.String("0 * * * * *"),
			}, "ScheduleAlreadyExists", 409, sched)
		}},
		{"CreateSchedule bad cron", rowBadCron, func(t *testing.T, d *daraRun) {
			d.fail(t, "CreateSchedule", "POST", nil, map[string]any{
				"FlowName": dara.String(flow), "ScheduleName": dara.String("bad_cron"), "CronExpression": dara.String("@every 1m"),
			}, "InvalidArgument", 400, "CronExpression")
		}},
		{"DescribeSchedule", "DescribeSchedule", func(t *testing.T, d *daraRun) {
			var got scheduleBody
			decode(t, d.ok(t, "DescribeSchedule", "GET", map[string]any{"FlowName": dara.String(flow), "ScheduleName": dara.String(sched)}, nil), &got)
			if got != createdSched {
				t.Errorf("DescribeSchedule:\n got %+v\nwant %+v (CreateSchedule's answer)", got, createdSched)
			}
		}},
		{"UpdateSchedule", "UpdateSchedule", func(t *testing.T, d *daraRun) {
			var got scheduleBody
			decode(t, d.ok(t, "UpdateSchedule", "POST", nil, map[string]any{
				"FlowName": dara.String(flow), "ScheduleName": dara.String(sched), "CronExpression": dara.String("0 0 * * * *"),
				"Enable": dara.Bool(false),
			}), &got)
			wantEq(t, "CronExpression", got.CronExpression, "0 0 * * * *")
			wantEq(t, "Enable", got.Enable, false)
			wantEq(t, "ScheduleId", got.ScheduleId, createdSched.ScheduleId)
			wantEq(t, "Description (not changed)", got.Description, "every minute")
			wantEq(t, "CreatedTime", got.CreatedTime, createdSched.CreatedTime)
			checkTime(t, "LastModifiedTime", got.LastModifiedTime)
		}},
		{"ListSchedules", "ListSchedules", func(t *testing.T, d *daraRun) {
			var got struct{ Schedules []scheduleBody }
			decode(t, d.ok(t, "ListSchedules", "GET", map[string]any{"FlowName": dara.String(flow), "Limit": dara.Int32(10)}, nil), &got)
			if len(got.Schedules) != 1 || got.Schedules[0].ScheduleName != sched || got.Schedules[0].Enable {
				t.Errorf("ListSchedules: %+v, want [%s, disabled]", got.Schedules, sched)
			}
		}},
		{"DeleteSchedule", "DeleteSchedule", func(t *testing.T, d *daraRun) {
			d.ok(t, "DeleteSchedule", "POST", nil, map[string]any{"FlowName": dara.String(flow), "ScheduleName": dara.String(sched)})
		}},
		{"DescribeSchedule deleted", rowScheduleNotExists, func(t *testing.T, d *daraRun) {
			d.fail(t, "DescribeSchedule", "GET", map[string]any{"FlowName": dara.String(flow), "ScheduleName": dara.String(sched)}, nil,
				"ScheduleNotExists", 404, sched)
		}},
		{"ListExecutions created flow", rowListExecutions, func(t *testing.T, d *daraRun) {
			var got struct {
				NextToken  string
				Executions []execution
			}
			decode(t, d.ok(t, "ListExecutions", "GET", map[string]any{"FlowName": dara.String(flow)}, nil), &got)
			if len(got.Executions) != 0 || got.NextToken != "" {
				t.Errorf("ListExecutions of a new flow: %d executions, NextToken %q; want none and no token", len(got.Executions), got.NextToken)
			}
		}},
	}

	return append(steps,
		daraStep{"DeleteFlow", "DeleteFlow", func(t *testing.T, d *daraRun) {
			d.ok(t, "DeleteFlow", "POST", nil, map[string]any{"Name": dara.String(flow)})
			names := d.pages(t, "ListFlows", map[string]any{"Limit": dara.Int32(100)}, "Flows", flowNames(t))
			flowSet(t, names, nil)
		}},
		daraStep{"flow deleted", rowFlowNotExists, func(t *testing.T, d *daraRun) {
			d.fail(t, "DescribeFlow", "GET", map[string]any{"Name": dara.String(flow)}, nil, "FlowNotExists", 404, flow)
			d.fail(t, "ListFlowVersions", "GET", map[string]any{"FlowName": dara.String(flow)}, nil, "FlowNotExists", 404, flow)
			d.fail(t, "ListFlowAliases", "GET", map[string]any{"FlowName": dara.String(flow)}, nil, "FlowNotExists", 404, flow)
			d.fail(t, "PublishFlowVersion", "POST", nil, map[string]any{"FlowName": dara.String(flow)}, "FlowNotExists", 404, flow)
			d.fail(t, "ListSchedules", "GET", map[string]any{"FlowName": dara.String(flow)}, nil, "FlowNotExists", 404, flow)
		}},
	)
}

// flowNames returns a page decoder of ListFlows giving the flows' names, checking their times.
func flowNames(t *testing.T) func([]byte) []string {
	return func(b []byte) []string {
		var p struct{ Flows []flowBody }
		decode(t, b, &p)
		var names []string
		for _, f := range p.Flows {
			names = append(names, f.Name)
			checkTime(t, f.Name+" CreatedTime", f.CreatedTime)
		}
		return names
	}
}

// pages calls the GET list action from the first page to the last, following NextToken, and
// returns what items makes of each page's body, in order; field names the list, whose
// length must stay within the query's Limit.
func (d *daraRun) pages(t *testing.T, action string, query map[string]any, field string, items func([]byte) []string) []string {
	t.Helper()
	return followPages(t, action, func(page int, token string) ([]string, string) {
		q := map[string]any{}
		for k, v := range query {
			q[k] = v
		}
		if token != "" {
			q["NextToken"] = dara.String(token)
		}
		body := d.ok(t, action, "GET", q, nil)
		var p map[string]json.RawMessage
		decode(t, body, &p)
		var list []json.RawMessage
		decode(t, p[field], &list)
		if limit := openapiutil.Query(query)["Limit"]; limit != nil {
			n, err := strconv.Atoi(dara.StringValue(limit))
			if err != nil {
				t.Fatalf("%s: Limit %q: %v", action, dara.StringValue(limit), err)
			}
			if len(list) > n {
				t.Errorf("%s page %d: %d items, want at most Limit=%d", action, page, len(list), n)
			}
		}
		got := items(body)
		var next struct{ NextToken string }
		decode(t, body, &next)
		return got, next.NextToken
	})
}
