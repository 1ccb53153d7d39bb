package mock_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
)

// hostileFlows are flows whose expressions go past the interpreter's limits: a nested
// repeat asking for a terabyte, and a Choice condition of a million reduce steps.
var hostileFlows = map[string]string{
	"bomb": `Type: StateMachine
SpecVersion: v1
Name: NAME
StartAt: P
States:
  - Type: Pass
    Name: P
    InputConstructor:
      v.$: len(repeat(repeat("a", 999999), 1000000))
    End: true
`,
	"spin": `Type: StateMachine
SpecVersion: v1
Name: NAME
StartAt: C
States:
  - Type: Choice
    Name: C
    Branches:
      - Condition: "reduce($Input.a, reduce($Input.a, #acc + 1, 0) + #acc, 0) > 0"
        Next: D
    Default: D
  - Type: Succeed
    Name: D
`,
}

// TestExpressionLimitsOverHTTP: one session starts executions whose expressions go past
// the limits, one after the other, while another session reads a flow 300 times. Every
// hostile execution fails with FnF.InvalidExpression and a limit cause, the process lives,
// and the other session's p99 stays under 10 ms (the bound issue 17 asks for). The p99s
// with and without the hostile executions are logged; the bound is checked when
// FLOWMOCK_TIMING is set (on a quiet machine, without the race detector): on a machine
// shared by many, the p99 of 300 requests measures the machine's load.
func TestExpressionLimitsOverHTTP(t *testing.T) {
	h := newExecHarness(t, 0)
	hostile, calm := h.client("hostile"), h.client("calm")
	for name, def := range hostileFlows {
		createDef(t, hostile, name, def)
	}
	createFlow(t, calm, "quiet")
	quiet := readTimes(t, calm, 300)
	input := fmt.Sprintf(`{"a":[%s0]}`, strings.Repeat("0,", 999))
	stop, started := make(chan struct{}), make(chan struct{})
	var slow atomic.Bool // a run of MaxExprSteps took more than MaxExprTime
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			for _, flow := range []string{"bomb", "spin"} {
				name := fmt.Sprintf("%s-%d", flow, i)
				start(t, hostile, flow, name, &input)
				if strings.Contains(checkLimitFailure(t, hostile, flow, name), "MaxExprTime") {
					slow.Store(true)
				}
			}
			if i == 0 {
				close(started)
			}
			select {
			case <-stop:
				return
			default:
			}
		}
	})
	<-started
	loaded := readTimes(t, calm, 300)
	close(stop)
	wg.Wait()
	p99, base := loaded[len(loaded)*99/100-1], quiet[len(quiet)*99/100-1]
	t.Logf("calm session p99 %v (p50 %v) under hostile expressions, %v (p50 %v) without; a hostile run stopped by MaxExprTime: %v",
		p99, loaded[len(loaded)/2], base, quiet[len(quiet)/2], slow.Load())
	if os.Getenv("FLOWMOCK_TIMING") == "" {
		return // a busy machine's p99 says nothing about the limits
	}
	if p99 > 10*time.Millisecond {
		t.Errorf("calm session p99 = %v under hostile expressions, want under 10ms (%v without them)", p99, base)
	}
}

// readTimes reads a flow n times and returns the answer times, sorted.
func readTimes(t *testing.T, c *cloudflow.ClientWithResponses, n int) []time.Duration {
	t.Helper()
	took := make([]time.Duration, n)
	for i := range took {
		t0 := time.Now()
		res, err := c.DescribeFlowWithResponse(context.Background(), &cloudflow.DescribeFlowParams{Name: "quiet"})
		took[i] = time.Since(t0)
		if err != nil || res.JSON200 == nil {
			t.Fatalf("DescribeFlow: %v", err)
		}
	}
	slices.Sort(took)
	return took
}

// checkLimitFailure waits for the execution to end, checks it failed on a limit and
// returns the cause.
func checkLimitFailure(t *testing.T, c *cloudflow.ClientWithResponses, flow, name string) string {
	t.Helper()
	if d := poll(t, c, flow, name); d.Status != cloudflow.ExecutionStatusFailed {
		t.Errorf("%s: %s, want Failed", name, d.Status)
		return ""
	}
	events := history(t, c, flow, name, 100)
	var detail struct{ Error, Cause string }
	last := events[len(events)-1]
	if last.EventDetail == nil || json.Unmarshal([]byte(*last.EventDetail), &detail) != nil {
		t.Fatalf("%s: last event %s has no JSON detail", name, last.Type)
	}
	if last.Type != "ExecutionFailed" || detail.Error != "FnF.InvalidExpression" || !strings.Contains(detail.Cause, "limit exceeded") {
		t.Errorf("%s: last event %s %+v, want ExecutionFailed FnF.InvalidExpression with a limit cause", name, last.Type, detail)
	}
	return detail.Cause
}
