package emulator

import (
	"context"
	"time"

	"github.com/flowmock/flowmock/store"
)

// MaxFiresPerAdvance bounds the executions one schedule starts when the clock passes many
// of its fire times at once (an advance of a year over a schedule of every second): the
// first ones start, the rest are skipped, reported through Config.CatchupCapped and logged.
const MaxFiresPerAdvance = 100

// Schedule makes sc of session ss fire (or stop firing) as it now says; gone means it was
// deleted. A loop it replaces has ended when it returns.
func (e *Emulator) Schedule(ss *store.Session, sc store.Schedule, gone bool) {
	k := fireKey{ss.ID(), sc.Flow, sc.Name}
	e.fire.mu.Lock()
	defer e.fire.mu.Unlock()
	if l := e.fire.running[k]; l != nil {
		l.end()
		delete(e.fire.running, k)
	}
	if gone || !sc.Enable || e.ctx.Err() != nil {
		return
	}
	if e.fire.running == nil {
		e.fire.running = map[fireKey]*loop{}
	}
	ctx, cancel := context.WithCancel(e.ctx)
	l := &loop{cancel: cancel, done: make(chan struct{})}
	e.fire.running[k] = l
	go func() {
		defer close(l.done)
		e.fireLoop(ctx, ss, sc)
	}()
}

// Unschedule stops the schedules of a session (flow "": all of them) and waits for their
// loops to end.
func (e *Emulator) Unschedule(session, flow string) {
	e.fire.mu.Lock()
	defer e.fire.mu.Unlock()
	for k, l := range e.fire.running {
		if k.session == session && (flow == "" || k.flow == flow) {
			l.end()
			delete(e.fire.running, k)
		}
	}
}

// StopSchedules stops every schedule and waits for their loops (the fixtures were reloaded).
func (e *Emulator) StopSchedules() { e.fire.stopAll() }

// Firing returns how many schedule loops run (for tests and metrics).
func (e *Emulator) Firing() int {
	e.fire.mu.Lock()
	defer e.fire.mu.Unlock()
	return len(e.fire.running)
}

func (f *firing) stopAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, l := range f.running {
		l.end()
		delete(f.running, k)
	}
}

// fireLoop starts an execution of sc's flow at each time sc names, until ctx ends. At
// scale 0 a fire time is a wake-up the clock may jump to while the session's executions
// wait; the loop holds the clock there until it has started its executions.
func (e *Emulator) fireLoop(ctx context.Context, ss *store.Session, sc store.Schedule) {
	for {
		clk := ss.Clock()
		next := sc.Next(clk.Now())
		if next.IsZero() {
			return
		}
		clk.Busy(1)
		release, err := clk.At(ctx, next)
		if err == nil {
			e.fireDue(ss, sc, next, clk.Now())
		}
		release()
		if err != nil {
			return
		}
	}
}

// fireDue starts one execution of sc per time it names from first to now, each with that
// time as its StartedTime, at most MaxFiresPerAdvance.
func (e *Emulator) fireDue(ss *store.Session, sc store.Schedule, first, now time.Time) {
	n := 0
	for t := first; !t.IsZero() && !t.After(now); t = sc.Next(t) {
		if n == MaxFiresPerAdvance {
			if e.cfg.CatchupCapped != nil {
				e.cfg.CatchupCapped()
			}
			e.log.Warn("the clock passed more fire times of a schedule than one advance starts; skipped the rest",
				"session", ss.ID(), "flow", sc.Flow, "schedule", sc.Name, "started", n, "from", t, "to", now)
			return
		}
		e.Fire(ss, sc, t)
		n++
	}
}

// Fire starts the execution of sc for fire time t: the same use case as StartExecution, with
// the schedule's Payload as input and t as StartedTime.
func (e *Emulator) Fire(ss *store.Session, sc store.Schedule, t time.Time) {
	name := "schedule-" + sc.Name + "-" + e.Mint("fire", ss.ID(), sc.Flow, sc.Name, t.String())[:12]
	_, err := e.Start(StartRequest{Session: ss, Flow: sc.Flow, Name: name, Input: sc.Payload,
		TestCase: e.TestCase(ss.ID()), TestCaseFrom: SessionTestCase, RequestID: e.cfg.RequestID(), Fired: t})
	if err != nil {
		e.log.Warn("a schedule could not start its execution", "session", ss.ID(), "flow", sc.Flow, "schedule", sc.Name, "err", err)
	}
}
