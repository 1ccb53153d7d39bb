package mock_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/gen/control"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mockfile"
)

// getControl GETs a control-plane path and decodes a 200 answer into out.
func getControl(t *testing.T, h *harness, path string, out any) http.Header {
	t.Helper()
	res, err := h.ts.Client().Get(h.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		var ce control.ControlError
		_ = json.NewDecoder(res.Body).Decode(&ce)
		t.Fatalf("GET %s: status %d, want 200: %s", path, res.StatusCode, ce.Error)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return res.Header
}

func times(ts []time.Time) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.UTC().Format(time.RFC3339))
	}
	return out
}

// TestControlSchedules: a session's schedules with their next fire times on its clock (here
// stopped at 08:30:00), which move when the clock is advanced; a disabled one has none.
func TestControlSchedules(t *testing.T) {
	h, _ := newWallHarness(t, 0)
	c := h.client("sched")
	ctx := context.Background()
	createDef(t, c, "orders", orderFlow)
	payload := `{"from":"schedule"}`
	for _, p := range []cloudflow.CreateScheduleParams{
		{FlowName: "orders", ScheduleName: "every20m", CronExpression: "0 */20 * * * *", Payload: &payload},
		{FlowName: "orders", ScheduleName: "daily", CronExpression: "0 0 6 * * *"},
	} {
		if res, err := c.CreateScheduleWithResponse(ctx, &p); err != nil || res.JSON200 == nil {
			t.Fatalf("CreateSchedule %s: %v %s", p.ScheduleName, err, res.Body)
		}
	}
	off := false
	if _, err := c.UpdateScheduleWithResponse(ctx, &cloudflow.UpdateScheduleParams{FlowName: "orders", ScheduleName: "daily", Enable: &off}); err != nil {
		t.Fatal(err)
	}
	var got control.ScheduleList
	getControl(t, h, "/_mock/sessions/sched/schedules", &got)
	if got.Session != "sched" || got.Now.UTC().Format(time.RFC3339) != "2026-12-07T08:30:00Z" || got.Scale != 0 {
		t.Errorf("session, now, scale = %q, %v, %v; want sched, 2026-12-07T08:30:00Z, 0", got.Session, got.Now, got.Scale)
	}
	if len(got.Schedules) != 2 {
		t.Fatalf("%d schedules, want 2: %+v", len(got.Schedules), got.Schedules)
	}
	s := got.Schedules[0]
	if s.Flow != "orders" || s.Name != "every20m" || s.Cron != "0 */20 * * * *" || !s.Enabled || s.Payload != payload {
		t.Errorf("first schedule = %+v", s)
	}
	want := []string{"2026-12-07T08:40:00Z", "2026-12-07T09:00:00Z", "2026-12-07T09:20:00Z"}
	if g := times(s.Next); !slices.Equal(g, want) {
		t.Errorf("next = %v, want %v", g, want)
	}
	if d := got.Schedules[1]; d.Name != "daily" || d.Enabled || len(d.Next) != 0 {
		t.Errorf("disabled schedule = %+v, want no next fire times", d)
	}

	ss := h.srv.State("sched")
	eventually(t, "the schedule waits for its time", func() bool { return ss.Clock().Waiting() == 1 })
	if err := ss.Clock().Advance(15 * time.Minute); err != nil {
		t.Fatal(err)
	}
	getControl(t, h, "/_mock/sessions/sched/schedules?fires=1&limit=1", &got)
	want = []string{"2026-12-07T09:00:00Z"}
	if g := times(got.Schedules[0].Next); len(got.Schedules) != 1 || !slices.Equal(g, want) {
		t.Errorf("after advancing 15m: %+v, want one schedule whose next is %v", got.Schedules, want)
	}
}

// TestControlSchedulesRefused: the parameters of the schedules route, checked.
func TestControlSchedulesRefused(t *testing.T) {
	h := newHarness(t, mock.Config{})
	tests := []struct{ name, query, want string }{
		{"too many fires", "fires=11", "fires: at most 10, got 11"},
		{"negative fires", "fires=-1", "fires: want a non-negative integer"},
		{"limit too large", "limit=1001", "limit: at most 1000"},
		{"cursor not a number", "cursor=x", "cursor: want a non-negative integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := h.ts.Client().Get(h.ts.URL + "/_mock/sessions/s/schedules?" + tt.query)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var ce control.ControlError
			_ = json.NewDecoder(res.Body).Decode(&ce)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(ce.Error, tt.want) {
				t.Errorf("got %d %q, want 400 with %q", res.StatusCode, ce.Error, tt.want)
			}
		})
	}
}

