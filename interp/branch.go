package interp

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// framed runs body between an entered and an exited event (Branch or Iteration) of item i
// of state step; body gets the ID of the entered event.
func (r *runner) framed(enter, exit, step string, i int, scheduled int64, body func(from int64) error) error {
	id := r.e.record(enter, step, scheduled, intField("index", i))
	err := body(id)
	var se *TaskError
	switch {
	case err == nil:
		r.e.record(exit, step, id, intField("index", i))
	case errors.As(err, &se):
		r.e.record(exit, step, id, intField("index", i), textField("error", se.Code), textField("cause", se.Cause))
	}
	return err
}

// fanOut runs fn(ctx, i) for i from 0 to n-1, at most limit at once (≤ 0: all), in as
// many worker goroutines, each taking the next i when it is done with one; it waits for
// them all. The first failure cancels the others; it is returned when it is a
// *TaskError, errAborted otherwise (the execution ended).
//
// On an ActivityClock the workers count as running activities while the caller waits for
// them: the workers are counted before the caller stops counting, and the last worker
// hands its count back to the caller, so the clock never sees a moment with nothing
// running between them.
func (r *runner) fanOut(ctx context.Context, n, limit int, fn func(ctx context.Context, i int) error) error {
	if limit <= 0 || limit > n {
		limit = n
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg         sync.WaitGroup
		mu         sync.Mutex
		first      error
		next, live atomic.Int64
	)
	ac := r.activities
	live.Store(int64(limit))
	if ac != nil && limit > 0 {
		ac.Busy(limit)
	}
	for range limit {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ac != nil {
				defer func() {
					if live.Add(-1) > 0 {
						ac.Busy(-1)
					}
				}()
			}
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(ctx, i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					cancel()
					return
				}
			}
		}()
	}
	if ac != nil && limit > 0 {
		ac.Busy(-1) // the caller waits: it counts again when the last worker hands back
	}
	wg.Wait()
	var se *TaskError
	if errors.As(first, &se) {
		return se
	}
	if first != nil || ctx.Err() != nil {
		return errAborted
	}
	return nil
}
