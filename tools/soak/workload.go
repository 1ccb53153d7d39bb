package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/flowmock/flowmock/contract"
)

// The flows a life creates in its session, and their definitions.
const (
	passFlow = "soak_pass" // Standard: one Pass state
	syncFlow = "soak_sync" // Express: one Pass state, for StartSyncExecution
	cbFlow   = "soak_cb"   // Standard: a Task waiting for ReportTask*
	waitFlow = "soak_wait" // Standard: a five-minute Wait, stopped or left running
)

var definitions = map[string]string{
	passFlow: "StartAt: Greet\nStates:\n  - Type: Pass\n    Name: Greet\n    End: true\n",
	syncFlow: "StartAt: Greet\nStates:\n  - Type: Pass\n    Name: Greet\n    End: true\n",
	cbFlow:   "StartAt: Approve\nStates:\n  - Type: Task\n    Name: Approve\n    Action: MNS:SendMessage\n    TaskMode: WaitForCustomCallback\n    End: true\n",
	waitFlow: "StartAt: Hold\nStates:\n  - Type: Wait\n    Name: Hold\n    Seconds: 300\n    End: true\n",
}

// Control-plane requests, counted under these names.
const (
	ctlReset      = "ctl POST sessions/{id}/reset"
	ctlTasks      = "ctl GET sessions/{id}/tasks"
	ctlExecutions = "ctl GET sessions/{id}/executions"
	ctlCount      = "ctl GET requests/count?session="
)

var ctlNames = []string{ctlReset, ctlTasks, ctlExecutions, ctlCount}

// Scenarios of the fault requests: connection-reset three times in four, else broken-wire.
const (
	faultReset  = "connection-reset"
	faultBroken = "broken-wire"
)

// The kinds of life, in the proportions of lifeKinds (twenty entries, cycled).
const (
	lifeRun       = "run"       // create, start, poll, history, list; fixture reads
	lifeVersions  = "versions"  // versions and aliases, a qualified execution
	lifeSchedules = "schedules" // schedule CRUD
	lifeCallbacks = "callbacks" // callback tasks reported, executions stopped
	lifeExpress   = "express"   // regions, StartSyncExecution, map runs
)

var lifeKinds = []string{
	lifeRun, lifeVersions, lifeRun, lifeExpress, lifeRun, lifeSchedules, lifeRun, lifeCallbacks, lifeRun, lifeVersions,
	lifeRun, lifeExpress, lifeRun, lifeSchedules, lifeRun, lifeCallbacks, lifeRun, lifeVersions, lifeRun, lifeExpress,
}

// abandonEvery: one life in this many skips its clean-up (DeleteFlow, reset), as a test
// that crashed would; its session keeps its flows (and a running execution) until the next
// life there resets it or the server evicts it.
const abandonEvery = 5

var errStop = errors.New("soak: stop")

// runner is the state of one run shared by its workers.
type runner struct {
	cfg     config
	t       *target
	client  *http.Client
	st      *stats
	actions map[string]*contract.Action
	inject  map[string][]injection // the errors X-Mock-Error asks for, by action
	pInject float64                // per request sent, the chance of an injected request first
	pFault  float64                // per request sent, the chance of a fault request first

	sent     atomic.Int64 // tickets taken: requests sent or about to be
	sessions int          // the sessions used: -sessions rounded down to a multiple of -c
	perLive  int          // lives a worker keeps going at once
	// By session index; index i is only touched by worker i % -c, so no lock.
	busy, dirty, used []bool

	lives, visits atomic.Int64
}

// injection is an error X-Mock-Error asks for, with the status it comes with.
type injection struct {
	code   string
	status int
}

