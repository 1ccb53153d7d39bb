package store_test

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/flowmock/flowmock/store"
)

// seenOnce checks a listing: no name twice, every name of existing once, except those in
// deleted, which may be missing.
func seenOnce(t *testing.T, listed, existing []string, deleted map[string]bool) {
	t.Helper()
	count := map[string]int{}
	for _, name := range listed {
		count[name]++
		if count[name] == 2 {
			t.Errorf("%s listed twice", name)
		}
	}
	for _, name := range existing {
		if count[name] == 0 && !deleted[name] {
			t.Errorf("%s existed at the first page and was not listed", name)
		}
	}
}

// preexisting makes a session with the fixture flows and n created ones and returns all
// their names.
func preexisting(t *testing.T, st *store.Store, id string, n int) (*store.Session, []string) {
	s := st.Session(id)
	for i := range n {
		MustCreateFlow(t, s, fmt.Sprintf("pre_%02d", i))
	}
	return s, AllFlows(t, s, 0)
}

func TestPagingStableInterleaved(t *testing.T) {
	st, _ := NewStore(t)
	s, existing := preexisting(t, st, "p", 15)
	turn, done := make(chan int), make(chan struct{})
	deleted := map[string]bool{} // written by the writer before it answers on done
	go func() {
		defer close(done)
		for page := range turn {
			// Between two pages: create two flows, update a pre-existing one, delete one
			// created earlier and, once, a pre-existing one the lister has not reached.
			for i := range 2 {
				create(t, s, fmt.Sprintf("new_%d_%d", page, i))
			}
			if _, err := s.UpdateFlow(existing[page%len(existing)], store.FlowPatch{Description: ptr("x")}); err != nil {
				t.Errorf("UpdateFlow: %v", err)
			}
			if page > 0 {
				del(t, s, fmt.Sprintf("new_%d_0", page-1))
			}
			if page == 2 {
				del(t, s, "pre_14")
				deleted["pre_14"] = true
			}
			done <- struct{}{}
		}
	}()

	var listed []string
	after := uint64(0)
	for page := 0; ; page++ {
		flows, next := s.ListFlows(after, 3)
		for _, f := range flows {
			listed = append(listed, f.Name)
		}
		if next == 0 {
			break
		}
		turn <- page
		<-done
		after = next
	}
	close(turn)
	<-done
	seenOnce(t, listed, existing, deleted)
	if deleted["pre_14"] && slices.Contains(listed, "pre_14") {
		t.Errorf("pre_14, deleted before the lister reached it, was listed")
	}
}

func TestPagingStableConcurrent(t *testing.T) {
	st, _ := NewStore(t)
	s, existing := preexisting(t, st, "p", 30)
	startc := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		<-startc
		for i := range 300 {
			create(t, s, fmt.Sprintf("new_%03d", i))
			if i%3 == 0 {
				if _, err := s.UpdateFlow(existing[i%len(existing)], store.FlowPatch{Description: ptr("x")}); err != nil {
					t.Errorf("UpdateFlow: %v", err)
				}
			}
			if i%5 == 4 {
				del(t, s, fmt.Sprintf("new_%03d", i-1))
			}
		}
	})
	var listed []string
	wg.Go(func() {
		<-startc
		listed = listAll(s, 3)
	})
	close(startc)
	wg.Wait()
	seenOnce(t, listed, existing, nil)
}

// del deletes a flow, reporting an error with t.Errorf: it may run on any goroutine.
func del(t *testing.T, s *store.Session, name string) {
	if err := s.DeleteFlow(name); err != nil {
		t.Errorf("DeleteFlow(%q): %v", name, err)
	}
}

// create creates a flow, reporting an error with t.Errorf: it may run on any goroutine.
func create(t *testing.T, s *store.Session, name string) {
	if _, err := s.CreateFlow(store.Flow{Name: name}); err != nil {
		t.Errorf("CreateFlow(%q): %v", name, err)
	}
}

func TestFreshSessionCost(t *testing.T) {
	const n = 10_000
	st, _ := NewStore(t)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("session-%05d", i)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, id := range ids {
		st.Session(id)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perSession := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	runtime.KeepAlive(ids)
	if got := st.Len(); got != n {
		t.Fatalf("Len = %d, want %d", got, n)
	}
	t.Logf("%d fresh sessions: %d bytes each", n, perSession)
	if want := int64(512); perSession > want { // the session, its LRU entry and map slot
		t.Errorf("a fresh session costs %d bytes, want at most %d", perSession, want)
	}
}
