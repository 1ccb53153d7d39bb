package interp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/interp"
)

// stillWall is a wall clock that stands still: on it a scale-0 clock moves only by its
// jumps, so the times of a run are exact.
type stillWall struct{}

func (stillWall) Now() time.Time { return epoch }

// sessionClock is a session clock at scale (0: over a still wall; else the real one).
func sessionClock(tb testing.TB, scale float64) *clock.Clock {
	tb.Helper()
	wall := time.Now
	if scale == 0 {
		wall = stillWall{}.Now
	}
	c, err := clock.New(epoch, scale, wall)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// delayed answers every task with its input after waiting, on the clock, the delay its
// state name is given (a task Delay of a mock). It counts the most tasks waiting at once.
type delayed struct {
	clk   interp.Clock
	delay map[string]time.Duration

	mu        sync.Mutex
	now, peak int
}

func (d *delayed) Invoke(ctx context.Context, inv interp.Invocation) (json.RawMessage, error) {
	d.mu.Lock()
	d.now++
	d.peak = max(d.peak, d.now)
	d.mu.Unlock()
	defer func() { d.mu.Lock(); d.now--; d.mu.Unlock() }()
	if err := d.clk.Sleep(ctx, d.delay[inv.State]); err != nil {
		return nil, err
	}
	return inv.Input, nil
}

// fanFlow is a Parallel state whose branch i runs task Ti.
func fanFlow(n int) string {
	var b strings.Builder
	b.WriteString("  - Type: Parallel\n    Name: Fan\n    Branches:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - StartAt: T%d\n        States:\n          - Type: Task\n            Name: T%d\n            Action: FC:InvokeFunction\n            End: true\n", i, i)
	}
	b.WriteString("    End: true\n")
	return machine("Fan", b.String())
}

// mapFlow is a Map state over $Input.items running task Work, MaxConcurrency limit.
func mapFlow(limit int) string {
	return machine("Each", fmt.Sprintf(`
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    MaxConcurrency: %d
    ItemConstructor:
      n.$: $Item
    Processor:
      StartAt: Work
      States:
        - Type: Task
          Name: Work
          Action: FC:InvokeFunction
          End: true
    End: true
`, limit))
}

// elapsed runs p to its end and returns how long it took on its clock.
func elapsed(t *testing.T, p interp.Params) time.Duration {
	t.Helper()
	s := interp.Run(context.Background(), p)
	if s.Status != interp.Succeeded {
		t.Fatalf("the execution ended %s", outcome(s))
	}
	return s.Stopped.Sub(s.Started)
}

// TestOverlappingBranches: Parallel branches that wait end after the longest wait.
func TestOverlappingBranches(t *testing.T) {
	tests := []struct {
		name  string
		scale float64
		unit  time.Duration
	}{
		{"scale 0", 0, time.Second},
		{"scale 1", 1, 25 * time.Millisecond},
	}
	waits := []int{10, 4, 7, 2, 9} // units; the sum is 32
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := sessionClock(t, tt.scale)
			d := &delayed{clk: clk, delay: map[string]time.Duration{}}
			for i, w := range waits {
				d.delay[fmt.Sprintf("T%d", i)] = time.Duration(w) * tt.unit
			}
			p := params(t, fanFlow(len(waits)), "", d)
			p.Clock = clk
			got, longest := elapsed(t, p), 10*tt.unit
			if tt.scale == 0 && got != longest {
				t.Errorf("the Parallel took %v, want %v (its longest branch)", got, longest)
			}
			if got < longest {
				t.Errorf("the Parallel took %v, want at least %v (its longest branch)", got, longest)
			}
			if d.peak != len(waits) {
				t.Errorf("%d branches waited at once, want %d", d.peak, len(waits))
			}
		})
	}
}

// TestMapConcurrencyTime: a Map of n items that each wait w with MaxConcurrency c takes
// ceil(n/c)·w (at scale 1: at least that, with c waiting at once).
func TestMapConcurrencyTime(t *testing.T) {
	tests := []struct {
		items, limit, rounds int
	}{
		{5, 2, 3},
		{4, 0, 1},
		{4, 1, 4},
		{6, 3, 2},
		{3, 10, 1},
	}
	for _, scale := range []float64{0, 1} {
		unit := time.Minute
		if scale == 1 {
			unit = 40 * time.Millisecond
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("scale %v/%d items by %d", scale, tt.items, tt.limit), func(t *testing.T) {
				clk := sessionClock(t, scale)
				items, _ := json.Marshal(map[string]any{"items": make([]int, tt.items)})
				d := &delayed{clk: clk, delay: map[string]time.Duration{"Work": unit}}
				p := params(t, mapFlow(tt.limit), string(items), d)
				p.Clock = clk
				got, want := elapsed(t, p), time.Duration(tt.rounds)*unit
				if scale == 0 && got != want {
					t.Errorf("the Map took %v, want %v", got, want)
				}
				if got < want {
					t.Errorf("the Map took %v, want at least %v", got, want)
				}
				if limit := (tt.items + tt.rounds - 1) / tt.rounds; d.peak != limit {
					t.Errorf("%d iterations waited at once, want %d", d.peak, limit)
				}
			})
		}
	}
}

