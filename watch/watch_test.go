package watch_test

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowmock/flowmock/watch"
)

func TestDirCallsAfterChanges(t *testing.T) {
	dir := t.TempDir()
	// Each call reports what a.yaml holds when the callback runs ("" when it is absent), so a
	// step passes only on a call that saw its own change, never on one left from a step before.
	calls := make(chan string, 10)
	file := filepath.Join(dir, "a.yaml")
	w, err := watch.Dir(dir, 20*time.Millisecond, func() {
		b, _ := os.ReadFile(file)
		calls <- string(b)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	tests := []struct {
		name string
		do   func() error
		want string
	}{
		{"create", func() error { return os.WriteFile(file, []byte("x"), 0o644) }, "x"},
		{"rewrite", func() error { return os.WriteFile(file, []byte("y"), 0o644) }, "y"},
		{"rename over", func() error {
			tmp := filepath.Join(dir, ".a.yaml.tmp")
			if err := os.WriteFile(tmp, []byte("z"), 0o644); err != nil {
				return err
			}
			return os.Rename(tmp, file)
		}, "z"},
		{"remove", func() error { return os.Remove(file) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			drain(calls)
			if err := tt.do(); err != nil {
				t.Fatal(err)
			}
			timeout := time.After(10 * time.Second)
			for {
				select {
				case got := <-calls:
					if got == tt.want {
						return
					}
				case <-timeout:
					t.Fatalf("no call that saw a.yaml = %q within 10s of the change", tt.want)
				}
			}
		})
	}
}

// drain empties calls of what earlier steps left.
func drain(calls chan string) {
	for {
		select {
		case <-calls:
		default:
			return
		}
	}
}

func TestDirMissing(t *testing.T) {
	w, err := watch.Dir(filepath.Join(t.TempDir(), "nope"), 0, func() {})
	if err == nil || w != nil {
		t.Fatal("watching a missing directory: no error")
	}
}

// TestCloseJoins: Close returns only after the watcher's goroutine ended, so no call of
// onChange can start after it (one in progress finishes first); a second Close is harmless.
func TestCloseJoins(t *testing.T) {
	dir := t.TempDir()
	entered, release := make(chan struct{}, 1), make(chan struct{})
	var after atomic.Bool
	w, err := watch.Dir(dir, time.Millisecond, func() {
		if after.Load() {
			t.Error("onChange called after Close returned")
		}
		select {
		case entered <- struct{}{}:
			<-release
		default:
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	<-entered // onChange runs and holds
	closed := make(chan struct{})
	go func() {
		w.Close()
		after.Store(true)
		close(closed)
	}()
	select {
	case <-closed:
		t.Fatal("Close returned while onChange was still running")
	default:
	}
	close(release)
	<-closed
	w.Close()
	if err := os.WriteFile(filepath.Join(dir, "b"), []byte("y"), 0o644); err != nil {
		t.Fatal(err)
	}
}
