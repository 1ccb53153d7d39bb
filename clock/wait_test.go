package clock_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/clock"
)

// stillClock is a scale-0 clock over a wall clock that stands still, so every time it
// reads comes from its jumps and advances.
func stillClock(t *testing.T) (*clock.Clock, *wall) {
	t.Helper()
	w := &wall{now: t0}
	c, err := clock.New(t0, 0, w.Now)
	if err != nil {
		t.Fatal(err)
	}
	return c, w
}

// TestConcurrentSleepsOverlap: activities that wait at once end after the longest wait,
// each at its own wake-up, not one after another.
func TestConcurrentSleepsOverlap(t *testing.T) {
	tests := []struct {
		name  string
		waits []time.Duration
	}{
		{"two", []time.Duration{100 * time.Second, 80 * time.Second}},
		{"equal", []time.Duration{time.Minute, time.Minute, time.Minute}},
		{"many", []time.Duration{5 * time.Second, time.Hour, 3 * time.Second, 20 * time.Minute}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := stillClock(t)
			ctx := c.Activity(context.Background())
			c.Busy(len(tt.waits))
			ends := make([]time.Time, len(tt.waits))
			var wg sync.WaitGroup
			for i, d := range tt.waits {
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer c.Busy(-1)
					if err := c.Sleep(ctx, d); err != nil {
						t.Error(err)
					}
					ends[i] = c.Now()
				}()
			}
			wg.Wait()
			longest := time.Duration(0)
			for i, d := range tt.waits {
				longest = max(longest, d)
				if want := t0.Add(d); !ends[i].Equal(want) {
					t.Errorf("wait %d (%v) ended at %v, want %v", i, d, ends[i], want)
				}
			}
			if got, want := c.Now(), t0.Add(longest); !got.Equal(want) {
				t.Errorf("Now = %v, want %v (the longest wait)", got, want)
			}
			distinct := map[time.Duration]bool{}
			for _, d := range tt.waits {
				distinct[d] = true
			}
			if got, want := c.Jumps(), uint64(len(distinct)); got != want {
				t.Errorf("%d jumps, want %d (one per distinct wake-up)", got, want)
			}
		})
	}
}

// TestRunningActivityHoldsTheClock: while one activity runs, another's wait does not jump.
func TestRunningActivityHoldsTheClock(t *testing.T) {
	c, w := stillClock(t)
	ctx := c.Activity(context.Background())
	c.Busy(2) // the sleeper and one that runs
	done := make(chan time.Time, 1)
	go func() {
		defer c.Busy(-1)
		_ = c.Sleep(ctx, time.Hour)
		done <- c.Now()
	}()
	waitFor(t, func() bool { return c.Waiting() == 1 })
	w.add(time.Second) // wall time passes: the clock follows it
	if got, want := c.Now(), t0.Add(time.Second); !got.Equal(want) {
		t.Errorf("Now = %v, want %v: the clock follows wall time", got, want)
	}
	select {
	case at := <-done:
		t.Fatalf("the wait ended at %v while another activity ran", at)
	default:
	}
	c.Busy(-1)                                                    // the other activity ends: every activity waits
	if got, want := <-done, t0.Add(time.Hour); !got.Equal(want) { // it began at t0
		t.Errorf("the wait ended at %v, want %v", got, want)
	}
}

// TestAtHoldsUntilReleased: a jump to an At wake-up counts its waiter running until it
// releases, so the next jump comes after what it did.
func TestAtHoldsUntilReleased(t *testing.T) {
	c, _ := stillClock(t)
	ctx := c.Activity(context.Background())
	at := make(chan func(), 1)
	c.Busy(1) // the caller of At
	go func() {
		release, err := c.At(context.Background(), t0.Add(30*time.Second))
		if err != nil {
			t.Error(err)
		}
		at <- release
	}()
	waitFor(t, func() bool { return c.Waiting() == 1 })
	if got := c.Now(); !got.Equal(t0) {
		t.Fatalf("Now = %v: an At alone must not move the clock", got)
	}
	c.Busy(1)
	slept := make(chan time.Time, 1)
	go func() {
		defer c.Busy(-1)
		_ = c.Sleep(ctx, 100*time.Second)
		slept <- c.Now()
	}()
	release := <-at
	if got, want := c.Now(), t0.Add(30*time.Second); !got.Equal(want) {
		t.Errorf("At returned at %v, want %v", got, want)
	}
	select {
	case got := <-slept:
		t.Fatalf("the sleep ended at %v before At released", got)
	default:
	}
	release()
	if got, want := <-slept, t0.Add(100*time.Second); !got.Equal(want) {
		t.Errorf("the sleep ended at %v, want %v", got, want)
	}
}

// TestCancelledSleepRunsAgain: a Sleep its context ended counts its activity running again.
func TestCancelledSleepRunsAgain(t *testing.T) {
	c, _ := stillClock(t)
	c.Busy(2)
	ctx, cancel := context.WithCancel(c.Activity(context.Background()))
	done := make(chan error, 1)
	go func() { done <- c.Sleep(ctx, time.Hour) }()
	waitFor(t, func() bool { return c.Waiting() == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Fatal("Sleep = nil, want the context's error")
	}
	if got := c.Running(); got != 2 {
		t.Errorf("Running = %d, want 2", got)
	}
}

func TestSet(t *testing.T) {
	c, _ := stillClock(t)
	at := t0.Add(48 * time.Hour)
	if err := c.Set(at); err != nil {
		t.Fatal(err)
	}
	if got := c.Now(); !got.Equal(at) {
		t.Errorf("Now = %v, want %v", got, at)
	}
	if err := c.Set(t0); err == nil {
		t.Error("Set to an earlier time: no error")
	}
}
