package logsink_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/logsink"
)

// lockedBuffer is a destination safe for concurrent writes, counting Write calls.
type lockedBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes int
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.writes++
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestNothingLost(t *testing.T) {
	for _, tt := range []struct {
		name string
		size int
	}{{"default size", 0}, {"tiny buffer forces waits", 64}, {"buffer of one line", 12}} {
		t.Run(tt.name, func(t *testing.T) {
			dst := &lockedBuffer{}
			w := logsink.New(dst, tt.size)
			const writers, lines = 8, 500
			var wg sync.WaitGroup
			for g := range writers {
				wg.Go(func() {
					for i := range lines {
						fmt.Fprintf(w, "g%d-%04d\n", g, i)
					}
				})
			}
			wg.Wait()
			if err := w.Close(); err != nil {
				t.Fatalf("Close = %v, want nil", err)
			}
			got := strings.Split(strings.TrimSuffix(dst.String(), "\n"), "\n")
			if len(got) != writers*lines {
				t.Fatalf("got %d lines, want %d", len(got), writers*lines)
			}
			next := map[string]int{}
			for _, l := range got {
				var g, i int
				if _, err := fmt.Sscanf(l, "g%d-%04d", &g, &i); err != nil {
					t.Fatalf("torn line %q: %v", l, err)
				}
				key := fmt.Sprint(g)
				if i != next[key] {
					t.Fatalf("writer %d: line %d after %d: order lost", g, i, next[key]-1)
				}
				next[key]++
			}
		})
	}
}

func TestWriteAfterClose(t *testing.T) {
	dst := &lockedBuffer{}
	w := logsink.New(dst, 0)
	fmt.Fprint(w, "before\n")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close = %v, want nil", err)
	}
	fmt.Fprint(w, "after\n")
	if got, want := dst.String(), "before\nafter\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

type failing struct{}

func (failing) Write(p []byte) (int, error) { return 0, errors.New("disk full") }

func TestDestinationError(t *testing.T) {
	w := logsink.New(failing{}, 0)
	fmt.Fprint(w, "x\n")
	if err := w.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Close = %v, want the destination's error", err)
	}
}

func BenchmarkWrite(b *testing.B) {
	w := logsink.New(&lockedBuffer{}, 0)
	line := []byte(`time=2026-12-02T10:00:00Z level=INFO msg=request request_id=8B8F9A1C-3D0E-4F5A-9B6C-7D8E9F0A1B2C session=default action=ListExecutions status=200` + "\n")
	b.ReportAllocs()
	for b.Loop() {
		_, _ = w.Write(line)
	}
	_ = w.Close()
}

// BenchmarkWriteParallel writes request lines from every P at once to a destination that
// keeps nothing: what the request path pays for its log line.
func BenchmarkWriteParallel(b *testing.B) {
	w := logsink.New(io.Discard, 0)
	line := []byte(`time=2026-12-02T10:00:00Z level=INFO msg=request request_id=8B8F9A1C-3D0E-4F5A-9B6C-7D8E9F0A1B2C session=default action=ListExecutions status=200` + "\n")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, _ = w.Write(line)
		}
	})
	_ = w.Close()
}

// notifying is a destination that hands every batch it gets to a channel.
type notifying chan string

func (n notifying) Write(p []byte) (int, error) {
	n <- string(p)
	return len(p), nil
}

// TestWrittenWithoutClose shows that every batch reaches the destination while the Writer
// is open: after one line, after a line that comes once the buffer was emptied again, and
// after a burst that fills half the buffer.
func TestWrittenWithoutClose(t *testing.T) {
	dst := make(notifying, 16)
	w := logsink.New(dst, 64)
	defer w.Close()
	await := func(want string) {
		t.Helper()
		got := ""
		for len(got) < len(want) {
			select {
			case b := <-dst:
				got += b
			case <-time.After(10 * time.Second): // a bound for a broken Writer, not a wait for a working one
				t.Fatalf("got %q within 10 s, want %q", got, want)
			}
		}
		if got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	for _, batch := range []string{"first\n", "second\n", strings.Repeat("half-full\n", 4)} {
		if _, err := io.WriteString(w, batch); err != nil {
			t.Fatal(err)
		}
		await(batch)
	}
}
