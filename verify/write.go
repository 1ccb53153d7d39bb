package verify

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// created is what the life cycle made in the target, for the cleanup.
type created struct {
	flow     string
	versions []string
	alias    string
	schedule string
	running  []string // executions started and not yet stopped
}

// The names the life cycle gives what it creates under its flow.
const (
	aliasName    = "verify"
	scheduleName = "verify"
	// cleanupTimeout bounds the cleanup, which runs even after the run was interrupted.
	cleanupTimeout = 2 * time.Minute
)

// definition is a flow that waits a minute, so its execution is still running when the life
// cycle long-polls and stops it.
const definition = `Type: StateMachine
Name: %s
SpecVersion: v1
StartAt: Wait1
States:
  - Type: Wait
    Name: Wait1
    Seconds: 60
    End: true
`

// lifeCycle creates a flow named Prefix+time, takes it through every write action and
// deletes everything again (cleanup runs whatever step failed, and after an interrupt).
func (r *runner) lifeCycle(ctx context.Context) {
	flow := r.cfg.Prefix + r.cfg.Now().UTC().Format("20060102-150405")
	made := &created{}
	defer r.cleanup(ctx, made)
	steps := []func(context.Context, string, *created) error{r.flowSteps, r.versionSteps, r.scheduleSteps, r.executionSteps}
	for _, step := range steps {
		if err := step(ctx, flow, made); err != nil || ctx.Err() != nil {
			return
		}
	}
}

func (r *runner) flowSteps(ctx context.Context, flow string, made *created) error {
	if _, err := r.call(ctx, "CreateFlow", map[string]string{"Name": flow, "Definition": fmt.Sprintf(definition, flow),
		"Description": "flowmock verify", "Type": "FDL"}); err != nil {
		return err
	}
	made.flow = flow
	if _, err := r.call(ctx, "DescribeFlow", map[string]string{"Name": flow}); err != nil {
		return err
	}
	_, err := r.call(ctx, "UpdateFlow", map[string]string{"Name": flow, "Description": "flowmock verify (updated)"})
	return err
}

func (r *runner) versionSteps(ctx context.Context, flow string, made *created) error {
	a, err := r.call(ctx, "PublishFlowVersion", map[string]string{"FlowName": flow, "Description": "flowmock verify"})
	if err != nil {
		return err
	}
	v := str(a, "Version")
	made.versions = append(made.versions, v)
	r.pages(ctx, "ListFlowVersions", "FlowVersions", map[string]string{"FlowName": flow})
	alias := map[string]string{"FlowName": flow, "Name": aliasName}
	if _, err := r.call(ctx, "CreateFlowAlias", with(alias, "RoutingConfigurations", `[{"Version":"`+v+`","Weight":100}]`)); err != nil {
		return err
	}
	made.alias = aliasName
	if _, err := r.call(ctx, "DescribeFlowAlias", alias); err != nil {
		return err
	}
	r.pages(ctx, "ListFlowAliases", "Aliases", map[string]string{"FlowName": flow})
	_, err = r.call(ctx, "UpdateFlowAlias", with(alias, "Description", "flowmock verify (updated)"))
	return err
}

func (r *runner) scheduleSteps(ctx context.Context, flow string, made *created) error {
	sched := map[string]string{"FlowName": flow, "ScheduleName": scheduleName}
	// Disabled, and due once a year: it never starts an execution during the run.
	if _, err := r.call(ctx, "CreateSchedule", with(with(sched, "CronExpression", "0 0 0 1 1 *"), "Enable", "false")); err != nil {
		return err
	}
	made.schedule = scheduleName
	if _, err := r.call(ctx, "DescribeSchedule", sched); err != nil {
		return err
	}
	r.pages(ctx, "ListSchedules", "Schedules", map[string]string{"FlowName": flow})
	_, err := r.call(ctx, "UpdateSchedule", with(sched, "Description", "flowmock verify (updated)"))
	return err
}

func (r *runner) executionSteps(ctx context.Context, flow string, made *created) error {
	const name = "verify-1"
	ex := map[string]string{"FlowName": flow, "ExecutionName": name}
	if _, err := r.call(ctx, "StartExecution", with(ex, "Input", `{"flowmock":"verify"}`)); err != nil {
		return err
	}
	made.running = append(made.running, name)
	if _, err := r.call(ctx, "DescribeExecution", with(ex, "WaitTimeSeconds", "1")); err != nil {
		return err
	}
	if _, err := r.call(ctx, "StopExecution", with(with(ex, "Error", "flowmock.verify"), "Cause", "stopped by flowmock verify")); err != nil {
		return err
	}
	made.running = made.running[:0]
	if _, err := r.call(ctx, "DescribeExecution", ex); err != nil {
		return err
	}
	r.pages(ctx, "GetExecutionHistory", "Events", ex)
	r.pages(ctx, "ListExecutions", "Executions", map[string]string{"FlowName": flow})
	return nil
}

// cleanup deletes what made records, in dependency order, even when ctx ended: running
// executions stopped, the schedule, the alias, the versions, the flow; then checks the flow
// is gone (404 FlowNotExists, an error answer checked against the catalogue). What it could
// not delete is listed on the case "cleanup".
func (r *runner) cleanup(ctx context.Context, made *created) {
	if made.flow == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	var left []string
	try := func(what, action string, params map[string]string) {
		if _, err := r.call(ctx, action, params); err != nil {
			left = append(left, what)
		}
	}
	flow := made.flow
	for _, ex := range made.running {
		try("execution "+ex+" (running)", "StopExecution", map[string]string{"FlowName": flow, "ExecutionName": ex, "Error": "flowmock.verify", "Cause": "cleanup"})
	}
	if made.schedule != "" {
		try("schedule "+made.schedule, "DeleteSchedule", map[string]string{"FlowName": flow, "ScheduleName": made.schedule})
	}
	if made.alias != "" {
		try("alias "+made.alias, "DeleteFlowAlias", map[string]string{"FlowName": flow, "Name": made.alias})
	}
	for _, v := range made.versions {
		try("version "+v, "DeleteFlowVersion", map[string]string{"FlowName": flow, "FlowVersion": v})
	}
	try("flow "+flow, "DeleteFlow", map[string]string{"Name": flow})
	if len(left) == 0 {
		_, _ = r.expect(ctx, "DescribeFlow", map[string]string{"Name": flow}, http.StatusNotFound)
		return
	}
	c := r.kase("cleanup")
	for _, l := range left {
		c.Errors = append(c.Errors, fmt.Sprintf("could not delete %s of flow %s; delete it by hand", l, flow))
	}
}

// with returns a copy of m with k set to v.
func with(m map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for key, val := range m {
		out[key] = val
	}
	out[k] = v
	return out
}
