package clock_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/clock"
)

var t0 = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

// wall is a hand-moved wall clock.
type wall struct {
	mu  sync.Mutex
	now time.Time
}

func (w *wall) Now() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }
func (w *wall) add(d time.Duration) {
	w.mu.Lock()
	w.now = w.now.Add(d)
	w.mu.Unlock()
}

// waitFor yields until cond holds (a goroutine reached its wait), failing after 10s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 10s")
		}
		runtime.Gosched()
	}
}

func TestScaleZeroJumps(t *testing.T) {
	c, err := clock.New(t0, 0, (&wall{now: t0}).Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Sleep(context.Background(), 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	if got, want := c.Now(), t0.Add(2*time.Hour); !got.Equal(want) {
		t.Errorf("after a 2h sleep at scale 0: Now = %v, want %v", got, want)
	}
	if err := c.Advance(90 * time.Second); err != nil {
		t.Fatal(err)
	}
	if got, want := c.Now(), t0.Add(2*time.Hour+90*time.Second); !got.Equal(want) {
		t.Errorf("after Advance: Now = %v, want %v", got, want)
	}
}

func TestScaledTime(t *testing.T) {
	w := &wall{now: t0}
	c, err := clock.New(t0, 0.01, w.Now)
	if err != nil {
		t.Fatal(err)
	}
	w.add(time.Second)
	if got, want := c.Now(), t0.Add(100*time.Second); !got.Equal(want) {
		t.Errorf("1s of wall time at scale 0.01: Now = %v, want %v", got, want)
	}
}

// TestAdvanceEndsSleep: at scale 1 a 2-hour wait ends only when the clock is advanced.
func TestAdvanceEndsSleep(t *testing.T) {
	c, err := clock.New(t0, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Sleep(context.Background(), 2*time.Hour) }()
	waitFor(t, func() bool { return c.Waiting() == 1 })
	select {
	case err := <-done:
		t.Fatalf("Sleep ended before the clock moved: %v", err)
	default:
	}
	if err := c.Advance(2 * time.Hour); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Sleep = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Sleep still waiting 10s after the clock was advanced by 2h")
	}
}

func TestSleepEndsWithContext(t *testing.T) {
	c, err := clock.New(t0, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Sleep(ctx, time.Hour) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep = %v, want context.Canceled", err)
	}
}

func TestScaleChangeWakesSleepers(t *testing.T) {
	c, err := clock.New(t0, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Sleep(context.Background(), time.Hour) }()
	waitFor(t, func() bool { return c.Waiting() == 1 })
	if err := c.SetScale(0); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a sleeper did not end when the scale became 0")
	}
	if got := c.Now(); got.Before(t0.Add(time.Hour)) {
		t.Errorf("Now = %v, want at least the end of the wait", got)
	}
}

func TestBadSettings(t *testing.T) {
	for _, s := range []float64{-1, 2} {
		if _, err := clock.New(t0, s, nil); err == nil {
			t.Errorf("New with scale %v: no error", s)
		}
	}
	c, _ := clock.New(t0, 0, nil)
	if err := c.Advance(-time.Second); err == nil {
		t.Error("Advance(-1s): no error")
	}
}

// TestWaitUntilDoesNotMoveTheClock: at scale 0 a wait for a time of day ends when the clock
// is advanced past it, and not before.
func TestWaitUntilDoesNotMoveTheClock(t *testing.T) {
	c, err := clock.New(t0, 0, (&wall{now: t0}).Now)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.WaitUntil(context.Background(), t0.Add(time.Minute)) }()
	if err := c.Advance(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("WaitUntil ended at +30s: %v", err)
	default:
	}
	if got := c.Now(); !got.Equal(t0.Add(30 * time.Second)) {
		t.Errorf("Now = %v, want +30s: WaitUntil must not move the clock", got)
	}
	if err := c.Advance(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("WaitUntil still waiting after the clock reached its time")
	}
}
