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
	calls := make(chan struct{}, 10)
	if err := watch.Dir(ctx, dir, 20*time.Millisecond, func() { calls <- struct{}{} }); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		do   func() error
	}{
		{"create", func() error { return os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("x"), 0o644) }},
		{"rewrite", func() error { return os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("y"), 0o644) }},
		{"rename over", func() error {
			tmp := filepath.Join(dir, ".a.yaml.tmp")
			if err := os.WriteFile(tmp, []byte("z"), 0o644); err != nil {
				return err
			}
			return os.Rename(tmp, filepath.Join(dir, "a.yaml"))
		}},
		{"remove", func() error { return os.Remove(filepath.Join(dir, "a.yaml")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-calls:
			case <-time.After(10 * time.Second):
				t.Fatal("no call within 10s of the change")
			}
		})
	}
}

func TestDirMissing(t *testing.T) {
	err := watch.Dir(context.Background(), filepath.Join(t.TempDir(), "nope"), 0, func() {})
	if err == nil {
		t.Fatal("watching a missing directory: no error")
	}
}
