// Package watch calls a function when the files of a directory change: the hot reload of
// fixture and scenario directories. It watches the directory itself (so editors that save by
// renaming are seen) and waits for the changes to settle before calling.
package watch

import (
	"context"
	"fmt"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultSettle is how long a directory must be quiet before Dir calls its function.
const DefaultSettle = 100 * time.Millisecond

// Dir watches dir until ctx ends. After a burst of changes has been quiet for settle
// (DefaultSettle when 0), it calls onChange. It returns once the watch is set up, or an error
// naming dir when it cannot be.
func Dir(ctx context.Context, dir string, settle time.Duration, onChange func()) error {
	if settle <= 0 {
		settle = DefaultSettle
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	if err := w.Add(dir); err != nil {
		w.Close()
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	go func() {
		defer w.Close()
		timer := time.NewTimer(settle)
		timer.Stop()
		defer timer.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if ev.Op == fsnotify.Chmod {
					continue
				}
				timer.Reset(settle)
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
				timer.Reset(settle) // something was lost: reload to be safe
			case <-timer.C:
				onChange()
			}
		}
	}()
	return nil
}
