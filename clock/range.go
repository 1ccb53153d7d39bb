package clock

import (
	"fmt"
	"time"

	"github.com/flowmock/flowmock/cftime"
)

// The API shows times with a four-digit year (cftime): a clock is never advanced past
// cftime.Max, and Now never reads later, however long it runs (or sleeps, at scale 0).

// inRange says why now advanced by d would pass cftime.Max.
func inRange(now time.Time, d time.Duration) error {
	if t := now.Add(d); d > 0 && (t.After(cftime.Max) || t.Before(now)) {
		return fmt.Errorf("advancing by %v would take the clock past %s, the latest time the API can show; it reads %s", d, cftime.Of(cftime.Max), cftime.Of(shown(now)))
	}
	return nil
}

// shown is t, or cftime.Max for a later t.
func shown(t time.Time) time.Time {
	if t.After(cftime.Max) {
		return cftime.Max
	}
	return t
}
