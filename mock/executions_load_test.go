package mock_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
)

// fanFlow runs two branches; the second maps over the input's items.
const fanFlow = `Type: StateMachine
SpecVersion: v1
Name: NAME
StartAt: Fan
States:
  - Type: Parallel
    Name: Fan
    Branches:
      - StartAt: Tag
        States:
          - Type: Pass
            Name: Tag
            End: true
      - StartAt: Each
        States:
          - Type: Map
            Name: Each
            ItemsPath: $Input.items
            Processor:
              StartAt: Work
              States:
                - Type: Task
                  Name: Work
                  Action: FC:InvokeFunction
                  End: true
            End: true
    End: true
`

// TestSessionsRunExecutionsInParallel: 64 sessions at once, each running 100 executions of a
// Parallel + Map flow; every execution succeeds and each session lists exactly its own.
func TestSessionsRunExecutionsInParallel(t *testing.T) {
	h := newExecHarness(t, 0)
	const sessions, each = 64, 100
	in := `{"items":[{"n":1},{"n":2},{"n":3}]}`
	var wg sync.WaitGroup
	for g := range sessions {
		wg.Go(func() {
			session := fmt.Sprintf("par-%02d", g)
			c := h.client(session)
			createDef(t, c, "fan", fanFlow)
			for i := range each {
				start(t, c, "fan", fmt.Sprintf("%s-%03d", session, i), &in)
			}
			for i := range each {
				if d := poll(t, c, "fan", fmt.Sprintf("%s-%03d", session, i)); d.Status != cloudflow.ExecutionStatusSucceeded {
					t.Errorf("%s-%03d: %s, want Succeeded", session, i, d.Status)
				}
			}
			limit := int32(100)
			l, err := c.ListExecutionsWithResponse(context.Background(), &cloudflow.ListExecutionsParams{FlowName: "fan", Limit: &limit})
			if err != nil || l.JSON200 == nil {
				t.Errorf("ListExecutions: %v", err)
				return
			}
			if got := len(l.JSON200.Executions); got != each || l.JSON200.NextToken != nil {
				t.Errorf("session %s lists %d executions, want exactly its %d", session, got, each)
			}
			for _, e := range l.JSON200.Executions {
				if e.Name[:len(session)] != session {
					t.Errorf("session %s lists %s", session, e.Name)
				}
			}
		})
	}
	wg.Wait()
}

// TestLongPollEndsWithClient: a DescribeExecution long poll on a running execution ends when
// its client goes away, and leaves no goroutine behind.
func TestLongPollEndsWithClient(t *testing.T) {
	h := newExecHarness(t, 1)
	c := h.client("lp")
	createDef(t, c, "approve", callbackFlow)
	start(t, c, "approve", "waiting", nil)
	eventually(t, "the task waits", func() bool { return len(h.srv.State("lp").Waiting()) == 1 })
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, h.ts.URL+"/?Action=DescribeExecution&Version=2019-03-15&FlowName=approve&ExecutionName=waiting&WaitTimeSeconds=60", nil)
	req.Header.Set(mock.HeaderSession, "lp")
	done := make(chan error, 1)
	go func() {
		res, err := h.ts.Client().Do(req)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	eventually(t, "the long poll waits", func() bool { return h.srv.State("lp").Clock().Waiting() == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the long poll answered; want the client to give up first")
	}
	eventually(t, "the long poll's wait ends", func() bool { return h.srv.State("lp").Clock().Waiting() == 0 })
	h.ts.CloseClientConnections()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("goroutines: %d after the client left, %d before the long poll", n, before)
	}
}

// waitFlow waits two hours (the old dialect allows up to two days).
const waitFlow = `version: v1
type: flow
steps:
  - type: wait
    name: TwoHours
    duration: 7200
  - type: pass
    name: Done
`

// TestTwoHourWaitAtScaleZero: at scale 0 a two-hour Wait takes no time, and the history
// still shows two hours between the start and the end.
func TestTwoHourWaitAtScaleZero(t *testing.T) {
	h := newExecHarness(t, 0)
	c := h.client("zero")
	createDef(t, c, "waits", waitFlow)
	start(t, c, "waits", "w", nil)
	d := poll(t, c, "waits", "w")
	if d.Status != cloudflow.ExecutionStatusSucceeded || d.StoppedTime == nil {
		t.Fatalf("status = %s, want Succeeded", d.Status)
	}
	if got := d.StoppedTime.Sub(d.StartedTime.Time); got < 2*time.Hour {
		t.Errorf("StoppedTime - StartedTime = %v, want at least 2h of the session's clock", got)
	}
}

// TestExecutionsBounded: a session keeps at most MaxExecutions executions: starting one more
// drops the oldest finished one; with every kept one running, a start is 429.
func TestExecutionsBounded(t *testing.T) {
	h := newHarness(t, mock.Config{MaxExecutions: 3})
	t.Cleanup(h.srv.Close)
	c := h.client("cap")
	createDef(t, c, "waits", waitFlow)
	createDef(t, c, "approve", callbackFlow)
	for i := range 5 {
		start(t, c, "waits", fmt.Sprintf("w%d", i), nil)
		poll(t, c, "waits", fmt.Sprintf("w%d", i))
	}
	if n := len(h.srv.State("cap").AllRuns()); n != 3 {
		t.Errorf("kept executions = %d, want 3", n)
	}
	for i := range 3 {
		start(t, c, "approve", fmt.Sprintf("a%d", i), nil) // each waits for its report
	}
	name := "one-too-many"
	res, err := c.StartExecutionWithResponse(context.Background(), &cloudflow.StartExecutionParams{FlowName: "approve", ExecutionName: &name})
	if err != nil || res.JSON429 == nil || res.JSON429.Code != "ResourceThrottled" {
		t.Errorf("a start with every kept execution running: %v %d %s, want 429 ResourceThrottled", err, res.StatusCode(), res.Body)
	}
}
