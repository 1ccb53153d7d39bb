// Package yamlsrctest builds hostile YAML sources and measures what checking them costs, for
// the tests of the packages that use yamlsrc.
package yamlsrctest

import (
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// Nested returns depth JSON objects nested in one another, each with one key of keyLen
// characters (and, when wide, a sibling key of keyLen characters holding a short string
// first), and the innermost holding 1. With depth 10,000 and keyLen 40 it is about 440 KB,
// and about 940 KB when wide.
func Nested(depth, keyLen int, wide bool) string {
	key := `"` + strings.Repeat("k", keyLen) + `":`
	open := "{" + key
	if wide {
		open = "{" + `"` + strings.Repeat("s", keyLen) + `":"v",` + key
	}
	var b strings.Builder
	b.Grow(depth*(len(open)+1) + 1)
	for range depth {
		b.WriteString(open)
	}
	b.WriteString("1")
	b.WriteString(strings.Repeat("}", depth))
	return b.String()
}

// Cost is what one call cost.
type Cost struct {
	Took  time.Duration // CPU time, user and system
	Bytes uint64        // allocated, runtime.MemStats.TotalAlloc
}

// Measure runs f three times (once under the race detector, where time is not checked) and
// returns what it cost: the most it allocated and the least CPU time the process spent (on
// a shared host wall time is mostly waiting for a core; the least of three is the work's
// cost).
func Measure(f func()) Cost {
	runs := 3
	if raceEnabled {
		runs = 1
	}
	return measure(f, runs)
}

// measure runs f runs times; see Measure.
func measure(f func(), runs int) Cost {
	var c Cost
	for i := range runs {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := cpuTime()
		f()
		took := cpuTime() - start
		runtime.ReadMemStats(&after)
		if i == 0 || took < c.Took {
			c.Took = took
		}
		c.Bytes = max(c.Bytes, after.TotalAlloc-before.TotalAlloc)
	}
	return c
}

// The bounds a check of a hostile source of about 1 MB must keep, as issue 17 asks.
const (
	MaxTook  = 100 * time.Millisecond
	MaxBytes = 20 << 20
)

// Within fails t when c exceeds MaxBytes, or MaxTook unless the race detector is on (it
// slows every step several times) or the tests run with -short.
func Within(t testing.TB, c Cost) {
	t.Helper()
	t.Logf("took %v, allocated %.1f MB", c.Took, float64(c.Bytes)/(1<<20))
	if c.Bytes > MaxBytes {
		t.Errorf("allocated %d bytes, want at most %d", c.Bytes, MaxBytes)
	}
	if c.Took > MaxTook && !raceEnabled && !testing.Short() {
		t.Errorf("took %v, want at most %v", c.Took, MaxTook)
	}
}

// Linear fails t when c, the cost of checking data, allocated more than a few times what
// decoding data into yaml.v3's nodes allocates: the checker's own work is then linear in
// its input, as the decoder's is.
func Linear(t testing.TB, data []byte, c Cost) {
	t.Helper()
	dec := measure(func() {
		var n yaml.Node
		_ = yaml.Unmarshal(data, &n)
	}, 1)
	t.Logf("took %v, allocated %.1f MB (decoding alone %v, %.1f MB)", c.Took, float64(c.Bytes)/(1<<20), dec.Took, float64(dec.Bytes)/(1<<20))
	if limit := 8*dec.Bytes + 1<<20; c.Bytes > limit {
		t.Errorf("allocated %d bytes, want at most %d (8 times what decoding allocates, and 1 MB)", c.Bytes, limit)
	}
}

// CheckProblems fails t unless err joins one or more *yamlsrc.Problem, each naming file and
// a line of data as YAML counts them (yamlsrc.Lines) or the one just past the end, where a
// YAML parser notices a missing end; a problem without a line (0) is allowed unless
// needLine.
func CheckProblems(t testing.TB, file string, data []byte, err error, needLine bool) {
	t.Helper()
	problems := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		problems = j.Unwrap()
	}
	if len(problems) == 0 {
		t.Fatalf("error %v joins no problem", err)
	}
	lines := yamlsrc.Lines(data)
	for _, p := range problems {
		var yp *yamlsrc.Problem
		if !errors.As(p, &yp) {
			t.Fatalf("problem %q (%T) is not a *yamlsrc.Problem", p, p)
		}
		if yp.File != file || yp.Line < 0 || yp.Line > lines+1 || needLine && yp.Line == 0 {
			t.Fatalf("problem %q names %s:%d; want %s and a line from 1 to %d", p, yp.File, yp.Line, file, lines+1)
		}
		prefix := file + ": "
		if yp.Line > 0 {
			prefix = file + ":" + strconv.Itoa(yp.Line) + ": "
		}
		if !strings.HasPrefix(p.Error(), prefix) {
			t.Fatalf("problem %q does not start with %q", p, prefix)
		}
	}
}

// Hostile is one hostile source for RunHostile.
type Hostile struct {
	Name string
	Data string
	Want string // what the error starts with
	// Deep marks the sources issue 17 asks bounds for (MaxTook, MaxBytes, see Within);
	// the others are checked linear (see Linear).
	Deep bool
}

// RunHostile checks that load refuses each source, named file, with an error that starts
// with its Want and joins at most yamlsrc.MaxShown problems as CheckProblems wants them, at
// a bounded cost.
func RunHostile(t *testing.T, file string, cases []Hostile, needLine bool, load func(data []byte) error) {
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			var err error
			cost := Measure(func() { err = load([]byte(tc.Data)) })
			if tc.Deep {
				Within(t, cost)
			} else {
				Linear(t, []byte(tc.Data), cost)
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.Want) {
				t.Fatalf("error = %.200q…, want it to start with %.200q", err, tc.Want)
			}
			CheckProblems(t, file, []byte(tc.Data), err, needLine)
			if n := strings.Count(err.Error(), "\n") + 1; n > yamlsrc.MaxShown {
				t.Errorf("%d problems reported, want at most %d", n, yamlsrc.MaxShown)
			}
		})
	}
}