func newRunner(cfg config, t *target) (*runner, error) {
	con, err := contract.Load()
	if err != nil {
		return nil, err
	}
	r := &runner{
		cfg: cfg, t: t, actions: map[string]*contract.Action{}, inject: map[string][]injection{},
		client: &http.Client{
			Timeout:   90 * time.Second,
			Transport: &http.Transport{MaxIdleConns: 4 * cfg.Concurrency, MaxIdleConnsPerHost: 4 * cfg.Concurrency, IdleConnTimeout: 30 * time.Second, DisableCompression: true},
		},
	}
	for _, a := range con.Actions() {
		r.actions[a.Name] = a
		codes := a.Errors.Codes()
		// Throttling four times in five, else a 500: what a client meets and retries.
		if st, ok := codes["ResourceThrottled"]; ok {
			for range 4 {
				r.inject[a.Name] = append(r.inject[a.Name], injection{"ResourceThrottled", st})
			}
		}
		if st, ok := codes["InternalServerError"]; ok {
			r.inject[a.Name] = append(r.inject[a.Name], injection{"InternalServerError", st})
		}
	}
	// Extra requests are drawn per request sent; these make them errors and faults of all.
	rest := 1 - cfg.Errors - cfg.Faults
	r.pInject, r.pFault = cfg.Errors/rest, cfg.Faults/rest
	r.sessions = cfg.Sessions - cfg.Sessions%cfg.Concurrency
	r.perLive = min(4, r.sessions/cfg.Concurrency)
	r.busy, r.dirty, r.used = make([]bool, r.sessions), make([]bool, r.sessions), make([]bool, r.sessions)
	if cfg.URL != "" {
		for i := range r.dirty { // a server we did not start: sessions may hold anything
			r.dirty[i] = true
		}
	}
	return r, nil
}

// take takes a ticket for one request; false when the run has sent all it may.
func (r *runner) take() bool { return r.sent.Add(1) <= int64(r.cfg.N) }

// worker runs lives, a visit of a few steps at a time, round robin over perLive of them.
type worker struct {
	r   *runner
	id  int
	ctx context.Context
	rng *rand.Rand
	k   int64 // this worker's next life ordinal
}

// life is one session's use: a test that arrives, does its steps and (mostly) cleans up.
type life struct {
	no        int64 // unique in the run: names executions, picks the kind
	idx       int   // the session index
	session   string
	kind      string
	abandoned bool
	steps     []step
	pc        int

	// carried from step to step
	fixtureFlow string // a flow the session had before the life created any
	fixtureExec string // an execution of fixtureFlow
	nextToken   string
	token       string // the callback task token of the execution last started
}

type step func(w *worker, l *life) error

func (w *worker) run() {
	lives := make([]*life, w.r.perLive)
	for turn := 0; ; turn++ {
		if w.ctx.Err() != nil {
			return
		}
		slot := turn % len(lives)
		l := lives[slot]
		if l == nil || l.pc == len(l.steps) {
			if l != nil {
				w.finish(l)
			}
			l = w.newLife()
			lives[slot] = l
		}
		w.r.visits.Add(1)
		for n := 2 + w.rng.IntN(4); n > 0 && l.pc < len(l.steps); n-- {
			if err := l.steps[l.pc](w, l); err != nil {
				return
			}
			l.pc++
		}
	}
}

func (w *worker) newLife() *life {
	r := w.r
	var l *life
	for l == nil {
		no := w.k*int64(r.cfg.Concurrency) + int64(w.id)
		w.k++
		idx := int(no % int64(r.sessions))
		if r.busy[idx] { // a slow life of this worker still holds it; take the next
			continue
		}
		l = &life{no: no, idx: idx, session: fmt.Sprintf("soak-%06d", idx)}
	}
	l.kind = lifeKinds[(l.no/abandonEvery)%int64(len(lifeKinds))]
	l.abandoned = l.no%abandonEvery == abandonEvery-2
	body, cleanup := plan(l)
	if r.dirty[l.idx] {
		l.steps = append(l.steps, reset)
	}
	l.steps = append(l.steps, body...)
	if !l.abandoned {
		l.steps = append(l.steps, cleanup...)
	}
	r.busy[l.idx], r.used[l.idx] = true, true
	r.lives.Add(1)
	return l
}

func (w *worker) finish(l *life) {
	w.r.busy[l.idx] = false
	w.r.dirty[l.idx] = l.abandoned
}

