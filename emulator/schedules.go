package emulator

import (
	"time"

	"github.com/flowmock/flowmock/store"
)

// MaxFires bounds the next fire times Schedules gives per schedule.
const MaxFires = 10

// ScheduleView is a schedule of a session and when it fires next on the session's clock, as
// the control plane shows it.
type ScheduleView struct {
	Flow        string      `json:"flow"`
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Cron        string      `json:"cron"`
	Enabled     bool        `json:"enabled"`
	Payload     string      `json:"payload"`
	Next        []time.Time `json:"next"` // empty when disabled or never again
}

// Schedules returns the session's schedules, flow by flow in the order ListFlows gives them and
// each flow's in order of creation, with the next fires (1 to MaxFires) times each enabled
// one fires after now, the session clock's time: the times the fire loop waits for.
func (e *Emulator) Schedules(ss *store.Session, fires int) (now time.Time, out []ScheduleView) {
	fires = min(max(fires, 1), MaxFires)
	now = ss.Clock().Now()
	out = []ScheduleView{}
	for after := uint64(0); ; {
		flows, next := ss.ListFlows(after, 1000)
		for _, f := range flows {
			scs, _, err := ss.ListSchedules(f.Name, 0, 0)
			if err != nil {
				continue // deleted since ListFlows
			}
			for _, sc := range scs {
				out = append(out, scheduleView(sc, now, fires))
			}
		}
		if next == 0 {
			return now, out
		}
		after = next
	}
}

func scheduleView(sc store.Schedule, now time.Time, fires int) ScheduleView {
	v := ScheduleView{Flow: sc.Flow, Name: sc.Name, Description: sc.Description, Cron: sc.Cron,
		Enabled: sc.Enable, Payload: sc.Payload, Next: []time.Time{}}
	if !sc.Enable {
		return v
	}
	for t := sc.Next(now); !t.IsZero() && len(v.Next) < fires; t = sc.Next(t) {
		v.Next = append(v.Next, t)
	}
	return v
}
