package interp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/interp"
)

// epoch is when test clocks start.
var epoch = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// testClock is a discrete-event clock: Sleep returns at once and moves Now forward;
// WaitUntil waits until Sleep or Advance gets the clock there.
type testClock struct {
	mu   sync.Mutex
	now  time.Time
	wake chan struct{} // closed when the clock moves
}

func newClock() *testClock { return &testClock{now: epoch, wake: make(chan struct{})} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

// Advance moves the clock forward by d.
func (c *testClock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	close(c.wake)
	c.wake = make(chan struct{})
}

func (c *testClock) WaitUntil(ctx context.Context, t time.Time) error {
	for {
		c.mu.Lock()
		now, wake := c.now, c.wake
		c.mu.Unlock()
		if !now.Before(t) {
			return nil
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// sleepClock hides WaitUntil: timeouts then Sleep.
type sleepClock struct{ c *testClock }

func (s sleepClock) Now() time.Time { return s.c.Now() }

func (s sleepClock) Sleep(ctx context.Context, d time.Duration) error { return s.c.Sleep(ctx, d) }

// answer is one scripted task answer: a result, a throw, or a block until the context ends.
type answer struct {
	out   string
	throw string // "Code: cause"
	block bool
}

func ret(out string) answer    { return answer{out: out} }
func throw(code string) answer { return answer{throw: code} }

// script is a scripted Tasks: the answers of each state by invocation index (the last one
// repeats); a state without answers echoes its input.
type script struct {
	answers map[string][]answer
	// started, when set, gets every invocation that blocks.
	started chan interp.Invocation

	mu    sync.Mutex
	calls []interp.Invocation
}

func (s *script) Invoke(ctx context.Context, inv interp.Invocation) (json.RawMessage, error) {
	s.mu.Lock()
	s.calls = append(s.calls, inv)
	s.mu.Unlock()
	as := s.answers[inv.State]
	if len(as) == 0 {
		return inv.Input, nil
	}
	a := as[min(inv.Index, len(as)-1)]
	switch {
	case a.block:
		if s.started != nil {
			s.started <- inv
		}
		<-ctx.Done()
		return nil, ctx.Err()
	case a.throw != "":
		code, cause, _ := strings.Cut(a.throw, ": ")
		return nil, &interp.TaskError{Code: code, Cause: cause}
	}
	return json.RawMessage(a.out), nil
}

// invocations lists the calls as "State#Index" in the order they were made.
func (s *script) invocations() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b []string
	for _, c := range s.calls {
		b = append(b, fmt.Sprintf("%s#%d", c.State, c.Index))
	}
	return strings.Join(b, " ")
}

// parse parses a definition or fails the test.
func parse(tb testing.TB, text string) *fdl.Definition {
	tb.Helper()
	d, err := fdl.Parse(text)
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	return d
}

// tokens mints "token-1", "token-2"… for one execution.
func tokens() func() string {
	var mu sync.Mutex
	n := 0
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("token-%d", n)
	}
}

// params are the parameters of a test execution of text on a test clock.
func params(tb testing.TB, text, input string, tasks interp.Tasks) interp.Params {
	tb.Helper()
	return interp.Params{Flow: "f", Name: "e1", Definition: parse(tb, text), Input: input,
		Clock: newClock(), Tasks: tasks, Tokens: tokens()}
}

// outcome is a snapshot's status, output or error, as one line.
func outcome(s interp.Snapshot) string {
	if s.Status == interp.Succeeded {
		return "Succeeded " + s.Output
	}
	return fmt.Sprintf("%s %s: %s", s.Status, s.Error, s.Cause)
}

// history formats events one a line: ID, ScheduleID, Type, Step, time since epoch, Detail.
func history(events []interp.Event) string {
	var b strings.Builder
	for _, e := range events {
		fmt.Fprintf(&b, "%d\t%d\t%s\t%s\t+%s\t%s\n", e.ID, e.ScheduleID, e.Type, e.Step, e.Time.Sub(epoch), e.Detail)
	}
	return b.String()
}
