package interp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/interp"
)

// distFlow is a distributed Map over $Input.items whose Processor runs task Work; extra
// is more fields of the Map state.
func distFlow(limit int, extra string) string {
	return machine("Each", fmt.Sprintf(`
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    MaxConcurrency: %d
    ProcessorConfig:
      ExecutionMode: Express
%s    Processor:
      StartAt: Work
      States:
        - Type: Task
          Name: Work
          Action: FC:InvokeFunction
          End: true
    End: true
`, limit, extra))
}

// keeper is a MapRuns that keeps what it is given.
type keeper struct {
	mu       sync.Mutex
	runs     []*interp.MapRun
	children map[string][]*interp.Execution
}

func (k *keeper) MapRun(m *interp.MapRun) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.runs = append(k.runs, m)
}

func (k *keeper) Child(m *interp.MapRun, e *interp.Execution) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.children == nil {
		k.children = map[string][]*interp.Execution{}
	}
	k.children[m.Name] = append(k.children[m.Name], e)
	return nil
}

// failing answers a task after a minute on clk, or fails it after two when its input has
// "fail" (so that no success ends at the time of a failure).
type failing struct{ clk interp.Clock }

func (f failing) Invoke(ctx context.Context, inv interp.Invocation) (json.RawMessage, error) {
	fail := strings.Contains(string(inv.Input), `"fail"`)
	d := time.Minute
	if fail {
		d = 2 * time.Minute
	}
	if err := f.clk.Sleep(ctx, d); err != nil {
		return nil, err
	}
	if fail {
		return nil, &interp.TaskError{Code: "Boom", Cause: "item failed"}
	}
	return inv.Input, nil
}

