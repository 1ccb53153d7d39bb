package store

import (
	"strings"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/interp"
)

// mapRuns are a session's map runs, oldest first.
type mapRuns []*interp.MapRun

// AddMapRun keeps a map run of a distributed Map state. A session keeps at most
// --max-executions map runs: the oldest finished one goes first, else the oldest.
func (s *Session) AddMapRun(m *interp.MapRun) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ov := s.overlay()
	if len(ov.mapRuns) >= s.store.maxRuns {
		drop := 0
		for i, o := range ov.mapRuns {
			if o.Snapshot().Status != interp.Running {
				drop = i
				break
			}
		}
		ov.mapRuns = append(ov.mapRuns[:drop], ov.mapRuns[drop+1:]...)
	}
	ov.mapRuns = append(ov.mapRuns, m)
}

// MapRun returns the map run named name of flow's execution exec: FlowNotExists,
// ExecutionNotExists (the caller checks the execution first), or InvalidArgument for a map
// run the execution does not have.
func (s *Session) MapRun(flow, exec, name string) (*interp.MapRun, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ov != nil {
		for _, m := range s.ov.mapRuns {
			if m.Name == name && m.Flow == flow && m.Execution == exec {
				return m, nil
			}
		}
	}
	return nil, flowmock.Errorf(flowmock.InvalidArgument,
		"Parameter error. MapRunName: execution %s of flow %s has no map run %q.", exec, flow, name)
}

// AddChild keeps r, a child execution of a map run (r.MapRun set), in the session beside the
// flow's other executions, counted as Start counts them: it returns FlowNotExists,
// ResourceThrottled when the session keeps as many executions as it may and all of them
// run, or when the global cap of running executions is reached, and InvalidArgument when
// the child's input would pass the session's bytes.
func (s *Session) AddChild(r *Run) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, err := s.own(r.Flow)
	if err != nil {
		return err
	}
	if err := s.makeRoom(); err != nil {
		s.store.limited(LimitSessionExecution)
		return err
	}
	input := len(r.Exec.Snapshot().Input)
	if err := s.charge("Input", input); err != nil {
		return err
	}
	if _, ok, _ := s.store.running.start(func() (*Run, error) { return r, nil }); !ok {
		s.bytes -= input
		return s.store.runningErr()
	}
	r.size = input
	s.pending = append(s.pending, r)
	r.Seq = fs.runs.next()
	s.started++
	r.order = s.started
	s.nruns++
	fs.runs.add(strings.Clone(r.Name), r)
	return nil
}
