// Package watch calls a function when the files of a directory change: the hot reload of
// fixture and scenario directories. It watches the directory itself (so editors that save by
// renaming are seen) and waits for the changes to settle before calling.
package watch

import (
	"fmt"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultSettle is how long a directory must be quiet before Dir calls its function.
const DefaultSettle = 100 * time.Millisecond

// Watcher is the watch of one directory. Close ends it and waits for its goroutine.
type Watcher struct {
	fs   *fsnotify.Watcher
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// Dir watches dir until Close. After a burst of changes has been quiet for settle
// (DefaultSettle when 0), it calls onChange, on the watcher's one goroutine. It returns once
// the watch is set up, or an error naming dir when it cannot be.
func Dir(dir string, settle time.Duration, onChange func()) (*Watcher, error) {
	if settle <= 0 {
		settle = DefaultSettle
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	if err := fw.Add(dir); err != nil {
		fw.Close()
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	w := &Watcher{fs: fw, stop: make(chan struct{}), done: make(chan struct{})}
	go w.loop(settle, onChange)
	return w, nil
}

// Close ends the watch and returns once its goroutine has ended (after a call of onChange
// in progress returned). It is safe to call more than once.
func (w *Watcher) Close() {
	w.once.Do(func() { close(w.stop) })
	<-w.done
}

// loop calls onChange once a burst of events has settled, until Close.
func (w *Watcher) loop(settle time.Duration, onChange func()) {
	defer close(w.done)
	defer w.fs.Close()
	timer := time.NewTimer(settle)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-w.stop:
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			timer.Reset(settle)
		case _, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			timer.Reset(settle) // something was lost: reload to be safe
		case <-timer.C:
			onChange()
		}
	}
}
