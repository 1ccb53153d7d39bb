package mock_test

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mockfile"
)

// handWall is a wall clock moved by hand: the session clocks follow it.
type handWall struct {
	mu  sync.Mutex
	now time.Time
}

func (w *handWall) Now() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }

func (w *handWall) add(d time.Duration) { w.mu.Lock(); w.now = w.now.Add(d); w.mu.Unlock() }

var wall0 = time.Date(2026, 12, 7, 8, 30, 0, 500_000, time.UTC) // half a millisecond in

// newWallHarness is an execution harness at scale whose clocks follow a hand-moved wall.
func newWallHarness(t *testing.T, scale float64) (*harness, *handWall) {
	t.Helper()
	mf, err := mockfile.Parse("mocks.yaml", []byte(mocks))
	if err != nil {
		t.Fatal(err)
	}
	w := &handWall{now: wall0}
	h := newHarness(t, mock.Config{Mocks: mf, TimeScale: scale, Wall: w.Now})
	t.Cleanup(h.srv.Close)
	return h, w
}

// TestClockFollowsWallTime: executions started a second apart show it, newest first, and
// an update moves LastModifiedTime.
func TestClockFollowsWallTime(t *testing.T) {
	for _, scale := range []float64{0, 1} {
		t.Run(fmt.Sprint("scale ", scale), func(t *testing.T) {
			h, w := newWallHarness(t, scale)
			c, ctx := h.client("wall"), context.Background()
			createDef(t, c, "orders", orderFlow)
			start(t, c, "orders", "a", nil)
			w.add(time.Second)
			start(t, c, "orders", "b", nil)
			poll(t, c, "orders", "a")
			poll(t, c, "orders", "b")
			list, err := c.ListExecutionsWithResponse(ctx, &cloudflow.ListExecutionsParams{FlowName: "orders"})
			if err != nil || list.JSON200 == nil {
				t.Fatalf("ListExecutions: %v %s", err, list.Body)
			}
			var names []string
			for _, e := range list.JSON200.Executions {
				names = append(names, e.Name)
			}
			if got, want := fmt.Sprint(names), "[b a]"; got != want {
				t.Errorf("ListExecutions = %s, want %s (newest first)", got, want)
			}
			ea, eb := list.JSON200.Executions[1], list.JSON200.Executions[0]
			if got := eb.StartedTime.Sub(ea.StartedTime.Time); got != time.Second {
				t.Errorf("b started %v after a (%s, %s), want 1s", got, ea.StartedTime, eb.StartedTime)
			}
			w.add(time.Second)
			want := w.Now().Truncate(time.Millisecond)
			desc := "changed"
			if u, err := c.UpdateFlowWithResponse(ctx, &cloudflow.UpdateFlowParams{Name: "orders", Description: &desc}); err != nil || u.JSON200 == nil {
				t.Fatalf("UpdateFlow: %v %s", err, u.Body)
			}
			if got := describeFlow(t, c, "orders").LastModifiedTime; !got.Equal(want) {
				t.Errorf("LastModifiedTime %s after an update at %s, want that time", got, want)
			}
		})
	}
}

func describeFlow(t *testing.T, c *cloudflow.ClientWithResponses, name string) *cloudflow.DescribeFlowResult {
	t.Helper()
	d, err := c.DescribeFlowWithResponse(context.Background(), &cloudflow.DescribeFlowParams{Name: name})
	if err != nil || d.JSON200 == nil {
		t.Fatalf("DescribeFlow: %v %s", err, d.Body)
	}
	return (*cloudflow.DescribeFlowResult)(d.JSON200)
}

// TestStartedTimeBounds: the bounds of ListExecutions are inclusive at the precision the
// API shows StartedTime (milliseconds).
func TestStartedTimeBounds(t *testing.T) {
	h, _ := newWallHarness(t, 0)
	c, ctx := h.client("bounds"), context.Background()
	createDef(t, c, "orders", orderFlow)
	start(t, c, "orders", "a", nil)
	shown := wall0.Truncate(time.Millisecond) // what the API shows of a start at wall0
	ms := time.Millisecond
	tests := []struct {
		name       string
		begin, end time.Time
		want       int
	}{
		{"end at StartedTime", time.Time{}, shown, 1},
		{"begin at StartedTime", shown, time.Time{}, 1},
		{"both at StartedTime", shown, shown, 1},
		{"end a millisecond before", time.Time{}, shown.Add(-ms), 0},
		{"begin a millisecond after", shown.Add(ms), time.Time{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &cloudflow.ListExecutionsParams{FlowName: "orders"}
			if !tt.begin.IsZero() {
				p.StartedTimeBegin = &tt.begin
			}
			if !tt.end.IsZero() {
				p.StartedTimeEnd = &tt.end
			}
			res, err := c.ListExecutionsWithResponse(ctx, p)
			if err != nil || res.JSON200 == nil {
				t.Fatalf("ListExecutions: %v %s", err, res.Body)
			}
			if got := len(res.JSON200.Executions); got != tt.want {
				t.Errorf("%d executions, want %d", got, tt.want)
			}
		})
	}
}