// plan returns the steps of a life of l.kind, and its clean-up.
func plan(l *life) (body, cleanup []step) {
	n := strconv.FormatInt(l.no, 10)
	reset2 := []step{reset}
	switch l.kind {
	case lifeVersions:
		e := "ver-" + n
		body = []step{
			createFlow(passFlow, ""),
			call("PublishFlowVersion", vals("FlowName", passFlow), want{check: field("Version", "1")}),
			call("UpdateFlow", vals("Name", passFlow, "Description", "second version"), want{}),
			call("PublishFlowVersion", vals("FlowName", passFlow), want{check: field("Version", "2")}),
			call("ListFlowVersions", vals("FlowName", passFlow), want{check: count("FlowVersions", 2)}),
			call("DescribeFlow", vals("Name", passFlow, "FlowVersion", "1"), want{}),
			call("CreateFlowAlias", vals("FlowName", passFlow, "Name", "prod", "RoutingConfigurations", `[{"Version":"1","Weight":50},{"Version":"2","Weight":50}]`), want{}),
			call("DescribeFlowAlias", vals("FlowName", passFlow, "Name", "prod"), want{}),
			call("ListFlowAliases", vals("FlowName", passFlow), want{check: count("Aliases", 1)}),
			call("UpdateFlowAlias", vals("FlowName", passFlow, "Name", "prod", "RoutingConfigurations", `[{"Version":"2","Weight":100}]`), want{}),
			start(passFlow, e, "prod"),
			poll(passFlow, e, "Succeeded"),
			call("ListExecutions", vals("FlowName", passFlow, "Qualifier", "prod"), want{check: has("Executions", e)}),
			call("DeleteFlowAlias", vals("FlowName", passFlow, "Name", "prod"), want{}),
			call("DeleteFlowVersion", vals("FlowName", passFlow, "FlowVersion", "1"), want{}),
		}
		cleanup = append([]step{call("DeleteFlow", vals("Name", passFlow), want{})}, reset2...)
	case lifeSchedules:
		body = []step{
			createFlow(passFlow, ""),
			call("CreateSchedule", vals("FlowName", passFlow, "ScheduleName", "hourly", "CronExpression", "0 0 * * * *", "Payload", `{"life":`+n+`}`), want{}),
			call("ListSchedules", vals("FlowName", passFlow), want{check: has("Schedules", "hourly")}),
			call("DescribeSchedule", vals("FlowName", passFlow, "ScheduleName", "hourly"), want{}),
			call("UpdateSchedule", vals("FlowName", passFlow, "ScheduleName", "hourly", "Enable", "false", "Description", "paused"), want{}),
			call("CreateSchedule", vals("FlowName", passFlow, "ScheduleName", "nightly", "CronExpression", "0 30 2 * * *"), want{}),
			call("DeleteSchedule", vals("FlowName", passFlow, "ScheduleName", "hourly"), want{}),
			call("DescribeSchedule", vals("FlowName", passFlow, "ScheduleName", "hourly"), want{status: 404, code: "ScheduleNotExists"}),
			journalCount,
		}
		cleanup = append([]step{call("DeleteFlow", vals("Name", passFlow), want{})}, reset2...) // nightly goes with it
	case lifeCallbacks:
		c1, c2, w1, w2 := "cb-"+n+"-1", "cb-"+n+"-2", "wait-"+n+"-1", "wait-"+n+"-2"
		body = []step{
			createFlow(cbFlow, ""),
			start(cbFlow, c1, ""),
			taskToken(c1),
			reportTask(true),
			poll(cbFlow, c1, "Succeeded"),
			start(cbFlow, c2, ""),
			taskToken(c2),
			reportTask(false),
			poll(cbFlow, c2, "Failed"),
			call("GetExecutionHistory", vals("FlowName", cbFlow, "ExecutionName", c2), want{check: lastEvent("ExecutionFailed")}),
			createFlow(waitFlow, ""),
			start(waitFlow, w1, ""),
			call("StopExecution", vals("FlowName", waitFlow, "ExecutionName", w1, "Error", "Soak.Stopped", "Cause", "the soak stops it"), want{check: field("Status", "Stopped")}),
			poll(waitFlow, w1, "Stopped"),
			start(waitFlow, w2, ""), // left running: DeleteFlow ends it, or eviction
		}
		cleanup = append([]step{call("DeleteFlow", vals("Name", waitFlow), want{}), call("DeleteFlow", vals("Name", cbFlow), want{})}, reset2...)
	case lifeExpress:
		e, s := "map-"+n, "sync-"+n
		body = []step{
			call("DescribeRegions", nil, want{}),
			call("DescribeRegions", vals("AcceptLanguage", "zh-CN"), want{}),
			createFlow(syncFlow, "Express"),
			call("StartSyncExecution", vals("FlowName", syncFlow, "ExecutionName", s, "Input", `{"life":`+n+`}`), want{check: field("Status", "Succeeded")}),
			createFlow(passFlow, ""),
			start(passFlow, e, ""),
			poll(passFlow, e, "Succeeded"),
			call("DescribeMapRun", vals("FlowName", passFlow, "ExecutionName", e, "MapRunName", "m1"), want{status: 400, code: "InvalidArgument"}),
			call("UpdateMapRun", vals("FlowName", passFlow, "ExecutionName", e, "MapRunName", "m1", "Concurrency", "4"), want{status: 400, code: "InvalidArgument"}),
			call("ListExecutions", vals("FlowName", passFlow, "Status", "Succeeded"), want{check: has("Executions", e)}),
			call("DescribeFlow", vals("Name", syncFlow), want{}),
		}
		cleanup = append([]step{call("DeleteFlow", vals("Name", syncFlow), want{}), call("DeleteFlow", vals("Name", passFlow), want{})}, reset2...)
	default: // lifeRun
		e := "run-" + n
		body = []step{
			listFixtureFlows,
			createFlow(passFlow, ""),
			call("DescribeFlow", vals("Name", passFlow), want{}),
			call("ListFlows", vals("Limit", "100"), want{check: has("Flows", passFlow)}),
			start(passFlow, e, ""),
			poll(passFlow, e, "Succeeded"),
			call("GetExecutionHistory", vals("FlowName", passFlow, "ExecutionName", e), want{check: lastEvent("ExecutionSucceeded")}),
			call("ListExecutions", vals("FlowName", passFlow, "Limit", "10"), want{check: has("Executions", e)}),
			fixturePage,
			fixtureNextPage,
			fixtureDescribe,
			sessionExecutions(e),
		}
		cleanup = []step{
			call("DeleteFlow", vals("Name", passFlow), want{}),
			call("DescribeFlow", vals("Name", passFlow), want{status: 404, code: "FlowNotExists"}),
			reset,
		}
	}
	return body, cleanup
}

