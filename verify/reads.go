package verify

import (
	"context"
	"strconv"
)

// reads calls every read action on what the target has: the regions, the flows (paged), and
// for the first MaxFlows flows their definition, executions (paged), one execution and its
// history, versions, aliases and schedules.
func (r *runner) reads(ctx context.Context) {
	_, _ = r.call(ctx, "DescribeRegions", nil)
	flows := r.pages(ctx, "ListFlows", "Flows", nil)
	if len(flows) > r.cfg.MaxFlows {
		flows = flows[:r.cfg.MaxFlows]
	}
	for _, f := range flows {
		if name := str(f, "Name"); name != "" && ctx.Err() == nil {
			r.readFlow(ctx, name)
		}
	}
}

// readFlow reads one flow and what hangs off it.
func (r *runner) readFlow(ctx context.Context, flow string) {
	_, _ = r.call(ctx, "DescribeFlow", map[string]string{"Name": flow})
	byFlow := map[string]string{"FlowName": flow}
	execs := r.pages(ctx, "ListExecutions", "Executions", byFlow)
	if len(execs) > 0 {
		if name := str(execs[0], "Name"); name != "" {
			ex := map[string]string{"FlowName": flow, "ExecutionName": name}
			_, _ = r.call(ctx, "DescribeExecution", ex)
			r.pages(ctx, "GetExecutionHistory", "Events", ex)
		}
	}
	if versions := r.pages(ctx, "ListFlowVersions", "FlowVersions", byFlow); len(versions) > 0 {
		if v := str(versions[0], "Version"); v != "" {
			_, _ = r.call(ctx, "DescribeFlow", map[string]string{"Name": flow, "FlowVersion": v})
		}
	}
	if aliases := r.pages(ctx, "ListFlowAliases", "Aliases", byFlow); len(aliases) > 0 {
		if name := str(aliases[0], "Name"); name != "" {
			_, _ = r.call(ctx, "DescribeFlowAlias", map[string]string{"FlowName": flow, "Name": name})
		}
	}
	if schedules := r.pages(ctx, "ListSchedules", "Schedules", byFlow); len(schedules) > 0 {
		if name := str(schedules[0], "ScheduleName"); name != "" {
			_, _ = r.call(ctx, "DescribeSchedule", map[string]string{"FlowName": flow, "ScheduleName": name})
		}
	}
}

// pageLimit is small so paging is exercised on small accounts too.
const pageLimit = 2

// pages walks up to MaxPages pages of a paged read, following NextToken, and returns the
// items under key.
func (r *runner) pages(ctx context.Context, action, key string, params map[string]string) []map[string]any {
	var all []map[string]any
	token := ""
	for page := 0; page < r.cfg.MaxPages; page++ {
		p := map[string]string{"Limit": strconv.Itoa(pageLimit)}
		for k, v := range params {
			p[k] = v
		}
		if token != "" {
			p["NextToken"] = token
		}
		a, err := r.call(ctx, action, p)
		if err != nil {
			break
		}
		all = append(all, items(a, key)...)
		if token = str(a, "NextToken"); token == "" {
			break
		}
	}
	return all
}
