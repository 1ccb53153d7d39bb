package watch_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowmock/flowmock/watch"
)

func TestDirCallsAfterChanges(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Each call reports what a.yaml holds when the callback runs ("" when it is absent), so a
	// step passes only on a call that saw its own change, never on one left from a step before.
	calls := make(chan string, 10)
	file := filepath.Join(dir, "a.yaml")
	if err := watch.Dir(ctx, dir, 20*time.Millisecond, func() {
		b, _ := os.ReadFile(file)
		calls <- string(b)
	}); err != nil {
		t.Fatal(err)
	}
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
	err := watch.Dir(context.Background(), filepath.Join(t.TempDir(), "nope"), 0, func() {})
	if err == nil {
		t.Fatal("watching a missing directory: no error")
	}
}