func TestDistributedMap(t *testing.T) {
	ok, bad := `{"n":1}`, `{"fail":true}`
	tests := []struct {
		name   string
		limit  int
		extra  string
		items  []string
		status interp.Status
		counts interp.ItemCounts
		took   time.Duration
		output string // the parent's output, or its error code
	}{
		{"5 items by 2", 2, "", []string{ok, ok, ok, ok, ok}, interp.Succeeded,
			interp.ItemCounts{Total: 5, Succeed: 5}, 3 * time.Minute,
			`{"Items":[{"n":1},{"n":1},{"n":1},{"n":1},{"n":1}]}`},
		{"no limit", 0, "", []string{ok, ok, ok}, interp.Succeeded,
			interp.ItemCounts{Total: 3, Succeed: 3}, time.Minute, `{"Items":[{"n":1},{"n":1},{"n":1}]}`},
		{"one failure, no tolerance", 1, "", []string{ok, bad, ok, ok}, interp.Failed,
			interp.ItemCounts{Total: 4, Succeed: 1, Failed: 1, Aborted: 2}, 3 * time.Minute, interp.ErrMapRunFailed},
		{"tolerated count", 1, "    ToleratedFailureCount: 1\n", []string{ok, bad, ok}, interp.Succeeded,
			interp.ItemCounts{Total: 3, Succeed: 2, Failed: 1}, 4 * time.Minute, `{"Items":[{"n":1},null,{"n":1}]}`},
		{"count exceeded", 4, "    ToleratedFailureCount: 1\n", []string{bad, bad, ok, ok}, interp.Failed,
			interp.ItemCounts{Total: 4, Succeed: 2, Failed: 2}, 2 * time.Minute, interp.ErrMapRunFailed},
		{"tolerated percentage", 0, "    ToleratedFailurePercentage: 25\n", []string{ok, bad, ok, ok}, interp.Succeeded,
			interp.ItemCounts{Total: 4, Succeed: 3, Failed: 1}, 2 * time.Minute, `{"Items":[{"n":1},null,{"n":1},{"n":1}]}`},
		{"batches of 2", 1, "    ItemBatcher:\n      MaxItemsPerBatch: 2\n", []string{`1`, `2`, `3`}, interp.Succeeded,
			interp.ItemCounts{Total: 2, Succeed: 2}, 2 * time.Minute, `{"Items":[{"Items":[1,2]},{"Items":[3]}]}`},
		{"max items", 0, "    MaxItems: 2\n", []string{ok, ok, ok}, interp.Succeeded,
			interp.ItemCounts{Total: 2, Succeed: 2}, time.Minute, `{"Items":[{"n":1},{"n":1}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := sessionClock(t, 0)
			k := &keeper{}
			p := params(t, distFlow(tt.limit, tt.extra), `{"items":[`+strings.Join(tt.items, ",")+`]}`, failing{clk})
			p.Clock, p.MapRuns = clk, k
			s := interp.Run(context.Background(), p)
			got := s.Output
			if s.Status != interp.Succeeded {
				got = s.Error
			}
			if got != tt.output {
				t.Errorf("the execution ended %s, want %s", outcome(s), tt.output)
			}
			if len(k.runs) != 1 {
				t.Fatalf("%d map runs, want 1", len(k.runs))
			}
			m := k.runs[0]
			ms := m.Snapshot()
			if ms.Status != tt.status || ms.Items != tt.counts {
				t.Errorf("map run %s %+v, want %s %+v", ms.Status, ms.Items, tt.status, tt.counts)
			}
			if took := ms.Stopped.Sub(ms.Started); took != tt.took {
				t.Errorf("the map run took %v, want %v", took, tt.took)
			}
			if ms.Concurrency != int64(tt.limit) {
				t.Errorf("Concurrency %d, want %d", ms.Concurrency, tt.limit)
			}
			checkChildren(t, m, k.children[m.Name], tt.counts)
			if ev := mapRunEvent(p); ev != m.Name {
				t.Errorf("StepStarted names map run %q, want %q", ev, m.Name)
			}
		})
	}
}

// checkChildren checks the names and statuses of a map run's children against counts.
func checkChildren(t *testing.T, m *interp.MapRun, kids []*interp.Execution, counts interp.ItemCounts) {
	t.Helper()
	if n := int64(len(kids)); n != counts.Succeed+counts.Failed {
		t.Errorf("%d children ran, want %d", n, counts.Succeed+counts.Failed)
	}
	got := map[interp.Status]int64{}
	var names []string
	for _, e := range kids {
		got[e.Snapshot().Status]++
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for i, n := range names {
		if want := fmt.Sprintf("%s-%d", m.Name, i); n != want {
			t.Errorf("child %d is named %s, want %s", i, n, want)
		}
	}
	if got[interp.Succeeded] != counts.Succeed || got[interp.Failed] != counts.Failed {
		t.Errorf("children ended %v, want %d Succeeded, %d Failed", got, counts.Succeed, counts.Failed)
	}
}

// mapRunEvent runs p again and returns the map run its StepStarted names.
func mapRunEvent(p interp.Params) string {
	p.MapRuns = nil
	e := interp.Start(context.Background(), p)
	<-e.Done()
	evs, _ := e.Events(0, 0)
	for _, ev := range evs {
		if ev.Type == interp.EventStepStarted {
			var d struct{ MapRunName string }
			_ = json.Unmarshal([]byte(ev.Detail), &d)
			return d.MapRunName
		}
	}
	return ""
}

// gate blocks every task until released, telling started about each.
type gate struct {
	started chan string
	release chan struct{}
}

func (g gate) Invoke(ctx context.Context, inv interp.Invocation) (json.RawMessage, error) {
	g.started <- string(inv.Input)
	select {
	case <-g.release:
		return inv.Input, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TestUpdateMapRun: raising the concurrency of a running map run starts waiting items.
func TestUpdateMapRun(t *testing.T) {
	g := gate{started: make(chan string, 3), release: make(chan struct{})}
	k := &keeper{}
	p := params(t, distFlow(1, ""), `{"items":[{"i":0},{"i":1},{"i":2}]}`, g)
	p.MapRuns = k
	e := interp.Start(context.Background(), p)
	if got := <-g.started; got != `{"i":0}` {
		t.Fatalf("first child got %s, want item 0", got)
	}
	k.mu.Lock()
	m := k.runs[0]
	k.mu.Unlock()
	if c := m.Snapshot().Items; c.Running != 1 || c.Pending != 2 {
		t.Errorf("before the update %+v, want 1 Running, 2 Pending", c)
	}
	three, count := int64(3), int64(5)
	sn := m.Update(interp.MapRunUpdate{Concurrency: &three, ToleratedFailedCount: &count})
	if sn.Concurrency != 3 || sn.ToleratedFailedCount != 5 {
		t.Errorf("after the update %+v, want Concurrency 3, ToleratedFailedCount 5", sn)
	}
	for range 2 { // both waiting items start while item 0 still runs
		<-g.started
	}
	if c := m.Snapshot().Items; c.Running != 3 || c.Pending != 0 {
		t.Errorf("after the update %+v, want 3 Running", c)
	}
	close(g.release)
	<-e.Done()
	if s := e.Snapshot(); s.Status != interp.Succeeded {
		t.Errorf("the execution ended %s", outcome(s))
	}
}

// TestStopDistributedMap: stopping the parent stops the running children (Aborted) and
// the map run.
func TestStopDistributedMap(t *testing.T) {
	g := gate{started: make(chan string, 3), release: make(chan struct{})}
	k := &keeper{}
	p := params(t, distFlow(2, ""), `{"items":[{"i":0},{"i":1},{"i":2}]}`, g)
	p.MapRuns = k
	e := interp.Start(context.Background(), p)
	<-g.started
	<-g.started
	e.Stop("Halt", "by test")
	<-e.Done()
	k.mu.Lock()
	m, kids := k.runs[0], k.children[k.runs[0].Name]
	k.mu.Unlock()
	want := interp.ItemCounts{Total: 3, Aborted: 3}
	if s := m.Snapshot(); s.Status != interp.Stopped || s.Items != want {
		t.Errorf("map run %s %+v, want Stopped %+v", s.Status, s.Items, want)
	}
	for _, c := range kids {
		if s := c.Snapshot(); s.Status != interp.Stopped || s.Error != interp.ErrMapRunAborted {
			t.Errorf("child %s ended %s, want Stopped %s", c.Name(), outcome(s), interp.ErrMapRunAborted)
		}
	}
}

// refuser keeps map runs but refuses every child (a session at its cap).
type refuser struct{ keeper }

func (r *refuser) Child(m *interp.MapRun, e *interp.Execution) error {
	_ = r.keeper.Child(m, e)
	return errors.New("the session keeps 10000 executions")
}

// TestRefusedChild: a child the keeper refuses fails its item with ErrRuntime saying why.
func TestRefusedChild(t *testing.T) {
	k := &refuser{}
	p := params(t, distFlow(0, ""), `{"items":[{"i":0}]}`, nil)
	p.MapRuns = k
	if s := interp.Run(context.Background(), p); s.Status != interp.Failed || s.Error != interp.ErrMapRunFailed {
		t.Errorf("the execution ended %s, want Failed %s", outcome(s), interp.ErrMapRunFailed)
	}
	kids := k.children[k.runs[0].Name]
	if len(kids) != 1 {
		t.Fatalf("%d children, want 1", len(kids))
	}
	if s := kids[0].Snapshot(); s.Error != interp.ErrRuntime || !strings.Contains(s.Cause, "10000 executions") {
		t.Errorf("the child ended %s, want %s saying why", outcome(s), interp.ErrRuntime)
	}
}
