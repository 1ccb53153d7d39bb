package emulator

import (
	"context"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/store"
)

// Found is an execution found by name: started in the session (Run), or one of the flow's
// history (History: fixtures or faked, finished).
type Found struct {
	Run     *store.Run
	History *fixtures.Execution
}

// Find finds flow's execution named name in ss: FlowNotExists, or ExecutionNotExists.
func Find(ss *store.Session, flow, name string) (Found, error) {
	run, err := ss.Run(flow, name)
	if err != nil {
		return Found{}, err
	}
	if run != nil {
		return Found{Run: run}, nil
	}
	fl, err := ss.Executions(flow)
	if err != nil {
		return Found{}, err
	}
	for i := range fl.Executions {
		if e := &fl.Executions[i]; e.Name == name {
			return Found{History: e}, nil
		}
	}
	return Found{}, flowmock.Errorf(flowmock.ExecutionNotExists, "Execution %s for flow %s does not exist.", name, flow)
}

// Await waits until run of ss ends, or d passes on the session's clock (without moving it: at
// scale 0 only an advance does), and never longer than d of wall time, nor after ctx ends.
// It is DescribeExecution's long poll; the caller bounds how many wait.
func Await(ctx context.Context, ss *store.Session, run *store.Run, d time.Duration) {
	select {
	case <-run.Exec.Done():
		return // ended already: no timer, no goroutine
	default:
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	clk := ss.Clock()
	until := clk.Now().Add(d)
	timeUp := make(chan struct{})
	go func() {
		defer close(timeUp)
		_ = clk.WaitUntil(ctx, until)
	}()
	select {
	case <-run.Exec.Done():
	case <-timeUp:
	case <-ctx.Done():
	}
	cancel()
	<-timeUp // nothing is left running
}
