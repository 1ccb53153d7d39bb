package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/store"
)

// cronMsg is the message of a bad cron expression.
func cronMsg(expr, why string) string {
	return fmt.Sprintf("Parameter error. CronExpression: %q is not a six-field cron expression "+
		"(seconds minutes hours day-of-month month day-of-week): %s.", expr, why)
}

func TestCron(t *testing.T) {
	st, _ := NewStore(t)
	after := time.Date(2025, 3, 1, 12, 0, 0, 123_000_000, time.FixedZone("UTC+8", 8*3600)) // a Saturday, 04:00 UTC
	tests := []struct {
		expr     string
		wantNext time.Time // UTC
		wantWhy  string    // the parser's complaint; "" for a good expression
	}{
		{expr: "0 * * * * *", wantNext: time.Date(2025, 3, 1, 4, 1, 0, 0, time.UTC)},
		{expr: "*/15 * * * * *", wantNext: time.Date(2025, 3, 1, 4, 0, 15, 0, time.UTC)},
		{expr: "0 0 12 * * ?", wantNext: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)},
		{expr: "0 30 9 * * MON-FRI", wantNext: time.Date(2025, 3, 3, 9, 30, 0, 0, time.UTC)},
		{expr: "0 0 0 1,15 * *", wantNext: time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC)},
		{expr: "  0 0 6 * JAN *  ", wantNext: time.Date(2026, 1, 1, 6, 0, 0, 0, time.UTC)},
		{expr: "0 0 0 30 2 *", wantNext: time.Time{}}, // never
		{expr: "* * * * *", wantWhy: "expected exactly 6 fields, found 5: [* * * * *]"},
		{expr: "0 * * * * * *", wantWhy: "expected exactly 6 fields, found 7: [0 * * * * * *]"},
		{expr: "", wantWhy: "expected exactly 6 fields, found 0: []"},
		{expr: "@every 1m", wantWhy: "parser does not accept descriptors: @every 1m"},
		{expr: "@hourly", wantWhy: "parser does not accept descriptors: @hourly"},
		{expr: "TZ=UTC", wantWhy: "expected exactly 6 fields, found 1: [TZ=UTC]"},
		{expr: "CRON_TZ=Asia/Shanghai 0 * * * * *", wantWhy: "expected exactly 6 fields, found 7: [CRON_TZ=Asia/Shanghai 0 * * * * *]"},
		{expr: "60 * * * * *", wantWhy: "end of range (60) above maximum (59): 60"},
		{expr: "0 0 0 * * 8", wantWhy: "end of range (8) above maximum (6): 8"},
		{expr: "*/0 * * * * *", wantWhy: "step of range should be a positive number: */0"},
		{expr: "a b c d e f", wantWhy: `failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			s := st.Session(t.Name())
			sc, err := s.CreateSchedule(store.Schedule{Flow: "demo_flow", Name: "s", Cron: tt.expr})
			if tt.wantWhy != "" {
				WantError(t, err, flowmock.InvalidArgument, cronMsg(tt.expr, tt.wantWhy))
				_, err = s.UpdateSchedule("demo_flow", "s", store.SchedulePatch{Cron: &tt.expr})
				WantError(t, err, flowmock.InvalidArgument, cronMsg(tt.expr, tt.wantWhy))
				return
			}
			WantError(t, err, "", "")
			if got := sc.Next(after); !got.Equal(tt.wantNext) || !got.IsZero() && got.Location() != time.UTC {
				t.Errorf("Next(%v) = %v, want %v", after, got, tt.wantNext)
			}
			if sc.Cron != tt.expr {
				t.Errorf("Cron = %q, want %q as given", sc.Cron, tt.expr)
			}
			got, _ := s.Schedule("demo_flow", "s")
			if next := got.Next(after); !next.Equal(tt.wantNext) {
				t.Errorf("Schedule().Next(%v) = %v, want %v", after, next, tt.wantNext)
			}
		})
	}
	if got := (store.Schedule{Cron: "0 * * * * *"}).Next(after); !got.IsZero() {
		t.Errorf("Next of a Schedule not from a Session = %v, want the zero time", got)
	}
}

func TestCreateSchedule(t *testing.T) {
	st, _ := NewStore(t)
	good := store.Schedule{Flow: "demo_flow", Name: "hourly", Description: "d", Payload: `{"a": 1}`, Cron: "0 0 * * * *", Enable: true}
	with := func(change func(*store.Schedule)) store.Schedule { sc := good; change(&sc); return sc }
	tests := []struct {
		name     string
		in       store.Schedule
		wantCode flowmock.Code
		wantMsg  string
	}{
		{name: "fixture flow", in: good},
		{name: "created flow", in: with(func(sc *store.Schedule) { sc.Flow = "created" })},
		{name: "no payload, disabled", in: with(func(sc *store.Schedule) { sc.Payload, sc.Enable = "", false })},
		{name: "payload with spaces", in: with(func(sc *store.Schedule) { sc.Payload = ` {"a": [1, 2]} ` })},
		{name: "exists", in: with(func(sc *store.Schedule) { sc.Name = "old" }),
			wantCode: flowmock.ScheduleAlreadyExists, wantMsg: "The schedule old already exists in flow demo_flow."},
		{name: "unknown flow", in: with(func(sc *store.Schedule) { sc.Flow = "nope" }),
			wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
		{name: "bad name", in: with(func(sc *store.Schedule) { sc.Name = "-x" }),
			wantCode: flowmock.InvalidArgument, wantMsg: badNameMsg("ScheduleName", "-x")},
		{name: "payload array", in: with(func(sc *store.Schedule) { sc.Payload = "[1]" }),
			wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Payload: must be a JSON object, not an array."},
		{name: "payload string", in: with(func(sc *store.Schedule) { sc.Payload = `"s"` }),
			wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Payload: must be a JSON object, not a string."},
		{name: "payload null", in: with(func(sc *store.Schedule) { sc.Payload = "null" }),
			wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Payload: must be a JSON object, not null."},
		{name: "payload not JSON", in: with(func(sc *store.Schedule) { sc.Payload = "{" }),
			wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Payload: not valid JSON: unexpected end of JSON input."},
		{name: "payload two values", in: with(func(sc *store.Schedule) { sc.Payload = "{} {}" }),
			wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Payload: not valid JSON: invalid character '{' after top-level value."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "created")
			MustCreateSchedule(t, s, with(func(sc *store.Schedule) { sc.Name = "old" }))
			got, err := s.CreateSchedule(tt.in)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				return
			}
			if !uuidRE.MatchString(got.ID) {
				t.Errorf("ID = %q, want a UUID", got.ID)
			}
			want := tt.in
			want.ID, want.Created, want.Modified = got.ID, startMs, startMs
			if !sameSchedule(got, want) {
				t.Errorf("CreateSchedule = %+v, want %+v", got, want)
			}
			if desc, err := s.Schedule(tt.in.Flow, tt.in.Name); err != nil || !sameSchedule(desc, want) {
				t.Errorf("Schedule = %+v, %v, want %+v", desc, err, want)
			}
		})
	}
}

// sameSchedule compares the exported fields.
func sameSchedule(a, b store.Schedule) bool {
	return a.Flow == b.Flow && a.Name == b.Name && a.ID == b.ID && a.Description == b.Description &&
		a.Payload == b.Payload && a.Cron == b.Cron && a.Enable == b.Enable &&
		a.Created.Equal(b.Created) && a.Modified.Equal(b.Modified)
}

func TestUpdateSchedule(t *testing.T) {
	st, clk := NewStore(t)
	tests := []struct {
		name, flow, schedule string
		patch                store.SchedulePatch
		want                 func(*store.Schedule)
		wantCode             flowmock.Code
		wantMsg              string
	}{
		{name: "nothing", flow: "f", schedule: "s", want: func(*store.Schedule) {}},
		{name: "every field", flow: "f", schedule: "s",
			patch: store.SchedulePatch{Description: ptr("new"), Payload: ptr(`{"b":2}`), Cron: ptr("0 0 0 * * *"), Enable: ptr(false)},
			want: func(sc *store.Schedule) {
				sc.Description, sc.Payload, sc.Cron, sc.Enable = "new", `{"b":2}`, "0 0 0 * * *", false
			}},
		{name: "clear payload", flow: "f", schedule: "s", patch: store.SchedulePatch{Payload: ptr("")},
			want: func(sc *store.Schedule) { sc.Payload = "" }},
		{name: "bad payload", flow: "f", schedule: "s", patch: store.SchedulePatch{Payload: ptr("1")},
			wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Payload: must be a JSON object, not a number."},
		{name: "unknown schedule", flow: "f", schedule: "t", patch: store.SchedulePatch{Enable: ptr(false)},
			wantCode: flowmock.ScheduleNotExists, wantMsg: "The schedule t for flow f does not exist."},
		{name: "fixture flow", flow: "demo_flow", schedule: "s",
			wantCode: flowmock.ScheduleNotExists, wantMsg: "The schedule s for flow demo_flow does not exist."},
		{name: "unknown flow", flow: "nope", schedule: "s",
			wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "f")
			before, err := s.CreateSchedule(store.Schedule{Flow: "f", Name: "s", Payload: `{"a":1}`, Cron: "0 * * * * *", Enable: true})
			if err != nil {
				t.Fatalf("CreateSchedule: %v", err)
			}
			clk.Advance(time.Second)
			got, err := s.UpdateSchedule(tt.flow, tt.schedule, tt.patch)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				if after, _ := s.Schedule("f", "s"); !sameSchedule(after, before) {
					t.Errorf("a failed UpdateSchedule changed the schedule: %+v, was %+v", after, before)
				}
				return
			}
			want := before
			tt.want(&want)
			want.Modified = clk.Now().UTC().Truncate(time.Millisecond)
			if !sameSchedule(got, want) {
				t.Errorf("UpdateSchedule = %+v, want %+v", got, want)
			}
			if next, wantNext := got.Next(start), nextOf(t, want.Cron, start); !next.Equal(wantNext) {
				t.Errorf("Next after UpdateSchedule = %v, want %v", next, wantNext)
			}
		})
	}
}

// nextOf returns the next firing of expr after after, from a schedule made for the purpose.
func nextOf(t *testing.T, expr string, after time.Time) time.Time {
	t.Helper()
	st, _ := NewStore(t)
	sc, err := st.Session("next").CreateSchedule(store.Schedule{Flow: "demo_flow", Name: "n", Cron: expr})
	if err != nil {
		t.Fatalf("CreateSchedule(%q): %v", expr, err)
	}
	return sc.Next(after)
}

func TestDeleteSchedule(t *testing.T) {
	st, _ := NewStore(t)
	tests := []struct {
		name, flow, schedule string
		wantCode             flowmock.Code
		wantMsg              string
	}{
		{name: "exists", flow: "f", schedule: "s"},
		{name: "unknown schedule", flow: "f", schedule: "t", wantCode: flowmock.ScheduleNotExists, wantMsg: "The schedule t for flow f does not exist."},
		{name: "unknown flow", flow: "nope", schedule: "s", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "f")
			first, err := s.CreateSchedule(store.Schedule{Flow: "f", Name: "s", Cron: "0 * * * * *"})
			if err != nil {
				t.Fatalf("CreateSchedule: %v", err)
			}
			WantError(t, s.DeleteSchedule(tt.flow, tt.schedule), tt.wantCode, tt.wantMsg)
			if tt.wantCode != "" {
				return
			}
			_, err = s.Schedule("f", "s")
			WantError(t, err, flowmock.ScheduleNotExists, "The schedule s for flow f does not exist.")
			again, err := s.CreateSchedule(store.Schedule{Flow: "f", Name: "s", Cron: "0 * * * * *"})
			if err != nil || again.ID == first.ID {
				t.Errorf("CreateSchedule after delete = ID %q, %v, want a new ID (was %q)", again.ID, err, first.ID)
			}
		})
	}
}

func TestListSchedules(t *testing.T) {
	st, _ := NewStore(t)
	s := st.Session("s")
	for _, name := range []string{"c", "a", "gone", "b"} {
		MustCreateSchedule(t, s, store.Schedule{Flow: "demo_flow", Name: name, Cron: "0 * * * * *"})
	}
	if err := s.DeleteSchedule("demo_flow", "gone"); err != nil {
		t.Fatalf("DeleteSchedule: %v", err)
	}
	// Seqs: c 1, a 2, (gone 3), b 4.
	testPages(t, "ListSchedules", s.ListSchedules, func(sc store.Schedule) string { return sc.Name }, []pageCase{
		{name: "first page", flow: "demo_flow", limit: 2, wantNames: []string{"c", "a"}, wantNext: 2},
		{name: "last page", flow: "demo_flow", after: 2, limit: 2, wantNames: []string{"b"}},
		{name: "exactly the rest", flow: "demo_flow", after: 1, limit: 2, wantNames: []string{"a", "b"}},
		{name: "other fixture flow", flow: "empty_flow", wantNames: []string{}},
		{name: "unknown flow", flow: "nope", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	})
}
