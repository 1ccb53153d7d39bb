package store

import (
	"context"
	"strings"
	"sync"
)

// goroutines are the goroutines a session started (a schedule's loop): each ends when it is
// stopped, the session is reset or evicted, or the store closed, and is waited for then.
type goroutines struct {
	mu      sync.Mutex
	running map[string]*goroutine
	closed  bool // the session was evicted or its store closed: nothing starts any more
}

type goroutine struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func (g *goroutine) end() {
	g.cancel()
	<-g.done
}

// Go runs fn in a goroutine the session owns, under key; one running under the same key is
// ended and waited for first. fn's context ends when Stop names the key, the session is reset
// or evicted, or the store closed; fn must return then. On an evicted session Go does
// nothing and returns false.
func (s *Session) Go(key string, fn func(ctx context.Context)) bool {
	g := &s.goes
	g.mu.Lock()
	defer g.mu.Unlock()
	if old := g.running[key]; old != nil {
		old.end()
		delete(g.running, key)
	}
	if g.closed {
		return false
	}
	if g.running == nil {
		g.running = map[string]*goroutine{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &goroutine{cancel: cancel, done: make(chan struct{})}
	g.running[key] = r
	go func() {
		defer close(r.done)
		fn(ctx)
	}()
	return true
}

// Stop ends the session's goroutines whose key starts with prefix ("" for all) and waits
// for them.
func (s *Session) Stop(prefix string) {
	s.goes.stop(prefix, false)
}

// Goroutines returns how many goroutines the session runs (Go).
func (s *Session) Goroutines() int {
	s.goes.mu.Lock()
	defer s.goes.mu.Unlock()
	return len(s.goes.running)
}

func (g *goroutines) stop(prefix string, close bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = g.closed || close
	for k, r := range g.running {
		if strings.HasPrefix(k, prefix) {
			r.end()
			delete(g.running, k)
		}
	}
}