// vals makes parameters of name, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// answer is the part of an API answer the steps look at.
type answer struct {
	Code, Message, Status, NextToken, Version string
	Flows                                     []struct{ Name string }
	Executions                                []struct{ Name string }
	Events                                    []struct{ Type string }
	FlowVersions                              []struct{ Version string }
	Aliases                                   []struct{ Name string }
	Schedules                                 []struct{ ScheduleName string }
}

// want is what a step expects: a status (0: 200), an error code, and a check of the answer
// that returns what is wrong, or "".
type want struct {
	status int
	code   string
	check  func(a *answer) string
}

func call(action string, params url.Values, wt want) step {
	return func(w *worker, l *life) error {
		_, _, err := w.api(l, action, params, wt)
		return err
	}
}

func createFlow(name, mode string) step {
	p := vals("Name", name, "Description", "soak flow", "Type", "FDL",
		"Definition", "Type: StateMachine\nSpecVersion: v1\nName: "+name+"\n"+definitions[name])
	if mode != "" {
		p.Set("ExecutionMode", mode)
	}
	return call("CreateFlow", p, want{})
}

func start(flow, name, qualifier string) step {
	p := vals("FlowName", flow, "ExecutionName", name, "Input", `{"soak":true}`)
	if qualifier != "" {
		p.Set("Qualifier", qualifier)
	}
	return call("StartExecution", p, want{})
}

