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
// deleted. Its loop is a goroutine of the session: a loop it replaces has ended when it
// returns, and the session's reset, eviction or close ends it too.
func (e *Emulator) Schedule(ss *store.Session, sc store.Schedule, gone bool) {
	key := scheduleKey(sc.Flow) + sc.Name + "\x00"
	if gone || !sc.Enable || e.ctx.Err() != nil {
		ss.Stop(key)
		return
	}
	ss.Go(key, func(ctx context.Context) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(e.ctx, cancel)()
		e.fireLoop(ctx, ss, sc)
	})
}

// Unschedule stops the schedules of the session's flow ("": of every flow) and waits for
// their loops to end.
func (e *Emulator) Unschedule(ss *store.Session, flow string) { ss.Stop(scheduleKey(flow)) }

// scheduleKey is the prefix of the session goroutine keys of flow's schedules ("": all).
func scheduleKey(flow string) string {
	if flow == "" {
		return "schedule\x00"
	}
	return "schedule\x00" + flow + "\x00"
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
		TestCase: ss.TestCase(), TestCaseFrom: SessionTestCase, RequestID: e.cfg.RequestID(), Fired: t})
	if err != nil {
		e.log.Warn("a schedule could not start its execution", "session", ss.ID(), "flow", sc.Flow, "schedule", sc.Name, "err", err)
	}
}
