package clock

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Clock is one session's clock. It runs at Scale: 1 is wall time, 0.01 a hundred times
// faster, and 0 stands still: then time moves only when Advance is called or a Sleep ends,
// which jumps the clock to the end of the wait at once (a discrete-event clock), so history
// still shows the waited duration. The clock never runs backwards. It is safe for concurrent
// use.
type Clock struct {
	wall func() time.Time

	mu     sync.Mutex
	scale  float64
	base   time.Time     // the clock's time at anchor
	anchor time.Time     // wall time when base was set
	wake   chan struct{} // closed when Advance or SetScale changes the pace
	asleep int           // Sleeps waiting now
}

// New returns a clock that reads start now and runs at scale; wall is the wall clock (nil
// means time.Now).
func New(start time.Time, scale float64, wall func() time.Time) (*Clock, error) {
	if err := CheckScale(scale); err != nil {
		return nil, err
	}
	if wall == nil {
		wall = time.Now
	}
	return &Clock{wall: wall, scale: scale, base: start, anchor: wall(), wake: make(chan struct{})}, nil
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
	return c.now()
}

func (c *Clock) now() time.Time {
	if c.scale == 0 {
		return c.base
	}
	return c.base.Add(time.Duration(float64(c.wall().Sub(c.anchor)) / c.scale))
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
	return nil
}

// Advance moves the clock forward by d (d < 0 is an error): waits that end by then end.
func (c *Clock) Advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("the clock does not run backwards: advance by %v", d)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rebase(c.now().Add(d))
	return nil
}

// rebase sets the clock to t from this wall instant and wakes the sleepers to recompute.
func (c *Clock) rebase(t time.Time) {
	c.base, c.anchor = t, c.wall()
	close(c.wake)
	c.wake = make(chan struct{})
}

// Sleep waits until the clock has moved d past now, or until ctx is done (it then returns
// ctx.Err()). At scale 0 it returns at once, the clock jumped to the end of the wait.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	until := c.now().Add(d)
	c.mu.Unlock()
	defer c.waiter()()
	for {
		c.mu.Lock()
		now, scale, wake := c.now(), c.scale, c.wake
		switch {
		case !now.Before(until):
			c.mu.Unlock()
			return nil
		case scale == 0:
			c.rebase(until)
			c.mu.Unlock()
			return nil
		}
		c.mu.Unlock()
		if err := c.wait(ctx, time.Duration(float64(until.Sub(now))*scale), wake); err != nil {
			return err
		}
	}
}

// WaitUntil waits until the clock reads t or later, or until ctx is done (it returns
// ctx.Err()). Unlike Sleep it never moves the clock: at scale 0 it waits for Advance. What
// happens at a time of day (a schedule) waits this way, so a stopped clock does not race.
func (c *Clock) WaitUntil(ctx context.Context, t time.Time) error {
	defer c.waiter()()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.mu.Lock()
		now, scale, wake := c.now(), c.scale, c.wake
		c.mu.Unlock()
		if !now.Before(t) {
			return nil
		}
		d := time.Duration(float64(t.Sub(now)) * scale)
		if scale == 0 {
			d = time.Duration(1<<63 - 1) // until woken
		}
		if err := c.wait(ctx, d, wake); err != nil {
			return err
		}
	}
}

// waiter counts a wait until the func it returns is called.
func (c *Clock) waiter() func() {
	c.mu.Lock()
	c.asleep++
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		c.asleep--
		c.mu.Unlock()
	}
}

// Waiting is how many Sleeps and WaitUntils are waiting now.
func (c *Clock) Waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.asleep
}

// wait waits wall time d, a change of pace, or the end of ctx.
func (c *Clock) wait(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-wake:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}
