package logsink_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowmock/flowmock/logsink"
)

type counting struct{ n atomic.Int64 }

func (c *counting) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return len(p), nil
}

// TestSizeOneLatency: a Writer of size 1 writes each line at once when the next one waits.
func TestSizeOneLatency(t *testing.T) {
	w := logsink.New(&counting{}, 1)
	defer w.Close()
	start := time.Now()
	for range 50 {
		fmt.Fprintln(w, "x")
	}
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Errorf("50 lines through a Writer of size 1 took %v (each waits Gather: half the buffer, 0, is never crossed)", d)
	}
}
