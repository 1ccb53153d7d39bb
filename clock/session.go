package clock

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Clock is one session's clock. It runs at Scale: 1 is wall time, 0.01 a hundred times
// faster. At scale 0 it is a discrete-event clock: it follows wall time, and jumps over
// waits whenever every running activity of the session waits (quiescence), to the earliest
// wake-up, so concurrent waits overlap exactly as in real time and history still shows the
// waited durations. The clock never runs backwards. It is safe for concurrent use.
//
// Activities are what the session runs: an execution's goroutine, its Parallel branches and
// Map iterations. Whoever runs one counts it with Busy and marks its context with Activity;
// a Sleep on a marked context stops counting while it waits. Waits that are not an
// activity's (a long poll, a task's timeout, a schedule) are wake-ups the clock may jump
// to, but never the reason for a jump: an idle session's clock only follows wall time.
type Clock struct {
	wall  func() time.Time
	since func(time.Time) time.Duration // wall time since an instant of wall

	mu       sync.Mutex
	scale    float64
	base     time.Time     // the clock's time at anchor
	anchor   time.Time     // wall time when base was set
	pace     chan struct{} // closed when Advance or SetScale changes the pace
	waits    waitHeap      // pending waits, earliest wake-up first
	asleep   int           // Sleeps and WaitUntils waiting now
	busy     int           // activities running (not waiting on the clock)
	sleeping int           // pending Sleeps: at scale 0 they make the clock jump when busy is 0
	jumps    uint64        // jumps made, for tests and metrics
}

// New returns a clock that reads start now and runs at scale; wall is the wall clock (nil
// means time.Now).
func New(start time.Time, scale float64, wall func() time.Time) (*Clock, error) {
	if err := CheckScale(scale); err != nil {
		return nil, err
	}
	since := time.Since // reads only the monotonic clock: half the cost of Now().Sub
	if wall == nil {
		wall = time.Now
	} else {
		since = func(t time.Time) time.Duration { return wall().Sub(t) }
	}
	return &Clock{wall: wall, since: since, scale: scale, base: start, anchor: wall(), pace: make(chan struct{})}, nil
}

// CheckScale says why scale is not one a clock can run at: it must be from 0 to 1.
func CheckScale(scale float64) error {
	if !(scale >= 0 && scale <= 1) {
		return fmt.Errorf("a time scale is from 0 (waits take no time) to 1 (wall time), got %v", scale)
	}
	return nil
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return shown(c.now())
}

func (c *Clock) now() time.Time {
	elapsed := c.since(c.anchor)
	if c.scale == 0 || elapsed <= 0 {
		return c.base.Add(max(elapsed, 0))
	}
	return c.base.Add(time.Duration(float64(elapsed) / c.scale))
}

// wallFor is how long a wait of d on the clock lasts in wall time at the current scale.
func (c *Clock) wallFor(d time.Duration) time.Duration {
	if c.scale == 0 {
		return d // between jumps the clock follows wall time
	}
	return time.Duration(float64(d) * c.scale)
}

// Scale is the pace the clock runs at.
func (c *Clock) Scale() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scale
}

// SetScale changes the pace from now on.
func (c *Clock) SetScale(scale float64) error {
	if err := CheckScale(scale); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rebase(c.now())
	c.scale = scale
	c.settle()
	return nil
}

// Advance moves the clock forward by d (d < 0 is an error): waits that end by then end.
func (c *Clock) Advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("the clock does not run backwards: advance by %v", d)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := inRange(c.now(), d); err != nil {
		return err
	}
	c.rebase(c.now().Add(d))
	c.settle()
	return nil
}

// Set moves the clock forward to t (a t before now is an error): waits that end by then
// end. A test that needs fixed times sets them this way.
func (c *Clock) Set(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := c.now(); t.Before(now) {
		return fmt.Errorf("the clock does not run backwards: set to %v, it reads %v", t, now)
	}
	c.rebase(t)
	c.settle()
	return nil
}

// rebase sets the clock to t from this wall instant and tells the waits to recompute.
func (c *Clock) rebase(t time.Time) {
	c.base, c.anchor = t, c.wall()
	close(c.pace)
	c.pace = make(chan struct{})
}

// Busy counts n more running activities (n < 0: fewer). An activity that ends, or starts
// waiting for something other than the clock's own waits (its children), calls Busy(-1).
func (c *Clock) Busy(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.busy += n
	if n < 0 {
		c.settle()
	}
}

// activityKey marks a context as a counted activity's of the clock its value is.
type activityKey struct{}

// Activity returns ctx marked as the context of an activity of c that Busy counts: its
// Sleeps stop counting it while they wait.
func (c *Clock) Activity(ctx context.Context) context.Context {
	if ctx.Value(activityKey{}) == c {
		return ctx
	}
	return context.WithValue(ctx, activityKey{}, c)
}

// Waiting is how many Sleeps and WaitUntils are waiting now.
func (c *Clock) Waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.asleep
}

// Running is how many activities run now (Busy's count).
func (c *Clock) Running() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.busy
}

// Jumps is how many times the clock has jumped over waits.
func (c *Clock) Jumps() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.jumps
}
