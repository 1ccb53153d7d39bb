package store

import (
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/fixtures"
)

// Variable is one environment variable of a flow.
type Variable struct{ Name, Value, Description string }

// Flow is a flow's record, as DescribeFlow shows it.
type Flow struct {
	Name        string
	ID          string // a UUID
	Description string
	Definition  string
	// Parsed is Definition parsed once, immutable and shared with the flow's versions and
	// executions; nil when Definition does not parse (a fixture's may not), with ParseErr
	// saying why. The store parses a definition given without it.
	Parsed                  *fdl.Definition
	ParseErr                error
	Type                    string // "FDL"
	RoleArn                 string
	ExecutionMode           string // "Standard" or "Express"
	ExternalStorageLocation string
	ResourceGroupID         string
	Environment             []Variable
	Created, Modified       time.Time // to the millisecond, UTC
}

// FlowPatch is what UpdateFlow changes: the fields that are not nil.
type FlowPatch struct {
	Definition, Description, Type, RoleArn, ExternalStorageLocation *string
	Environment                                                     *[]Variable
	// Parsed is Definition parsed (nil: the store parses it).
	Parsed *fdl.Definition
}

// copy returns f with its own Environment.
func (f *Flow) copy() Flow {
	c := *f
	c.Environment = slices.Clone(f.Environment)
	return c
}

