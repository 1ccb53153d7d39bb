package emulator_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/emulator"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/store"
)

const viewMocks = `Flows:
  f:
    TestCases:
      Flaky: { A: ThrowTwice, B: Slow }
      Empty: {}
  g:
    TestCases:
      Only: { A: Slow }
MockedResponses:
  ThrowTwice:
    "2": { Return: { ok: true } }
    "0-1": { Throw: { Error: E.Flaky } }
  Slow:
    "0": { Return: {}, Delay: 2s }
`

// TestTestCases: the mock file's test cases by flow then name, each state's answers in
// invocation order (whatever the order of the file's keys), one flow's when asked.
func TestTestCases(t *testing.T) {
	e, _ := newEmulator(t)
	if got := e.TestCases(""); len(got) != 0 {
		t.Errorf("without a mock file: %+v, want none", got)
	}
	mf, err := mockfile.Parse("m.yaml", []byte(viewMocks))
	if err != nil {
		t.Fatal(err)
	}
	e.SetMocks(mf)
	tests := []struct {
		name, flow string
		want       []string // flow/case: state=response[from-to answer]...
	}{
		{"every flow", "", []string{"f/Empty:", "f/Flaky: A=ThrowTwice[0-1 E.Flaky][2-2 return] B=Slow[0-0 return 2s]", "g/Only: A=Slow[0-0 return 2s]"}},
		{"one flow", "g", []string{"g/Only: A=Slow[0-0 return 2s]"}},
		{"a flow the file does not mock", "h", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tc := range e.TestCases(tt.flow) {
				got = append(got, describeCase(tc))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func describeCase(tc emulator.TestCaseView) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s:", tc.Flow, tc.Name)
	for _, s := range tc.States {
		fmt.Fprintf(&b, " %s=%s", s.State, s.Response)
		for _, a := range s.Answers {
			what := "return"
			if a.Answer.Throw != nil {
				what = a.Answer.Throw.Error
			}
			if a.Answer.Delay > 0 {
				what += " " + a.Answer.Delay.String()
			}
			fmt.Fprintf(&b, "[%d-%d %s]", a.From, a.To, what)
		}
	}
	return b.String()
}

// TestSchedules: a session's schedules with their next fire times after its clock's time
// (1 to MaxFires of them), none for a disabled one.
func TestSchedules(t *testing.T) {
	e, st := newEmulator(t)
	ss := st.Session("s")
	mustFlow(t, ss, "f", "")
	if err := ss.Clock().Set(time.Date(2030, 1, 1, 0, 0, 30, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	for _, sc := range []store.Schedule{
		{Flow: "f", Name: "hourly", Cron: "0 0 * * * *", Enable: true},
		{Flow: "f", Name: "off", Cron: "0 0 * * * *"},
	} {
		if _, err := ss.CreateSchedule(sc); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		fires int
		want  int // next fire times of hourly
	}{
		{"one", 1, 1},
		{"none asked is one", 0, 1},
		{"three", 3, 3},
		{"past the bound", 50, emulator.MaxFires},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now, got := e.Schedules(ss, tt.fires)
			if set := time.Date(2030, 1, 1, 0, 0, 30, 0, time.UTC); now.Before(set) || !now.Before(set.Add(59*time.Minute)) {
				t.Errorf("now = %v, want the clock's, from %v (it follows wall time)", now, set)
			}
			if len(got) != 2 || got[0].Name != "hourly" || got[1].Name != "off" {
				t.Fatalf("schedules = %+v, want hourly and off", got)
			}
			if len(got[0].Next) != tt.want {
				t.Fatalf("%d fire times, want %d", len(got[0].Next), tt.want)
			}
			for i, n := range got[0].Next {
				if want := time.Date(2030, 1, 1, i+1, 0, 0, 0, time.UTC); !n.Equal(want) {
					t.Errorf("fire time %d = %v, want %v", i, n, want)
				}
			}
			if len(got[1].Next) != 0 {
				t.Errorf("disabled schedule fires at %v, want never", got[1].Next)
			}
		})
	}
}
