package clock_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/clock"
)

// TestNeverPastTheAPIsRange: advancing past 9999-12-31T23:59:59.999Z is refused and leaves
// the clock as it was; a clock that gets there otherwise (a sleep at scale 0, running at
// scale 1) reads cftime.Max, never a five-digit year.
func TestNeverPastTheAPIsRange(t *testing.T) {
	near := cftime.Max.Add(-time.Hour)
	tests := []struct {
		name    string
		advance time.Duration
		sleep   time.Duration
		wantErr bool
		want    time.Time
	}{
		{name: "to the last millisecond", advance: time.Hour, want: cftime.Max},
		{name: "one millisecond too far", advance: time.Hour + time.Millisecond, wantErr: true, want: near},
		{name: "the longest duration", advance: time.Duration(1<<63 - 1), wantErr: true, want: near},
		{name: "a sleep past the end", sleep: 2 * time.Hour, want: cftime.Max},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &wall{now: t0} // still: at scale 0 the clock also follows wall time
			c, err := clock.New(near, 0, w.Now)
			if err != nil {
				t.Fatal(err)
			}
			if tt.sleep > 0 {
				if err := c.Sleep(context.Background(), tt.sleep); err != nil {
					t.Fatal(err)
				}
			}
			err = c.Advance(tt.advance)
			switch {
			case tt.wantErr && (err == nil || !strings.Contains(err.Error(), "9999-12-31T23:59:59.999Z")):
				t.Errorf("Advance(%v) = %v, want an error naming the latest time", tt.advance, err)
			case !tt.wantErr && err != nil:
				t.Errorf("Advance(%v) = %v, want nil", tt.advance, err)
			}
			if got := c.Now(); !got.Equal(tt.want) {
				t.Errorf("Now = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScaleOneStopsAtTheEnd(t *testing.T) {
	w := &wall{now: t0}
	c, err := clock.New(cftime.Max.Add(-time.Second), 1, w.Now)
	if err != nil {
		t.Fatal(err)
	}
	w.add(time.Minute)
	if got := c.Now(); !got.Equal(cftime.Max) {
		t.Errorf("a minute after 9999-12-31T23:59:59 Now = %v, want %v", got, cftime.Max)
	}
}
