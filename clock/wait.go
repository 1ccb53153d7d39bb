package clock

import (
	"container/heap"
	"context"
	"time"
)

// waiter is one pending wait.
type waiter struct {
	until time.Time
	// hold: counted busy again when woken (a Sleep of an activity, or At).
	hold bool
	// sleep: a Sleep, whose waiting lets the clock jump at scale 0.
	sleep bool
	done  chan struct{} // closed when the clock woke it
	woken bool
	index int // in the heap; -1 when out
}

// waitHeap orders waits by wake-up time.
type waitHeap []*waiter

func (h waitHeap) Len() int           { return len(h) }
func (h waitHeap) Less(i, j int) bool { return h[i].until.Before(h[j].until) }
func (h waitHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *waitHeap) Push(x any) {
	w := x.(*waiter)
	w.index = len(*h)
	*h = append(*h, w)
}
func (h *waitHeap) Pop() any {
	old := *h
	w := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	w.index = -1
	return w
}

// Sleep waits until the clock has moved d past now, or until ctx is done (it then returns
// ctx.Err()). On a context marked by Activity, the activity stops counting as running
// while it waits; at scale 0 the clock jumps to the earliest wake-up as soon as no
// activity runs, so a Sleep with nothing else running returns at once.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	activity := ctx.Value(activityKey{}) == c
	c.mu.Lock()
	w := c.add(c.now().Add(d), activity, true)
	if activity {
		c.busy--
	}
	c.settle()
	c.mu.Unlock()
	return c.await(ctx, w)
}

// WaitUntil waits until the clock reads t or later, or until ctx is done (it returns
// ctx.Err()). It is not an activity: it never makes the clock jump, though a jump may go to
// t when it is the earliest wake-up.
func (c *Clock) WaitUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	w := c.add(t, false, false)
	c.settle()
	c.mu.Unlock()
	return c.await(ctx, w)
}

// At waits until the clock reads t, or until ctx is done, for a caller that counts as a
// running activity (Busy(1) before the call, e.g. before starting the goroutine that
// calls At, so that the wake-up is known before anything else can wait). While it waits it
// stops counting and, unlike Sleep, never makes the clock jump, though a jump may go to t.
// When At returns the caller counts as running again, so the clock does not jump on
// before what it does at t (start an execution, time a task out) has started; release
// ends its count, and must be called on error too.
func (c *Clock) At(ctx context.Context, t time.Time) (release func(), err error) {
	release = func() { c.Busy(-1) }
	if err := ctx.Err(); err != nil {
		return release, err
	}
	c.mu.Lock()
	w := c.add(t, true, false)
	c.busy--
	c.settle()
	c.mu.Unlock()
	return release, c.await(ctx, w)
}

// add registers a wait until t. The caller holds c.mu.
func (c *Clock) add(t time.Time, hold, sleep bool) *waiter {
	w := &waiter{until: t, hold: hold, sleep: sleep, done: make(chan struct{})}
	heap.Push(&c.waits, w)
	c.asleep++
	if sleep {
		c.sleeping++
	}
	return w
}

// await waits for w to be woken (by a jump, an advance or wall time), or for ctx.
func (c *Clock) await(ctx context.Context, w *waiter) error {
	for {
		c.mu.Lock()
		if w.woken {
			c.mu.Unlock()
			return nil
		}
		d, pace := c.wallFor(w.until.Sub(c.now())), c.pace
		c.mu.Unlock()
		t := time.NewTimer(d)
		select {
		case <-w.done:
		case <-pace:
		case <-t.C:
			c.mu.Lock()
			c.settle()
			c.mu.Unlock()
		case <-ctx.Done():
			t.Stop()
			return c.cancel(ctx, w)
		}
		t.Stop()
	}
}

// cancel ends w, which ctx ended, unless the clock woke it first.
func (c *Clock) cancel(ctx context.Context, w *waiter) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if w.woken {
		return nil
	}
	heap.Remove(&c.waits, w.index)
	c.out(w)
	if w.hold {
		c.busy++ // the activity runs again
	}
	c.settle()
	return ctx.Err()
}

// out accounts for w leaving the heap. The caller holds c.mu.
func (c *Clock) out(w *waiter) {
	c.asleep--
	if w.sleep {
		c.sleeping--
	}
}

// settle wakes the waits that are due, then, at scale 0 while no activity runs and a Sleep
// waits, jumps the clock to the earliest wake-up and wakes what is due then. The caller
// holds c.mu.
func (c *Clock) settle() {
	c.wakeDue()
	for c.scale == 0 && c.busy <= 0 && c.sleeping > 0 && len(c.waits) > 0 {
		if t := c.waits[0].until; t.After(c.now()) {
			c.base, c.anchor = t, c.wall()
			c.jumps++
		}
		c.wakeDue()
	}
}

// wakeDue wakes every wait whose time has come; the holding ones count as busy at once, so
// no jump happens before they have run. The caller holds c.mu.
func (c *Clock) wakeDue() {
	if len(c.waits) == 0 {
		return
	}
	now := c.now()
	for len(c.waits) > 0 && !c.waits[0].until.After(now) {
		w := heap.Pop(&c.waits).(*waiter)
		c.out(w)
		w.woken = true
		if w.hold {
			c.busy++
		}
		close(w.done)
	}
}
