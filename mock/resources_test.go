package mock_test

import (
	"context"
	"testing"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
)

// TestVersionsAliasesSchedulesRegions drives the other resource actions with the generated
// client: each answers 200 with what the state holds, and the state changes as it should.
func TestVersionsAliasesSchedulesRegions(t *testing.T) {
	h := newHarness(t, mock.Config{})
	c := h.client("resources")
	ctx := context.Background()
	createFlow(t, c, "shop")
	must := func(name string, status int, body []byte, err error) {
		t.Helper()
		if err != nil || status != 200 {
			t.Fatalf("%s: %v status %d %s", name, err, status, body)
		}
	}

	desc := "first"
	v1, err := c.PublishFlowVersionWithResponse(ctx, &cloudflow.PublishFlowVersionParams{FlowName: "shop", Description: &desc})
	must("PublishFlowVersion", v1.StatusCode(), v1.Body, err)
	v2, err := c.PublishFlowVersionWithResponse(ctx, &cloudflow.PublishFlowVersionParams{FlowName: "shop"})
	must("PublishFlowVersion", v2.StatusCode(), v2.Body, err)
	if v1.JSON200.Version != "1" || v2.JSON200.Version != "2" || *v1.JSON200.Description != "first" {
		t.Errorf("versions = %+v, %+v; want 1 (first) and 2", v1.JSON200, v2.JSON200)
	}
	one := "1"
	vl, err := c.ListFlowVersionsWithResponse(ctx, &cloudflow.ListFlowVersionsParams{FlowName: "shop", Limit: &one})
	must("ListFlowVersions", vl.StatusCode(), vl.Body, err)
	if len(vl.JSON200.FlowVersions) != 1 || vl.JSON200.NextToken == nil {
		t.Fatalf("ListFlowVersions Limit 1 = %s, want one version and a NextToken", vl.Body)
	}
	vl, err = c.ListFlowVersionsWithResponse(ctx, &cloudflow.ListFlowVersionsParams{FlowName: "shop", NextToken: vl.JSON200.NextToken})
	must("ListFlowVersions page 2", vl.StatusCode(), vl.Body, err)
	if len(vl.JSON200.FlowVersions) != 1 || vl.JSON200.FlowVersions[0].Version != "2" || vl.JSON200.NextToken != nil {
		t.Errorf("ListFlowVersions page 2 = %s, want version 2 and no NextToken", vl.Body)
	}

	routes := cloudflow.RoutingConfigurations{{Version: "1", Weight: 80}, {Version: "2", Weight: 20}}
	a, err := c.CreateFlowAliasWithResponse(ctx, &cloudflow.CreateFlowAliasParams{FlowName: "shop", Name: "prod", RoutingConfigurations: routes})
	must("CreateFlowAlias", a.StatusCode(), a.Body, err)
	only2 := cloudflow.RoutingConfigurations{{Version: "2", Weight: 100}}
	ua, err := c.UpdateFlowAliasWithResponse(ctx, &cloudflow.UpdateFlowAliasParams{FlowName: "shop", Name: "prod", RoutingConfigurations: &only2})
	must("UpdateFlowAlias", ua.StatusCode(), ua.Body, err)
	da, err := c.DescribeFlowAliasWithResponse(ctx, &cloudflow.DescribeFlowAliasParams{FlowName: "shop", Name: "prod"})
	must("DescribeFlowAlias", da.StatusCode(), da.Body, err)
	if rc := da.JSON200.Alias.RoutingConfigurations; len(rc) != 1 || rc[0].Version != "2" || rc[0].Weight != 100 {
		t.Errorf("DescribeFlowAlias routes = %+v, want version 2 at 100", rc)
	}
	la, err := c.ListFlowAliasesWithResponse(ctx, &cloudflow.ListFlowAliasesParams{FlowName: "shop"})
	must("ListFlowAliases", la.StatusCode(), la.Body, err)
	if len(la.JSON200.Aliases) != 1 || la.JSON200.Aliases[0].RoutingConfigurations[0].Weight != "100" {
		t.Errorf("ListFlowAliases = %s, want prod with weight \"100\"", la.Body)
	}
	dv, err := c.DeleteFlowVersionWithResponse(ctx, &cloudflow.DeleteFlowVersionParams{FlowName: "shop", FlowVersion: "1"})
	must("DeleteFlowVersion 1 (no alias routes to it any more)", dv.StatusCode(), dv.Body, err)
	dal, err := c.DeleteFlowAliasWithResponse(ctx, &cloudflow.DeleteFlowAliasParams{FlowName: "shop", Name: "prod"})
	must("DeleteFlowAlias", dal.StatusCode(), dal.Body, err)

	off := false
	sc, err := c.CreateScheduleWithResponse(ctx, &cloudflow.CreateScheduleParams{FlowName: "shop", ScheduleName: "nightly", CronExpression: "0 0 2 * * *", Enable: &off})
	must("CreateSchedule", sc.StatusCode(), sc.Body, err)
	if sc.JSON200.Enable || sc.JSON200.ScheduleId == "" {
		t.Errorf("CreateSchedule = %s, want disabled with an id", sc.Body)
	}
	cron := "0 30 2 * * *"
	us, err := c.UpdateScheduleWithResponse(ctx, &cloudflow.UpdateScheduleParams{FlowName: "shop", ScheduleName: "nightly", CronExpression: &cron})
	must("UpdateSchedule", us.StatusCode(), us.Body, err)
	ds, err := c.DescribeScheduleWithResponse(ctx, &cloudflow.DescribeScheduleParams{FlowName: "shop", ScheduleName: "nightly"})
	must("DescribeSchedule", ds.StatusCode(), ds.Body, err)
	if ds.JSON200.CronExpression != cron || ds.JSON200.Enable {
		t.Errorf("DescribeSchedule = %s, want the new cron, still disabled", ds.Body)
	}
	ls, err := c.ListSchedulesWithResponse(ctx, &cloudflow.ListSchedulesParams{FlowName: "shop"})
	must("ListSchedules", ls.StatusCode(), ls.Body, err)
	if len(ls.JSON200.Schedules) != 1 {
		t.Errorf("ListSchedules = %s, want one", ls.Body)
	}
	del, err := c.DeleteScheduleWithResponse(ctx, &cloudflow.DeleteScheduleParams{FlowName: "shop", ScheduleName: "nightly"})
	must("DeleteSchedule", del.StatusCode(), del.Body, err)
	ds, err = c.DescribeScheduleWithResponse(ctx, &cloudflow.DescribeScheduleParams{FlowName: "shop", ScheduleName: "nightly"})
	if err != nil || ds.JSON404 == nil || ds.JSON404.Code != "ScheduleNotExists" {
		t.Errorf("DescribeSchedule after delete: %v %d %s, want 404 ScheduleNotExists", err, ds.StatusCode(), ds.Body)
	}

	zh := "zh-CN"
	r, err := c.DescribeRegionsWithResponse(ctx, &cloudflow.DescribeRegionsParams{AcceptLanguage: &zh})
	must("DescribeRegions", r.StatusCode(), r.Body, err)
	if got := r.JSON200.Regions.Region; len(got) != 7 || got[2].RegionId != "cn-hangzhou" || *got[2].LocalName != "华东1（杭州）" {
		t.Errorf("DescribeRegions = %s, want seven regions, Hangzhou in Chinese", r.Body)
	}
}