// CreateFlow creates the flow f.Name and returns its record, with ID, Created and Modified
// set, Type "" made "FDL" and ExecutionMode "" made "Standard". The flow has no executions,
// even when a flow of the name was deleted or Base could fake one. It returns
// FlowAlreadyExists ("Flow NAME already exists.") when the session has the flow, and
// InvalidArgument for a bad name, Type or ExecutionMode, or when the session already has
// Config.MaxFlows flows.
func (s *Session) CreateFlow(f Flow) (Flow, error) {
	if err := checkFlow(&f); err != nil {
		return Flow{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exists(f.Name) {
		return Flow{}, flowmock.Errorf(flowmock.FlowAlreadyExists, "Flow %s already exists.", f.Name)
	}
	ov := s.overlay()
	if ov.live >= s.store.maxFlows {
		return Flow{}, invalid("Name: cannot create flow %s: a session has at most %d flows.", f.Name, s.store.maxFlows)
	}
	charged := flowBytes(&f)
	if err := s.charge("Definition", charged); err != nil {
		return Flow{}, err
	}
	f.Name = strings.Clone(f.Name)
	f.parse()
	f.Environment = slices.Clone(f.Environment)
	f.ID = uuid("flow", s.id, f.Name, strconv.FormatUint(ov.flows.next(), 10))
	f.Created = s.now()
	f.Modified = f.Created
	ov.flows.add(f.Name, flowState{rec: f, execs: fixtures.NewFlow(f.Name, f.Definition, nil), charged: charged})
	delete(ov.gone, f.Name)
	ov.live++
	return f.copy(), nil
}

// parse parses the definition unless it is parsed already.
func (f *Flow) parse() {
	if f.Parsed == nil && f.ParseErr == nil {
		f.Parsed, f.ParseErr = fdl.Parse(f.Definition)
	}
}

// checkFlow checks a flow to create and fills in the defaults.
func checkFlow(f *Flow) error {
	if err := checkName("Name", f.Name); err != nil {
		return err
	}
	if err := checkType(&f.Type); err != nil {
		return err
	}
	switch f.ExecutionMode {
	case "":
		f.ExecutionMode = "Standard"
	case "Standard", "Express":
	default:
		return invalid("ExecutionMode: must be Standard or Express, got %q.", f.ExecutionMode)
	}
	return nil
}

// checkType checks a flow type, making "" "FDL".
func checkType(t *string) error {
	switch *t {
	case "":
		*t = "FDL"
	case "FDL":
	default:
		return invalid("Type: must be FDL, got %q.", *t)
	}
	return nil
}

// Flow returns the flow named name, or FlowNotExists ("Flow NAME does not exist."). A flow
// Base fakes is materialized in the session.
func (s *Session) Flow(name string) (Flow, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, rec, err := s.lookup(name)
	switch {
	case err != nil:
		return Flow{}, err
	case fs != nil:
		return fs.rec.copy(), nil
	}
	return rec.copy(), nil
}

// UpdateFlow changes the fields p sets of the flow named name, sets Modified and returns the
// record. It returns FlowNotExists, or InvalidArgument for a Type other than FDL.
func (s *Session) UpdateFlow(name string, p FlowPatch) (Flow, error) {
	if p.Type != nil {
		t := *p.Type
		if err := checkType(&t); err != nil {
			return Flow{}, err
		}
		p.Type = &t
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, err := s.own(name)
	if err != nil {
		return Flow{}, err
	}
	f := &fs.rec
	after := *f
	set(&after.Definition, p.Definition)
	set(&after.Description, p.Description)
	if err := s.charge("Definition", flowBytes(&after)-fs.charged); err != nil {
		return Flow{}, err
	}
	fs.charged = flowBytes(&after) // a changed fixture flow counts whole from now on
	if p.Definition != nil {
		f.Definition, f.Parsed, f.ParseErr = *p.Definition, p.Parsed, nil
		f.parse()
	}
	set(&f.Description, p.Description)
	set(&f.Type, p.Type)
	set(&f.RoleArn, p.RoleArn)
	set(&f.ExternalStorageLocation, p.ExternalStorageLocation)
	if p.Environment != nil {
		f.Environment = slices.Clone(*p.Environment)
	}
	f.Modified = s.now()
	return f.copy(), nil
}

// set sets *dst to *v when v is not nil.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// DeleteFlow deletes the flow named name with its executions, versions, aliases and
// schedules. A flow created later under the name starts with none of them. It returns
// FlowNotExists.
func (s *Session) DeleteFlow(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, err := s.lookup(name); err != nil {
		return err
	}
	ov := s.overlay()
	if e := ov.flows.remove(name); e != nil {
		stopRuns(&e.val, "flowmock.FlowDeleted", "The flow was deleted.")
		s.nruns -= len(e.val.runs.entries)
		s.release(&e.val)
	}
	if ov.gone == nil {
		ov.gone = make(map[string]struct{})
	}
	ov.gone[strings.Clone(name)] = struct{}{}
	ov.live--
	return nil
}

// ListFlows returns the session's flows with a sequence number greater than after, in
// order, at most limit of them (all when limit is not positive), and next, the number to
// pass as after for the next page, or 0 when this page is the last.
func (s *Session) ListFlows(after uint64, limit int) (flows []Flow, next uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return collect(s.flows(after), limit, (*Flow).copy)
}

// flows yields the session's flows with a seq greater than after, in seq order: the
// untouched Listed flows merged with the overlay's. The caller holds s.mu.
func (s *Session) flows(after uint64) iter.Seq2[uint64, *Flow] {
	return func(yield func(uint64, *Flow) bool) {
		listed := s.store.listed
		i := len(listed)
		if after < uint64(i) {
			i = int(after)
		}
		var own []*entry[flowState]
		if s.ov != nil {
			own = s.ov.flows.entries[s.ov.flows.from(after):]
		}
		for {
			for i < len(listed) && s.hidden(listed[i].Name) {
				i++
			}
			var ok bool
			switch {
			case i < len(listed) && (len(own) == 0 || uint64(i+1) < own[0].seq):
				ok = yield(uint64(i+1), listed[i])
				i++
			case len(own) > 0:
				ok = yield(own[0].seq, &own[0].val.rec)
				own = own[1:]
			default:
				return
			}
			if !ok {
				return
			}
		}
	}
}

// Executions returns the executions of the flow named name as the session sees them: Base's
// (shared: callers must not modify them) for a flow of Base the session did not delete, none
// for a flow created in the session. It returns FlowNotExists.
func (s *Session) Executions(name string) (*fixtures.Flow, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, _, err := s.lookup(name)
	switch {
	case err != nil:
		return nil, err
	case fs != nil && fs.execs != nil:
		return fs.execs, nil
	}
	return s.store.src.Flow(s.id, name)
}

// flowBytes is what a flow's record counts in its session's bytes.
func flowBytes(f *Flow) int { return len(f.Definition) + len(f.Description) }

// release gives back the bytes of a deleted flow: what its record was charged, its versions
// and executions. The caller holds s.mu.
func (s *Session) release(fs *flowState) {
	s.bytes -= fs.charged
	for _, e := range fs.versions.entries {
		s.bytes -= versionBytes(&e.val)
	}
	for _, e := range fs.runs.entries {
		s.forget(e.val)
	}
}
