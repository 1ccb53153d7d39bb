package store_test

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/flowmock/flowmock/store"
)

// BenchmarkCreateFlowAndFlow creates a flow and reads it back; every 1000 flows go to a new
// session.
func BenchmarkCreateFlowAndFlow(b *testing.B) {
	st, _ := NewStore(b)
	names := make([]string, 1000)
	for i := range names {
		names[i] = "flow_" + strconv.Itoa(i)
	}
	var s *store.Session
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%len(names) == 0 {
			s = st.Session(strconv.Itoa(i))
		}
		name := names[i%len(names)]
		if _, err := s.CreateFlow(store.Flow{Name: name, Definition: "def", Description: "d"}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Flow(name); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListFlows60 lists pages of 60 of a session with 1000 flows, some of them
// changed or deleted fixture flows.
func BenchmarkListFlows60(b *testing.B) {
	st, _ := NewStore(b)
	s := st.Session("s")
	for i := range 995 {
		MustCreateFlow(b, s, fmt.Sprintf("flow_%03d", i))
	}
	if _, err := s.UpdateFlow("demo_flow", store.FlowPatch{Description: ptr("x")}); err != nil {
		b.Fatal(err)
	}
	if err := s.DeleteFlow("empty_flow"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		page, _ := s.ListFlows(uint64(i*60%900), 60)
		if len(page) != 60 {
			b.Fatalf("page of %d flows, want 60", len(page))
		}
	}
}

// BenchmarkFlowFixture reads an untouched fixture flow in many sessions at once.
func BenchmarkFlowFixture(b *testing.B) {
	st, _ := NewStore(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		s := st.Session(fmt.Sprintf("%p", pb))
		for pb.Next() {
			if _, err := s.Flow("demo_flow"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkFreshSession creates sessions and reports what each keeps on the heap.
func BenchmarkFreshSession(b *testing.B) {
	st, _ := NewStore(b)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	n := 0
	for ; b.Loop(); n++ {
		st.Session("session-" + strconv.Itoa(n)) // the store keeps a copy of the id
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(st)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(n), "heap-B/session")
}
