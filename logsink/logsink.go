// Package logsink takes log output off the request path. Write copies the bytes into memory
// and returns without a system call; one goroutine writes them to the destination in
// batches, at most Gather after the first line of a batch. Memory is bounded: when the buffer is full, Write waits for the writer goroutine
// (nothing is dropped). Close writes everything still buffered and stops the goroutine; a
// Write after Close goes straight to the destination, so nothing is lost at shutdown.
package logsink

import (
	"io"
	"sync"
	"time"
)

// DefaultSize is the buffer bound New uses for a size ≤ 0.
const DefaultSize = 1 << 20

// Gather is how long the writer goroutine lets a batch grow after the first write before it
// writes, unless half the buffer fills first: a busy server makes one system call per batch,
// not one per line.
const Gather = 10 * time.Millisecond

// Writer is an asynchronous, buffered io.Writer. It is safe for concurrent use.
type Writer struct {
	dst  io.Writer
	size int

	mu     sync.Mutex
	space  *sync.Cond // signalled when the buffer was taken
	buf    []byte     // what Write appended and the goroutine has not taken
	spare  []byte     // the other buffer, reused
	closed bool
	err    error // the first error of dst, returned by later Writes and Close

	kick chan struct{} // buffered (1): there is something to write
	full chan struct{} // buffered (1): half the buffer is used
	stop chan struct{}
	once sync.Once
	done chan struct{}
}

// New starts a Writer on dst buffering at most size bytes (DefaultSize for size ≤ 0).
func New(dst io.Writer, size int) *Writer {
	if size <= 0 {
		size = DefaultSize
	}
	w := &Writer{dst: dst, size: size, kick: make(chan struct{}, 1), full: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	w.space = sync.NewCond(&w.mu)
	go w.run()
	return w
}

// Write buffers p. It blocks only while the buffer is full.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	for len(w.buf) > 0 && len(w.buf)+len(p) > w.size && !w.closed {
		w.space.Wait()
	}
	if w.closed {
		w.mu.Unlock()
		<-w.done // after what was buffered, in order
		return w.dst.Write(p)
	}
	before := len(w.buf)
	w.buf = append(w.buf, p...)
	err := w.err
	w.mu.Unlock()
	// The goroutine learns of a batch once, when the buffer stops being empty, and of half
	// the buffer once, when it is crossed: a channel operation per line costs more than the
	// line's copy on a busy server.
	if before == 0 {
		signal(w.kick)
	}
	if half := max(w.size/2, 1); before < half && before+len(p) >= half {
		signal(w.full)
	}
	return len(p), err
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// run writes batches until Close.
func (w *Writer) run() {
	defer close(w.done)
	t := time.NewTimer(Gather)
	t.Stop()
	for {
		select {
		case <-w.kick:
		case <-w.stop:
			w.flush()
			return
		}
		t.Reset(Gather)
		select {
		case <-t.C:
		case <-w.full:
			t.Stop()
		case <-w.stop:
			w.flush()
			return
		}
		w.flush()
	}
}

// flush takes the buffer and writes it.
func (w *Writer) flush() {
	w.mu.Lock()
	out := w.buf
	w.buf, w.spare = w.spare[:0], nil
	w.space.Broadcast()
	w.mu.Unlock()
	if len(out) == 0 {
		w.mu.Lock()
		w.spare = out
		w.mu.Unlock()
		return
	}
	_, err := w.dst.Write(out)
	w.mu.Lock()
	if err != nil && w.err == nil {
		w.err = err
	}
	if cap(out) <= 2*w.size {
		w.spare = out[:0]
	}
	w.mu.Unlock()
}

// Close writes what is buffered and stops the goroutine. It returns the first error the
// destination gave. Close is idempotent and safe to call concurrently.
func (w *Writer) Close() error {
	w.once.Do(func() {
		w.mu.Lock()
		w.closed = true
		w.space.Broadcast()
		w.mu.Unlock()
		close(w.stop)
	})
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}
