package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/gen/control"
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
	cfg            config
	t              *target
	client         *http.Client
	control        *control.Client // the control plane's generated client, over client
	st             *stats
	actions        map[string]*contract.Action
	inject         map[string][]injection // the errors X-Mock-Error asks for, by action
	pInject        float64                // per request sent, the chance of an injected request first
	pFault         float64                // per request sent, the chance of a fault request first
	pHostile       float64                // per request sent, the chance of a hostile request first
	hsizes         hostileSizes
	hostileClasses classes

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
	if r.control, err = control.NewClient(t.url, control.WithHTTPClient(r.client)); err != nil {
		return nil, err
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
	rest := 1 - cfg.Errors - cfg.Faults - cfg.Hostile
	r.pInject, r.pFault, r.pHostile = cfg.Errors/rest, cfg.Faults/rest, cfg.Hostile/rest
	r.hsizes = sizes(cfg.HostileFull)
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

	hostileN int // hostile requests sent, to name what they create
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
	cleanupAt int  // the index of the first clean-up step; the last one is a reset
	limited   bool // a global limit refused a step: the rest of the body is skipped

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
			if l.limited && l.pc < l.cleanupAt {
				l.pc, l.limited = l.cut(), false
			}
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
	l.cleanupAt = len(l.steps)
	if !l.abandoned {
		l.steps = append(l.steps, cleanup...)
	}
	r.busy[l.idx], r.used[l.idx] = true, true
	r.lives.Add(1)
	return l
}

// cut is where a life a global limit cut short goes on: its last clean-up step (a reset,
// which clears whatever the life made: its other clean-up steps expect the whole body to
// have run), or its end when it was to be abandoned.
func (l *life) cut() int {
	if l.cleanupAt == len(l.steps) {
		return len(l.steps)
	}
	return len(l.steps) - 1
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