// TestControlTestCases: the loaded mock file's test cases, by flow and name, with what each
// mocks; a flow's only; paged; none without a file.
func TestControlTestCases(t *testing.T) {
	h := newExecHarness(t, 0)
	var got []control.MockTestCase
	getControl(t, h, "/_mock/test-cases", &got)
	if len(got) != 1 || got[0].Flow != "orders" || got[0].Name != "DeclinedTwice" || len(got[0].States) != 2 {
		t.Fatalf("test cases = %+v, want orders/DeclinedTwice mocking two states", got)
	}
	charge := got[0].States[0]
	if charge.State != "Charge" || charge.Response != "DeclinedThenOK" || len(charge.Answers) != 2 {
		t.Fatalf("first state = %+v, want Charge answered by DeclinedThenOK in two spans", charge)
	}
	throw, ret := charge.Answers[0], charge.Answers[1]
	if throw.From != 0 || throw.To != 1 || throw.Answer.Throw == nil || throw.Answer.Throw.Error != "FC.CardDeclined" {
		t.Errorf("first answer = %+v, want invocations 0-1 throwing FC.CardDeclined", throw)
	}
	if ret.From != 2 || ret.To != 2 || ret.Answer.Return == nil || (*ret.Answer.Return)["charged"] != true {
		t.Errorf("second answer = %+v, want invocation 2 returning charged", ret)
	}

	getControl(t, h, "/_mock/test-cases?flow=nope", &got)
	if len(got) != 0 {
		t.Errorf("test cases of a flow the file does not mock = %+v, want none", got)
	}
	h.srv.SetMocks(nil)
	getControl(t, h, "/_mock/test-cases", &got)
	if len(got) != 0 {
		t.Errorf("test cases without a mock file = %+v, want none", got)
	}
}

// TestControlTestCasesBounded: many test cases sharing one long mocked response list at most
// 20 answers each (the answer grows with the file, not with their product), a page at a time.
func TestControlTestCasesBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("Flows:\n  f:\n    TestCases:\n")
	for i := range 1500 {
		fmt.Fprintf(&b, "      C%d: { T: Long }\n", i)
	}
	b.WriteString("MockedResponses:\n  Long:\n")
	for i := range 500 {
		fmt.Fprintf(&b, "    \"%d\": { Return: {} }\n", i)
	}
	mf, err := mockfile.Parse("big.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, mock.Config{Mocks: mf})
	var got []control.MockTestCase
	hdr := getControl(t, h, "/_mock/test-cases", &got)
	if len(got) != 1000 || hdr.Get(mock.HeaderNextCursor) != "1000" {
		t.Fatalf("first page: %d test cases, next cursor %q; want 1000 and 1000", len(got), hdr.Get(mock.HeaderNextCursor))
	}
	st := got[0].States[0]
	if len(st.Answers) != 20 || st.MoreAnswers == nil || *st.MoreAnswers != 480 {
		t.Errorf("a state lists %d answers and %v more, want 20 and 480", len(st.Answers), st.MoreAnswers)
	}
	hdr = getControl(t, h, "/_mock/test-cases?cursor=1000", &got)
	if len(got) != 500 || hdr.Get(mock.HeaderNextCursor) != "" {
		t.Errorf("last page: %d test cases, next cursor %q; want 500 and none", len(got), hdr.Get(mock.HeaderNextCursor))
	}
}

// TestControlGetTestCase: the session's test case as set, "" before.
func TestControlGetTestCase(t *testing.T) {
	h := newHarness(t, mock.Config{})
	var got control.TestCaseInfo
	getControl(t, h, "/_mock/sessions/tc/test-case", &got)
	if got.Session != "tc" || got.TestCase != "" {
		t.Errorf("before: %+v, want session tc, no test case", got)
	}
	h.srv.SetTestCase("tc", "DeclinedTwice")
	getControl(t, h, "/_mock/sessions/tc/test-case", &got)
	if got.TestCase != "DeclinedTwice" {
		t.Errorf("after: %+v, want DeclinedTwice", got)
	}
}
