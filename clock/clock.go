// Package clock is the mock's notion of waiting: every wait ends when its context does (the
// client went away, the session was reset, the server is stopping).
package clock

import (
	"context"
	"time"
)

// Sleep waits for d or until ctx is done, whichever comes first. It returns ctx.Err() when
// ctx ended the wait, nil otherwise; d ≤ 0 returns at once (ctx.Err() if ctx is done).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
