package mock

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/flowmock/flowmock/store"
)

// firing runs the enabled schedules: one goroutine each, waiting on its session's clock for
// the next time its cron expression names, then starting an execution with its Payload.
// Every goroutine ends when its schedule is disabled, changed or deleted, its flow deleted,
// its session reset, or the server closed.
type firing struct {
	mu      sync.Mutex
	running map[fireKey]context.CancelFunc
}

type fireKey struct{ session, flow, name string }

// schedule makes sc fire (or stop firing) as it now says; gone means it was deleted.
func (s *Server) schedule(session string, sc store.Schedule, gone bool) {
	k := fireKey{session, sc.Flow, sc.Name}
	s.fire.mu.Lock()
	defer s.fire.mu.Unlock()
	if cancel := s.fire.running[k]; cancel != nil {
		cancel()
		delete(s.fire.running, k)
	}
	if gone || !sc.Enable {
		return
	}
	if s.fire.running == nil {
		s.fire.running = map[fireKey]context.CancelFunc{}
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.fire.running[k] = cancel
	go s.fireLoop(ctx, session, sc)
}

// unschedule stops the schedules of a session (flow "": all of them) from firing.
func (s *Server) unschedule(session, flow string) {
	s.fire.mu.Lock()
	defer s.fire.mu.Unlock()
	for k, cancel := range s.fire.running {
		if k.session == session && (flow == "" || k.flow == flow) {
			cancel()
			delete(s.fire.running, k)
		}
	}
}

// MaxFiresPerAdvance bounds the executions one schedule starts when the clock passes many
// of its fire times at once (an advance of a year over a schedule of every second): the
// first ones start, the rest are skipped, counted by flowmock_schedule_catchups_capped_total
// and logged.
const MaxFiresPerAdvance = 100

// fireLoop starts an execution of sc's flow at each time sc names, until ctx ends. At
// scale 0 a fire time is a wake-up the clock may jump to while the session's executions
// wait; the loop holds the clock there until it has started its executions.
func (s *Server) fireLoop(ctx context.Context, session string, sc store.Schedule) {
	ss := s.State(session)
	for {
		clk := ss.Clock()
		next := sc.Next(clk.Now())
		if next.IsZero() {
			return
		}
		clk.Busy(1)
		release, err := clk.At(ctx, next)
		if err == nil {
			s.fireDue(ctx, session, sc, next, clk.Now())
		}
		release()
		if err != nil {
			return
		}
	}
}

// fireDue starts one execution of sc per time it names from first to now, each with that
// time as its StartedTime, at most MaxFiresPerAdvance.
func (s *Server) fireDue(ctx context.Context, session string, sc store.Schedule, first, now time.Time) {
	n := 0
	for t := first; !t.IsZero() && !t.After(now); t = sc.Next(t) {
		if n == MaxFiresPerAdvance {
			s.metrics.catchups.Inc()
			s.log.Warn("the clock passed more fire times of a schedule than one advance starts; skipped the rest",
				"session", session, "flow", sc.Flow, "schedule", sc.Name, "started", n, "from", t, "to", now)
			return
		}
		s.fireOne(ctx, session, sc, t)
		n++
	}
}

// fireOne starts the execution of sc for fire time t.
func (s *Server) fireOne(ctx context.Context, session string, sc store.Schedule, t time.Time) {
	c := &call{raw: (&http.Request{Header: http.Header{}}).WithContext(ctx), session: session,
		requestID: s.newRequestID(), start: t, fired: t}
	h := handler{srv: s, call: c}
	name := "schedule-" + sc.Name + "-" + s.mint("fire", session, sc.Flow, sc.Name, t.String())[:12]
	if _, err := h.start(sc.Flow, name, sc.Payload, "", false); err != nil {
		s.log.Warn("a schedule could not start its execution", "session", session, "flow", sc.Flow, "schedule", sc.Name, "err", err)
	}
}

// stopAll stops every schedule from firing (the fixtures were reloaded).
func (f *firing) stopAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, cancel := range f.running {
		cancel()
		delete(f.running, k)
	}
}
