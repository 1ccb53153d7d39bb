package store

import (
	"iter"
	"strings"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/interp"
)

// Run is an execution started in a session (StartExecution, StartSyncExecution, a
// schedule). Its fields do not change once it is in the store; Exec is safe for concurrent
// use.
type Run struct {
	Flow, Name string
	// Definition is the flow's definition when the execution started (what FlowDefinition
	// shows); Qualifier the version or alias it was started with ("" for the latest).
	Definition, Qualifier string
	// Parsed is Definition parsed (shared with the flow or version it came from).
	Parsed *fdl.Definition
	// TestCase is the mock file's test case in force ("" for none).
	TestCase string
	// Exec runs the execution.
	Exec *interp.Execution
	// MapRun names the map run whose child execution this is; "" for the others.
	MapRun string
	// Seq orders the runs of a flow: later starts have greater numbers.
	Seq uint64

	order uint64 // orders the runs of the session
	size  int    // bytes counted for it: its input, and its output once it ended
	gone  bool   // no longer kept (its bytes were given back)
}

// Start runs a new execution of flow named name, unless one of that name exists: a running
// one is returned as it is (existing true: the service's idempotent start), a finished one
// is 400 ExecutionAlreadyExists. input is counted in the session's bytes; past the global
// cap of running executions the start is 429. start is called with the flow's record, under the session's
// lock, to start the execution (it must not block).
func (s *Session) Start(flow, name, input string, start func(Flow) (*Run, error)) (run *Run, existing bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, err := s.own(flow)
	if err != nil {
		return nil, false, err
	}
	if e := fs.runs.get(name); e != nil {
		r := e.val
		if r.Exec.Snapshot().Status == interp.Running {
			return r, true, nil
		}
		return nil, false, flowmock.Errorf(flowmock.ExecutionAlreadyExists, "Execution %s for flow %s already exists.", name, flow)
	}
	if s.historic(fs, flow, name) {
		return nil, false, flowmock.Errorf(flowmock.ExecutionAlreadyExists, "Execution %s for flow %s already exists.", name, flow)
	}
	if err := s.makeRoom(); err != nil {
		s.store.limited(LimitSessionExecution)
		return nil, false, err
	}
	if err := s.charge("Input", len(input)); err != nil {
		return nil, false, err
	}
	r, ok, err := s.store.running.start(func() (*Run, error) { return start(fs.rec.copy()) })
	if !ok {
		err = s.store.runningErr()
	}
	if err != nil {
		s.bytes -= len(input)
		return nil, false, err
	}
	r.size = len(input)
	s.pending = append(s.pending, r)
	r.Seq = fs.runs.next()
	s.started++
	r.order = s.started
	s.nruns++
	fs.runs.add(strings.Clone(name), r)
	return r, false, nil
}

// makeRoom drops the session's oldest finished execution when it keeps as many as it may,
// and refuses (429) when all of them are running. The caller holds s.mu.
func (s *Session) makeRoom() error {
	if s.nruns < s.store.maxRuns {
		return nil
	}
	var oldest *Run
	var owner *flowState
	for i := range s.ov.flows.entries {
		fs := &s.ov.flows.entries[i].val
		for _, e := range fs.runs.entries { // in start order: the first finished is the flow's oldest
			r := e.val
			if r.Exec.Snapshot().Status != interp.Running {
				if oldest == nil || r.order < oldest.order {
					oldest, owner = r, fs
				}
				break
			}
		}
	}
	if oldest == nil {
		return flowmock.Errorf(flowmock.ResourceThrottled,
			"The request is throttled. Please try again later. (flowmock: the session already runs %d executions, its limit (--max-executions).)", s.nruns)
	}
	owner.runs.remove(oldest.Name)
	s.forget(oldest)
	s.nruns--
	return nil
}

// AcquirePoll counts a long poll of the session, unless max are already waiting: then it
// returns false and the poll answers at once.
func (s *Session) AcquirePoll(max int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.polls >= max {
		return false
	}
	s.polls++
	return true
}

// ReleasePoll ends a long poll AcquirePoll counted.
func (s *Session) ReleasePoll() {
	s.mu.Lock()
	s.polls--
	s.mu.Unlock()
}

// historic reports whether the flow's fixture history has an execution named name. The
// caller holds s.mu.
func (s *Session) historic(fs *flowState, flow, name string) bool {
	if fs.execs != nil {
		return false // created in the session: no history
	}
	fl, err := s.store.src.Flow(s.id, flow)
	if err != nil {
		return false
	}
	for i := range fl.Executions {
		if fl.Executions[i].Name == name {
			return true
		}
	}
	return false
}

// Run returns the execution named name of flow started in the session; nil (and no error)
// when the flow exists but no such execution was started in it (the caller then looks in the
// flow's history). It returns FlowNotExists.
func (s *Session) Run(flow, name string) (*Run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, _, err := s.lookup(flow)
	if err != nil || fs == nil {
		return nil, err
	}
	if e := fs.runs.get(name); e != nil {
		return e.val, nil
	}
	return nil, nil
}

// Runs returns the flow's executions started in the session, newest first. It returns
// FlowNotExists.
func (s *Session) Runs(flow string) ([]*Run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, _, err := s.lookup(flow)
	if err != nil || fs == nil {
		return nil, err
	}
	out := make([]*Run, 0, len(fs.runs.entries))
	for i := len(fs.runs.entries) - 1; i >= 0; i-- {
		out = append(out, fs.runs.entries[i].val)
	}
	return out, nil
}

// AllRuns yields every execution started in the session, flow by flow. The caller must not
// hold s.mu; the runs are collected first.
func (s *Session) AllRuns() []*Run {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Run
	for r := range s.runs() {
		out = append(out, r)
	}
	return out
}

// runs yields the session's runs. The caller holds s.mu.
func (s *Session) runs() iter.Seq[*Run] {
	return func(yield func(*Run) bool) {
		if s.ov == nil {
			return
		}
		for _, f := range s.ov.flows.entries {
			for _, e := range f.val.runs.entries {
				if !yield(e.val) {
					return
				}
			}
		}
	}
}

// stopRuns stops the running executions of fs (its flow is going away). The caller holds
// s.mu.
func stopRuns(fs *flowState, code, cause string) {
	for _, e := range fs.runs.entries {
		e.val.Exec.Stop(code, cause)
	}
}

// Clock is the session's clock: every time the session's executions show comes from it.
func (s *Session) Clock() *clock.Clock {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clockLocked()
}

// now is the session's time to the millisecond, in UTC. The caller holds s.mu.
func (s *Session) now() time.Time { return s.clockLocked().Now().UTC().Truncate(time.Millisecond) }

func (s *Session) clockLocked() *clock.Clock {
	if s.clk == nil {
		c, err := clock.New(s.store.now().UTC(), s.store.scale, s.store.wall)
		if err != nil {
			panic(err) // the scale was checked by New
		}
		s.clk = c
	}
	return s.clk
}
