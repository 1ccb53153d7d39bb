package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/store"
)

func TestEviction(t *testing.T) {
	set, err := fixtures.Default()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	var evicted []string
	st := store.New(store.Config{Base: set, Listed: set.Flows(), Now: clock, TimeScale: 1,
		MaxSessions: 3, SessionIdle: time.Minute, Evicted: func(id string, _ int) { evicted = append(evicted, id) }})

	t.Run("least recently used goes first", func(t *testing.T) {
		for _, id := range []string{"a", "b", "c", "a", "d"} {
			st.Session(id)
		}
		if got := fmt.Sprint(st.IDs()); got != "[d a c]" {
			t.Errorf("live sessions = %s, want [d a c]", got)
		}
		if fmt.Sprint(evicted) != "[b]" {
			t.Errorf("evicted = %v, want [b]", evicted)
		}
	})
	t.Run("an evicted session comes back fresh", func(t *testing.T) {
		if _, err := st.Session("c").CreateFlow(store.Flow{Name: "mine", Definition: "x", Type: "FDL"}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"e", "f", "g"} {
			st.Session(id)
		}
		if _, err := st.Session("c").Flow("mine"); err == nil {
			t.Error("session c still has its flow after it was evicted")
		}
	})
	t.Run("idle sessions expire", func(t *testing.T) {
		evicted = nil
		advance(2 * time.Minute)
		st.Session("h")
		if got := st.Len(); got != 1 {
			t.Errorf("live sessions after 2 idle minutes = %d (%v), want only h", got, st.IDs())
		}
		if len(evicted) != 3 {
			t.Errorf("evicted = %v, want the three idle sessions", evicted)
		}
	})
}

// TestEvictionBoundsSessions: 100,000 distinct sessions leave at most the cap alive.
func TestEvictionBoundsSessions(t *testing.T) {
	st := store.New(store.Config{MaxSessions: 1000})
	for i := range 100000 {
		st.Session(fmt.Sprintf("s%06d", i))
	}
	if got := st.Len(); got != 1000 {
		t.Errorf("live sessions = %d, want the cap 1000", got)
	}
}
