package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// kind classifies one answer.
type kind int

const (
	// kindOK is the answer the workload asked for (data, or an API error the step expects).
	kindOK kind = iota
	// kindInjected is the X-Mock-Error the request asked for.
	kindInjected
	// kindFault is a broken answer to a request that asked for a fault scenario: a transport
	// error, a truncated body or malformed JSON.
	kindFault
	// kind5xx is a 5xx nobody asked for.
	kind5xx
	// kindOther is anything else that is not what the step expects: another status or code,
	// a transport error or malformed JSON on a normal request, an answer whose content is
	// wrong (an execution that did not end, a missing callback token, a missing flow).
	kindOther
	// kindLimited is the documented answer of a global limit the server reached (429
	// ResourceThrottled or 400 InvalidArgument naming a --max- flag): the life is cut short.
	kindLimited
	numKinds
)

var kindNames = [numKinds]string{"ok", "injected", "fault", "unexpected 5xx", "other", "limit"}

// hist is a latency histogram with logarithmic buckets (about 2.5 % wide), safe for
// concurrent use.
type hist struct{ b [histBuckets]atomic.Uint64 }

const (
	histBuckets = 1024
	histPerE    = 40 // buckets per factor e
)

func (h *hist) add(d time.Duration) {
	us := float64(d.Nanoseconds()) / 1e3
	i := int(math.Log1p(max(us, 0)) * histPerE)
	h.b[min(i, histBuckets-1)].Add(1)
}

// snapshot copies the counts; with reset it also zeroes them (each count lands in exactly
// one snapshot).
func (h *hist) snapshot(reset bool) []uint64 {
	out := make([]uint64, histBuckets)
	for i := range h.b {
		if reset {
			out[i] = h.b[i].Swap(0)
		} else {
			out[i] = h.b[i].Load()
		}
	}
	return out
}

// quantile returns the q-quantile of the counts of a snapshot.
func quantile(counts []uint64, q float64) time.Duration {
	var total uint64
	for _, c := range counts {
		total += c
	}
	if total == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(total)))
	var seen uint64
	for i, c := range counts {
		seen += c
		if seen >= rank {
			us := math.Expm1((float64(i) + 0.5) / histPerE)
			return time.Duration(us * 1e3)
		}
	}
	return 0
}

// stats are the counts of a run, safe for concurrent use.
type stats struct {
	total    hist
	interval hist
	kinds    [numKinds]atomic.Int64
	done     atomic.Int64
	actions  map[string]*[numKinds]atomic.Int64 // fixed when the run starts
	latency  map[string]*hist                   // by request name, fixed when the run starts

	mu      sync.Mutex
	samples []string // the first problems, for the report
}

const maxSamples = 20

func newStats(names []string) *stats {
	s := &stats{actions: map[string]*[numKinds]atomic.Int64{}, latency: map[string]*hist{}}
	for _, n := range names {
		s.actions[n] = new([numKinds]atomic.Int64)
		s.latency[n] = new(hist)
	}
	return s
}

// record counts one answer to a request of name; sample describes a problem.
func (s *stats) record(name string, k kind, d time.Duration, sample string) {
	s.total.add(d)
	s.interval.add(d)
	s.kinds[k].Add(1)
	a, ok := s.actions[name]
	if !ok {
		panic("soak: no counters for " + name) // every name is registered by newStats
	}
	a[k].Add(1)
	s.latency[name].add(d)
	if sample != "" && (k == kind5xx || k == kindOther) {
		s.mu.Lock()
		if len(s.samples) < maxSamples {
			s.samples = append(s.samples, fmt.Sprintf("%s: %s: %s", kindNames[k], name, sample))
		}
		s.mu.Unlock()
	}
	s.done.Add(1)
}

func (s *stats) kindCounts() [numKinds]int64 {
	var out [numKinds]int64
	for i := range s.kinds {
		out[i] = s.kinds[i].Load()
	}
	return out
}

// actionRow is one line of the per-action table.
type actionRow struct {
	name     string
	kinds    [numKinds]int64
	total    int64
	p50, p99 time.Duration
}

func (s *stats) actionRows() []actionRow {
	var rows []actionRow
	for name, a := range s.actions {
		r := actionRow{name: name}
		counts := s.latency[name].snapshot(false)
		r.p50, r.p99 = quantile(counts, .50), quantile(counts, .99)
		for i := range a {
			r.kinds[i] = a[i].Load()
			r.total += r.kinds[i]
		}
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b actionRow) int {
		if a.total != b.total {
			return int(b.total - a.total)
		}
		return strings.Compare(a.name, b.name)
	})
	return rows
}

// group formats n with thousands separators.
func group(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + group(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func mib(kb int64) string {
	if kb < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f", float64(kb)/1024)
}

func pct(n, of int64) string {
	if of == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(n)/float64(of))
}