// TestConcurrentExecutionsOverlap: executions of one session wait at once; a task's
// timeout is a wake-up the clock jumps to.
func TestConcurrentExecutionsOverlap(t *testing.T) {
	clk := sessionClock(t, 0)
	d := &delayed{clk: clk, delay: map[string]time.Duration{"T0": time.Hour}}
	const n = 4
	runs := make([]interp.Snapshot, n)
	var wg sync.WaitGroup
	clk.Busy(1) // hold the clock until every execution has started
	for i := range n {
		p := params(t, fanFlow(1), "", d)
		p.Clock, p.Name = clk, fmt.Sprint("e", i)
		e := interp.Start(context.Background(), p)
		wg.Add(1)
		go func() { defer wg.Done(); <-e.Done(); runs[i] = e.Snapshot() }()
	}
	clk.Busy(-1)
	wg.Wait()
	for i, s := range runs {
		if got := s.Stopped.Sub(epoch); s.Status != interp.Succeeded || got != time.Hour {
			t.Errorf("execution %d: %s after %v, want Succeeded after 1h", i, s.Status, got)
		}
	}
}

// TestTimeoutIsAWakeUp: a task whose delay passes its Timeout times out at the timeout.
func TestTimeoutIsAWakeUp(t *testing.T) {
	clk := sessionClock(t, 0)
	def := machine("T", `
  - Type: Task
    Name: T
    Action: FC:InvokeFunction
    Timeout: 10
    End: true
`)
	p := params(t, def, "", &delayed{clk: clk, delay: map[string]time.Duration{"T": time.Minute}})
	p.Clock = clk
	s := interp.Run(context.Background(), p)
	if s.Error != interp.ErrTimeout || s.Stopped.Sub(epoch) != 10*time.Second {
		t.Errorf("got %s at +%v, want %s at +10s", outcome(s), s.Stopped.Sub(epoch), interp.ErrTimeout)
	}
}

// TestOldDialectWaitsOverlap: the old dialect's parallel branches and foreach iterations
// wait at once too.
func TestOldDialectWaitsOverlap(t *testing.T) {
	def := flow(`
steps:
  - type: parallel
    name: fan
    branches:
      - steps:
          - {type: wait, name: long, duration: 100}
      - steps:
          - {type: wait, name: short, duration: 80}
  - type: foreach
    name: each
    iterationMapping:
      collection: $.names
      item: name
    steps:
      - {type: wait, name: w, duration: 30}
`)
	clk := sessionClock(t, 0)
	p := params(t, def, `{"names":["a","b","c","d","e"]}`, nil)
	p.Clock = clk
	if got, want := elapsed(t, p), 130*time.Second; got != want {
		t.Errorf("the flow took %v, want %v (the longest branch, then one round of foreach)", got, want)
	}
}

// countingClock records how many activities ran each time the time was read.
type countingClock struct {
	*clock.Clock
	mu      sync.Mutex
	running []int
}

func (c *countingClock) Now() time.Time {
	c.mu.Lock()
	c.running = append(c.running, c.Running())
	c.mu.Unlock()
	return c.Clock.Now()
}

// TestStartCountsBeforeStartedTime: an execution counts as a running activity before it
// reads its StartedTime, so another execution's waits cannot make the clock jump between
// its start time and its first state (it took an extra 30 s, now and then, in
// mock's TestConcurrentWaitsOverlap).
func TestStartCountsBeforeStartedTime(t *testing.T) {
	clk := &countingClock{Clock: sessionClock(t, 0)}
	p := params(t, fanFlow(1), "", nil)
	p.Clock = clk
	e := interp.Start(context.Background(), p)
	<-e.Done()
	clk.mu.Lock()
	defer clk.mu.Unlock()
	if len(clk.running) == 0 || clk.running[0] < 1 {
		t.Fatalf("activities running at each read of the time: %v; want the first (StartedTime) ≥ 1", clk.running)
	}
}
