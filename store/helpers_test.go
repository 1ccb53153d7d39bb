package store_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/store"
)

// start is the fake clock's first reading; its nanoseconds show that times are truncated.
var start = time.Date(2025, 3, 1, 12, 0, 0, 123_456_789, time.UTC)

// startMs is start to the millisecond.
var startMs = start.Truncate(time.Millisecond)

// clock is a fake clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: start} }

// Now returns the clock's time, in a zone other than UTC to show that times are made UTC.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t.In(time.FixedZone("UTC+8", 8*3600))
}

// Advance moves the clock on by d.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// MustDefault returns the default fixture set.
func MustDefault(tb testing.TB) *fixtures.Set {
	tb.Helper()
	set, err := fixtures.Default()
	if err != nil {
		tb.Fatalf("fixtures.Default: %v", err)
	}
	return set
}

// MustFlow returns the flow name of src as the session "" sees it.
func MustFlow(tb testing.TB, src fixtures.Source, name string) *fixtures.Flow {
	tb.Helper()
	fl, err := src.Flow("", name)
	if err != nil {
		tb.Fatalf("Flow(%q): %v", name, err)
	}
	return fl
}

// NewStore returns a Store on the default fixture set (Listed: its flows), with a fake
// clock.
func NewStore(tb testing.TB) (*store.Store, *clock) {
	tb.Helper()
	set := MustDefault(tb)
	c := newClock()
	return store.New(store.Config{Base: set, Listed: set.Flows(), Now: c.Now, TimeScale: 1}), c
}

// NewFakedStore returns a Store whose Base is the default set chained to a Faker of seed 1,
// with the set's flows Listed.
func NewFakedStore(tb testing.TB) (*store.Store, *clock) {
	tb.Helper()
	set := MustDefault(tb)
	c := newClock()
	base := fixtures.Chain(set, fixtures.NewFaker(1))
	return store.New(store.Config{Base: base, Listed: set.Flows(), Now: c.Now, TimeScale: 1}), c
}

// listedNames are the flows of the default set.
var listedNames = []string{"demo_flow", "empty_flow", "image_resize", "nightly_report", "order_pipeline"}

// WantError fails tb unless err has the code and the message; code "" means no error.
func WantError(tb testing.TB, err error, code flowmock.Code, msg string) {
	tb.Helper()
	if got := flowmock.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (error: %v)", got, code, err)
	}
	if got := flowmock.ErrorMessage(err); got != msg {
		tb.Fatalf("error message = %q, want %q", got, msg)
	}
}

// MustCreateFlow creates a flow named name with a definition, failing tb on error.
func MustCreateFlow(tb testing.TB, s *store.Session, name string) store.Flow {
	tb.Helper()
	f, err := s.CreateFlow(store.Flow{Name: name, Definition: "def of " + name, Description: "d"})
	if err != nil {
		tb.Fatalf("CreateFlow(%q): %v", name, err)
	}
	return f
}

// MustPublish publishes n versions of flow, failing tb on error.
func MustPublish(tb testing.TB, s *store.Session, flow string, n int) {
	tb.Helper()
	for range n {
		if _, err := s.PublishVersion(flow, ""); err != nil {
			tb.Fatalf("PublishVersion(%q): %v", flow, err)
		}
	}
}

// AllFlows pages through the session's flows with limit and returns their names.
func AllFlows(tb testing.TB, s *store.Session, limit int) []string {
	tb.Helper()
	var names []string
	var after uint64
	for pages := 0; ; pages++ {
		if pages > 100_000 {
			tb.Fatalf("ListFlows: more than 100000 pages")
		}
		page, next := s.ListFlows(after, limit)
		if limit > 0 && len(page) > limit {
			tb.Fatalf("ListFlows(%d, %d): %d flows, want at most %d", after, limit, len(page), limit)
		}
		for _, f := range page {
			names = append(names, f.Name)
		}
		if next == 0 {
			return names
		}
		if len(page) == 0 || next <= after {
			tb.Fatalf("ListFlows(%d, %d): next = %d after %d flows", after, limit, next, len(page))
		}
		after = next
	}
}

// route returns the route of weight w to version v.
func route(v string, w int) store.Route { return store.Route{Version: v, Weight: w} }

func ptr[T any](v T) *T { return &v }

// MustCreateAlias creates the alias a or fails the test.
func MustCreateAlias(tb testing.TB, s *store.Session, a store.Alias) store.Alias {
	tb.Helper()
	got, err := s.CreateAlias(a)
	if err != nil {
		tb.Fatalf("CreateAlias(%s): %v", a.Name, err)
	}
	return got
}

// MustCreateSchedule creates the schedule sc or fails the test.
func MustCreateSchedule(tb testing.TB, s *store.Session, sc store.Schedule) store.Schedule {
	tb.Helper()
	got, err := s.CreateSchedule(sc)
	if err != nil {
		tb.Fatalf("CreateSchedule(%s): %v", sc.Name, err)
	}
	return got
}

// pageCase is one call of a List method of a flow's items (versions, aliases, schedules) and
// what it returns: the names of the page's items and next, or an error.
type pageCase struct {
	name      string
	flow      string
	after     uint64
	limit     int
	wantNames []string
	wantNext  uint64
	wantCode  flowmock.Code
	wantMsg   string
}

// testPages runs each case as a subtest calling list, the List method named method, and
// comparing the names (by name) of the page it returns.
func testPages[T any](t *testing.T, method string, list func(flow string, after uint64, limit int) ([]T, uint64, error),
	name func(T) string, tests []pageCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, next, err := list(tt.flow, tt.after, tt.limit)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				return
			}
			got := []string{}
			for _, v := range page {
				got = append(got, name(v))
			}
			if !slices.Equal(got, tt.wantNames) || next != tt.wantNext {
				t.Errorf("%s(%q, %d, %d) = %q, %d, want %q, %d", method, tt.flow, tt.after, tt.limit, got, next, tt.wantNames, tt.wantNext)
			}
		})
	}
}

// bare is f without its parsed definition, for comparing records.
func bare(f store.Flow) store.Flow {
	f.Parsed, f.ParseErr = nil, nil
	return f
}

// bareV is v without its parsed definition, for comparing records.
func bareV(v store.Version) store.Version {
	v.Parsed, v.ParseErr = nil, nil
	return v
}
