package store

import (
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/flowmock/flowmock"
)

// Schedule starts executions of a flow at the times of a cron expression.
type Schedule struct {
	Flow, Name        string
	ID                string // a UUID
	Description       string
	Payload           string // the executions' input: "" or a JSON object
	Cron              string // six fields, with seconds: "0 * * * * *"
	Enable            bool
	Created, Modified time.Time

	spec cron.Schedule // Cron, parsed; nil in a Schedule not from a Session
}

// SchedulePatch is what UpdateSchedule changes: the fields that are not nil.
type SchedulePatch struct {
	Description, Payload, Cron *string
	Enable                     *bool
}

// Next returns the first time after after that the schedule fires, in UTC, or the zero time
// when it never does (in the next five years) or sc did not come from a Session.
func (sc Schedule) Next(after time.Time) time.Time {
	if sc.spec == nil {
		return time.Time{}
	}
	return sc.spec.Next(after).UTC()
}

// cronParser reads CloudFlow's cron expressions: six fields, seconds first, no descriptors
// such as @every.
var cronParser = cron.NewParser(cron.Second | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// parseCron parses a cron expression, whose times are in UTC.
func parseCron(expr string) (cron.Schedule, error) {
	spec, err := cronParser.Parse("CRON_TZ=UTC " + expr)
	if err != nil {
		return nil, invalid("CronExpression: %s is not a six-field cron expression "+
			"(seconds minutes hours day-of-month month day-of-week): %v.", clip(expr), err)
	}
	return spec, nil
}

// CreateSchedule creates the schedule sc.Name of the flow sc.Flow and returns it, with ID,
// Created and Modified set. It returns FlowNotExists, ScheduleAlreadyExists ("The schedule S
// already exists in flow F."), or InvalidArgument for a bad name, cron expression or payload.
func (s *Session) CreateSchedule(sc Schedule) (Schedule, error) {
	if err := checkName("ScheduleName", sc.Name); err != nil {
		return Schedule{}, err
	}
	spec, err := parseCron(sc.Cron)
	if err != nil {
		return Schedule{}, err
	}
	if err := checkObject("Payload", sc.Payload); err != nil {
		return Schedule{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, err := s.own(sc.Flow)
	if err != nil {
		return Schedule{}, err
	}
	if fs.schedules.get(sc.Name) != nil {
		return Schedule{}, flowmock.Errorf(flowmock.ScheduleAlreadyExists,
			"The schedule %s already exists in flow %s.", sc.Name, sc.Flow)
	}
	sc.Flow, sc.Name, sc.spec = fs.rec.Name, strings.Clone(sc.Name), spec
	sc.ID = uuid("schedule", s.id, fs.rec.ID, sc.Name, strconv.FormatUint(fs.schedules.next(), 10))
	sc.Created = s.now()
	sc.Modified = sc.Created
	fs.schedules.add(sc.Name, sc)
	return sc, nil
}

// Schedule returns the schedule of the flow. It returns FlowNotExists or ScheduleNotExists
// ("The schedule S for flow F does not exist.").
func (s *Session) Schedule(flow, name string) (Schedule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc, _, err := s.schedule(flow, name)
	if err != nil {
		return Schedule{}, err
	}
	return *sc, nil
}

// schedule looks the schedule up. The caller holds s.mu.
func (s *Session) schedule(flow, name string) (*Schedule, *flowState, error) {
	e, fs, err := findItem(s, scheduleKind, flow, name)
	if err != nil {
		return nil, nil, err
	}
	return &e.val, fs, nil
}

// UpdateSchedule changes the fields p sets of the schedule, sets Modified and returns the
// schedule. It returns FlowNotExists, ScheduleNotExists, or InvalidArgument for a bad cron
// expression or payload.
func (s *Session) UpdateSchedule(flow, name string, p SchedulePatch) (Schedule, error) {
	var spec cron.Schedule
	if p.Cron != nil {
		var err error
		if spec, err = parseCron(*p.Cron); err != nil {
			return Schedule{}, err
		}
	}
	if p.Payload != nil {
		if err := checkObject("Payload", *p.Payload); err != nil {
			return Schedule{}, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sc, _, err := s.schedule(flow, name)
	if err != nil {
		return Schedule{}, err
	}
	if spec != nil {
		sc.Cron, sc.spec = *p.Cron, spec
	}
	set(&sc.Description, p.Description)
	set(&sc.Payload, p.Payload)
	set(&sc.Enable, p.Enable)
	sc.Modified = s.now()
	return *sc, nil
}

// DeleteSchedule deletes the schedule. It returns FlowNotExists or ScheduleNotExists.
func (s *Session) DeleteSchedule(flow, name string) error {
	return deleteItem(s, scheduleKind, flow, name)
}

// ListSchedules returns the flow's schedules created after the one numbered after, in order
// of creation, at most limit of them (all when limit is not positive), and next, the number
// to pass as after for the next page, or 0 when this page is the last. It returns
// FlowNotExists.
func (s *Session) ListSchedules(flow string, after uint64, limit int) ([]Schedule, uint64, error) {
	return listItems(s, scheduleKind, flow, after, limit, deref[Schedule])
}