// poll waits for the execution to end with DescribeExecution's long poll (three at most).
func poll(flow, name, status string) step {
	const polls = 3
	return func(w *worker, l *life) error {
		for i := range polls {
			last := i == polls-1
			ended := false
			_, _, err := w.api(l, "DescribeExecution", vals("FlowName", flow, "ExecutionName", name, "WaitTimeSeconds", "10"), want{check: func(a *answer) string {
				switch a.Status {
				case "Running", "Starting":
					if last {
						return fmt.Sprintf("execution %s of %s still %s after %d long polls", name, flow, a.Status, polls)
					}
					return ""
				case status:
				default:
					return fmt.Sprintf("execution %s of %s ended %s, want %s", name, flow, a.Status, status)
				}
				ended = true
				return ""
			}})
			if err != nil || ended {
				return err
			}
		}
		return nil
	}
}

// taskToken finds the callback token of the execution through the control plane, looking
// again for up to 10 s: the execution reaches its task on the server's goroutine.
func taskToken(execution string) step {
	const patience = 10 * time.Second
	return func(w *worker, l *life) error {
		l.token = ""
		for deadline := time.Now().Add(patience); ; {
			last := time.Now().After(deadline)
			_, err := w.ctl(l, ctlTasks, http.MethodGet, "/_mock/sessions/"+url.PathEscape(l.session)+"/tasks", func(b []byte) string {
				var tasks []struct{ Token, Execution string }
				if err := json.Unmarshal(b, &tasks); err != nil {
					return "tasks: " + err.Error()
				}
				for _, t := range tasks {
					if t.Execution == execution {
						l.token = t.Token
						return ""
					}
				}
				if last {
					return fmt.Sprintf("no callback task of execution %s after %s", execution, patience)
				}
				return ""
			})
			if err != nil || l.token != "" || last {
				return err
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// reportTask completes the callback task found last.
func reportTask(ok bool) step {
	return func(w *worker, l *life) error {
		if l.token == "" {
			return nil // counted where it went missing
		}
		if ok {
			return call("ReportTaskSucceeded", vals("TaskToken", l.token, "Output", `{"approved":true}`), want{})(w, l)
		}
		return call("ReportTaskFailed", vals("TaskToken", l.token, "Error", "Soak.Rejected", "Cause", "the soak says no"), want{})(w, l)
	}
}

// listFixtureFlows lists the session's flows before the life creates any: the fixtures.
func listFixtureFlows(w *worker, l *life) error {
	a, k, err := w.api(l, "ListFlows", vals("Limit", "20"), want{})
	if err == nil && k == kindOK && len(a.Flows) > 0 {
		l.fixtureFlow = a.Flows[0].Name
	}
	return err
}

func fixturePage(w *worker, l *life) error {
	if l.fixtureFlow == "" {
		return nil
	}
	a, k, err := w.api(l, "ListExecutions", vals("FlowName", l.fixtureFlow, "Limit", "20"), want{})
	if err == nil && k == kindOK {
		l.nextToken = a.NextToken
		if len(a.Executions) > 0 {
			l.fixtureExec = a.Executions[len(a.Executions)-1].Name
		}
	}
	return err
}

func fixtureNextPage(w *worker, l *life) error {
	if l.nextToken == "" {
		return nil
	}
	return call("ListExecutions", vals("FlowName", l.fixtureFlow, "Limit", "20", "NextToken", l.nextToken), want{})(w, l)
}

func fixtureDescribe(w *worker, l *life) error {
	if l.fixtureExec == "" {
		return nil
	}
	return call("DescribeExecution", vals("FlowName", l.fixtureFlow, "ExecutionName", l.fixtureExec), want{})(w, l)
}

func reset(w *worker, l *life) error {
	_, err := w.ctl(l, ctlReset, http.MethodPost, "/_mock/sessions/"+url.PathEscape(l.session)+"/reset", nil)
	return err
}

func sessionExecutions(name string) step {
	return func(w *worker, l *life) error {
		_, err := w.ctl(l, ctlExecutions, http.MethodGet, "/_mock/sessions/"+url.PathEscape(l.session)+"/executions", func(b []byte) string {
			var runs []struct{ Name string }
			if err := json.Unmarshal(b, &runs); err != nil {
				return "executions: " + err.Error()
			}
			for _, r := range runs {
				if r.Name == name {
					return ""
				}
			}
			return fmt.Sprintf("execution %s missing from the session's executions", name)
		})
		return err
	}
}

func journalCount(w *worker, l *life) error {
	_, err := w.ctl(l, ctlCount, http.MethodGet, "/_mock/requests/count?session="+url.QueryEscape(l.session), func(b []byte) string {
		var c struct{ Count *int }
		if err := json.Unmarshal(b, &c); err != nil || c.Count == nil {
			return fmt.Sprintf("count: want {\"count\":N}, got %.100s", b)
		}
		return ""
	})
	return err
}

// Checks of answers.

func field(name, value string) func(*answer) string {
	return func(a *answer) string {
		var got string
		switch name {
		case "Version":
			got = a.Version
		case "Status":
			got = a.Status
		}
		if got != value {
			return fmt.Sprintf("%s %q, want %q", name, got, value)
		}
		return ""
	}
}

func count(list string, n int) func(*answer) string {
	return func(a *answer) string {
		got := -1
		switch list {
		case "FlowVersions":
			got = len(a.FlowVersions)
		case "Aliases":
			got = len(a.Aliases)
		}
		if got != n {
			return fmt.Sprintf("%d %s, want %d", got, list, n)
		}
		return ""
	}
}

func has(list, name string) func(*answer) string {
	return func(a *answer) string {
		var names []string
		switch list {
		case "Flows":
			for _, f := range a.Flows {
				names = append(names, f.Name)
			}
		case "Executions":
			for _, e := range a.Executions {
				names = append(names, e.Name)
			}
		case "Schedules":
			for _, s := range a.Schedules {
				names = append(names, s.ScheduleName)
			}
		}
		if !slices.Contains(names, name) {
			return fmt.Sprintf("%s has no %s (has %s)", list, name, strings.Join(names, ", "))
		}
		return ""
	}
}

func lastEvent(typ string) func(*answer) string {
	return func(a *answer) string {
		if len(a.Events) == 0 || a.Events[len(a.Events)-1].Type != typ {
			return fmt.Sprintf("history of %d events does not end with %s", len(a.Events), typ)
		}
		return ""
	}
}

// Sending.

// mode says what a request asks the mock for besides its action.
type mode struct {
	inject   *injection // X-Mock-Error
	scenario string     // X-Mock-Scenario: a fault
}

// extras sends, by chance, an injected-error or a fault request before the request of
// action: the injected error on the same request (the client then retries it, as SDKs
// retry throttling), the fault on the same request when the action only reads, else on a
// ListFlows (a fault answers after the action ran, so a write would happen twice).
func (w *worker) extras(l *life, action string, params url.Values) error {
	r := w.r
	x := w.rng.Float64()
	switch {
	case x < r.pInject:
		codes := r.inject[action]
		if action == "" || len(codes) == 0 {
			action, params, codes = "ListFlows", vals("Limit", "1"), r.inject["ListFlows"]
		}
		inj := codes[w.rng.IntN(len(codes))]
		_, _, err := w.send(l, action, params, mode{inject: &inj}, want{})
		return err
	case x < r.pInject+r.pFault:
		sc := faultReset
		if w.rng.IntN(4) == 0 {
			sc = faultBroken
		}
		if action == "" || r.actions[action].Method != http.MethodGet {
			action, params = "ListFlows", vals("Limit", "1")
		}
		_, _, err := w.send(l, action, params, mode{scenario: sc}, want{})
		return err
	}
	return nil
}

// api sends an API request (after its extras) and classifies the answer.
func (w *worker) api(l *life, action string, params url.Values, wt want) (*answer, kind, error) {
	if err := w.extras(l, action, params); err != nil {
		return nil, 0, err
	}
	return w.send(l, action, params, mode{}, wt)
}

// send sends one API request the way the SDKs do (GET with a query or POST with a form, as
// the contract says; a fault request always POSTs, since Go's transport silently resends a
// GET whose reused connection broke) and counts its answer.
func (w *worker) send(l *life, action string, params url.Values, m mode, wt want) (*answer, kind, error) {
	r := w.r
	if !r.take() {
		return nil, 0, errStop
	}
	v := url.Values{}
	for k, vs := range params {
		v[k] = vs
	}
	v.Set("Action", action)
	v.Set("Version", "2019-03-15")
	method := r.actions[action].Method
	if m.scenario != "" {
		method = http.MethodPost
	}
	var req *http.Request
	if method == http.MethodGet {
		req, _ = http.NewRequestWithContext(w.ctx, method, r.t.url+"/?"+v.Encode(), nil)
	} else {
		req, _ = http.NewRequestWithContext(w.ctx, method, r.t.url+"/", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("X-Mock-Session", l.session)
	if m.inject != nil {
		req.Header.Set("X-Mock-Error", m.inject.code)
	}
	if m.scenario != "" {
		req.Header.Set("X-Mock-Scenario", m.scenario)
	}
	status, body, d, err := w.do(req)
	if w.ctx.Err() != nil {
		return nil, 0, errStop // the run is over: not an answer
	}
	a := &answer{}
	var jerr error
	if err == nil {
		jerr = json.Unmarshal(body, a)
	}
	k, why := classify(m, wt, status, a, err, jerr)
	r.st.record(action, k, d, why)
	return a, k, nil
}

func classify(m mode, wt want, status int, a *answer, err, jerr error) (kind, string) {
	got := func() string {
		if err != nil {
			return "transport error: " + err.Error()
		}
		if jerr != nil {
			return fmt.Sprintf("status %d, malformed JSON: %v", status, jerr)
		}
		if a.Code != "" {
			return fmt.Sprintf("status %d %s: %s", status, a.Code, a.Message)
		}
		return fmt.Sprintf("status %d", status)
	}
	switch {
	case m.scenario != "":
		if err != nil || jerr != nil {
			return kindFault, ""
		}
		if status >= 500 {
			return kind5xx, got() + " (with fault scenario " + m.scenario + ")"
		}
		return kindOther, "fault scenario " + m.scenario + " answered whole: " + got()
	case m.inject != nil:
		if err == nil && jerr == nil && status == m.inject.status && a.Code == m.inject.code {
			return kindInjected, ""
		}
		if err == nil && status >= 500 {
			return kind5xx, got() + ", want injected " + m.inject.code
		}
		return kindOther, got() + ", want injected " + m.inject.code
	}
	wantStatus := wt.status
	if wantStatus == 0 {
		wantStatus = http.StatusOK
	}
	switch {
	case err != nil:
		return kindOther, got()
	case status >= 500:
		return kind5xx, got()
	case jerr != nil:
		return kindOther, got()
	case status != wantStatus || a.Code != wt.code:
		return kindOther, fmt.Sprintf("%s, want %d %s", got(), wantStatus, wt.code)
	case wt.check != nil:
		if why := wt.check(a); why != "" {
			return kindOther, why
		}
	}
	return kindOK, ""
}

// ctl sends a control-plane request (after the extras of a ListFlows) and counts its answer;
// check looks at a 200's body and returns what is wrong, or "".
func (w *worker) ctl(l *life, name, method, path string, check func([]byte) string) ([]byte, error) {
	if err := w.extras(l, "", nil); err != nil {
		return nil, err
	}
	if !w.r.take() {
		return nil, errStop
	}
	req, _ := http.NewRequestWithContext(w.ctx, method, w.r.t.url+path, nil)
	status, body, d, err := w.do(req)
	if w.ctx.Err() != nil {
		return nil, errStop
	}
	k, why := kindOK, ""
	switch {
	case err != nil:
		k, why = kindOther, "transport error: "+err.Error()
	case status >= 500:
		k, why = kind5xx, fmt.Sprintf("status %d: %.200s", status, body)
	case status != http.StatusOK:
		k, why = kindOther, fmt.Sprintf("status %d: %.200s", status, body)
	case check != nil:
		if why = check(body); why != "" {
			k = kindOther
		}
	}
	w.r.st.record(name, k, d, why)
	return body, nil
}

// do sends req and reads the whole answer; the duration is to the end of the body.
func (w *worker) do(req *http.Request) (status int, body []byte, d time.Duration, err error) {
	t0 := time.Now()
	res, err := w.r.client.Do(req)
	if err == nil {
		status = res.StatusCode
		body, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	return status, body, time.Since(t0), err
}