// TestScheduleFiresPerCronTime: one advance past several fire times starts one execution
// per time, each started at its time; an advance past very many starts MaxFiresPerAdvance.
func TestScheduleFiresPerCronTime(t *testing.T) {
	tests := []struct {
		name    string
		cron    string
		advance time.Duration
		want    []string // StartedTimes
		count   int
	}{
		{"hourly over 3h", "0 0 * * * *", 3*time.Hour + 10*time.Minute, []string{
			"2026-12-07T09:00:00.000Z", "2026-12-07T10:00:00.000Z", "2026-12-07T11:00:00.000Z"}, 3},
		{"every 20 minutes over 1h", "0 */20 * * * *", time.Hour, []string{
			"2026-12-07T08:40:00.000Z", "2026-12-07T09:00:00.000Z", "2026-12-07T09:20:00.000Z"}, 3},
		{"every second over a day", "* * * * * *", 24 * time.Hour, nil, mock.MaxFiresPerAdvance},
	}
	for _, scale := range []float64{0, 1} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("scale %v/%s", scale, tt.name), func(t *testing.T) {
				h, _ := newWallHarness(t, scale)
				c := h.client("fire")
				createDef(t, c, "orders", orderFlow)
				res, err := c.CreateScheduleWithResponse(context.Background(), &cloudflow.CreateScheduleParams{FlowName: "orders", ScheduleName: "s", CronExpression: tt.cron})
				if err != nil || res.JSON200 == nil {
					t.Fatalf("CreateSchedule: %v %s", err, res.Body)
				}
				ss := h.srv.State("fire")
				eventually(t, "the schedule waits for its time", func() bool { return ss.Clock().Waiting() == 1 })
				if err := ss.Clock().Advance(tt.advance); err != nil {
					t.Fatal(err)
				}
				eventually(t, "the firings", func() bool { return len(ss.AllRuns()) >= tt.count })
				eventually(t, "the schedule waits again", func() bool { return ss.Clock().Waiting() == 1 })
				runs := ss.AllRuns()
				if len(runs) != tt.count {
					t.Fatalf("%d executions, want %d", len(runs), tt.count)
				}
				if tt.want == nil {
					return
				}
				var got []string
				for _, r := range runs {
					got = append(got, r.Exec.Snapshot().Started.UTC().Format("2006-01-02T15:04:05.000Z"))
				}
				sort.Strings(got)
				if fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("StartedTimes %v, want %v", got, tt.want)
				}
			})
		}
	}
}

// waitsFlow runs a Parallel whose branches wait 100 s and 80 s, then a Map of five items
// that each wait 30 s, two at once: 100 s + 3×30 s.
const waitsFlow = `Type: StateMachine
SpecVersion: v1
Name: NAME
StartAt: Fan
States:
  - Type: Parallel
    Name: Fan
    Branches:
      - StartAt: Long
        States:
          - {Type: Wait, Name: Long, Seconds: 100, End: true}
      - StartAt: Short
        States:
          - {Type: Wait, Name: Short, Seconds: 80, End: true}
    Next: Each
  - Type: Map
    Name: Each
    ItemsPath: $Context.Execution.Input.items
    MaxConcurrency: 2
    ItemConstructor:
      n.$: $Item
    Processor:
      StartAt: W
      States:
        - {Type: Wait, Name: W, Seconds: 30, End: true}
    End: true
`

// TestConcurrentWaitsOverlap: through the API, at scale 0, an execution's concurrent waits
// overlap, and so do two executions' waits.
func TestConcurrentWaitsOverlap(t *testing.T) {
	h, _ := newWallHarness(t, 0)
	c := h.client("waits")
	createDef(t, c, "waits", waitsFlow)
	in := `{"items":[1,2,3,4,5]}`
	start(t, c, "waits", "a", &in)
	start(t, c, "waits", "b", &in)
	for _, name := range []string{"a", "b"} {
		d := poll(t, c, "waits", name)
		if d.Status != cloudflow.ExecutionStatusSucceeded || d.StoppedTime == nil {
			ev := history(t, c, "waits", name, 100)
			t.Fatalf("%s: %s: %s", name, d.Status, *ev[len(ev)-1].EventDetail)
		}
		if got, want := d.StoppedTime.Sub(d.StartedTime.Time), 190*time.Second; got != want {
			t.Errorf("%s took %v, want %v (100 s, the longest branch, then 3 rounds of 30 s)", name, got, want)
		}
	}
}

// TestSetClockControlPlane: POST …/clock sets the clock to a time, never backwards.
func TestSetClockControlPlane(t *testing.T) {
	h, _ := newWallHarness(t, 0)
	tests := []struct {
		name, body string
		status     int
		want       string // the clock's time after, RFC 3339
	}{
		{"set", `{"set":"2027-01-02T03:04:05Z"}`, 200, "2027-01-02T03:04:05Z"},
		{"set then advance", `{"set":"2027-01-03T00:00:00Z","advance":"90s"}`, 200, "2027-01-03T00:01:30Z"},
		{"backwards", `{"set":"2026-01-01T00:00:00Z"}`, 400, "2027-01-03T00:01:30Z"},
		{"not a time", `{"set":"tomorrow"}`, 400, "2027-01-03T00:01:30Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := h.ts.Client().Post(h.ts.URL+"/_mock/sessions/set/clock", "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if got := h.srv.State("set").Clock().Now().UTC().Format(time.RFC3339); got != tt.want {
				t.Errorf("clock reads %s, want %s", got, tt.want)
			}
		})
	}
}
