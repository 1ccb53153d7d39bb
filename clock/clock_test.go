package clock_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/flowmock/flowmock/clock"
)

func TestSleep(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		d    time.Duration
		want error
	}{
		{"elapses", context.Background(), time.Millisecond, nil},
		{"cancelled before", cancelled, time.Hour, context.Canceled},
		{"zero with live context", context.Background(), 0, nil},
		{"zero with cancelled context", cancelled, 0, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clock.Sleep(tt.ctx, tt.d); !errors.Is(got, tt.want) {
				t.Errorf("Sleep = %v, want %v", got, tt.want)
			}
		})
	}
}
