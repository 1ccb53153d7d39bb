package mock_test

import (
	"context"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
)

// TestScheduleFires: an enabled schedule starts an execution with its Payload each time its
// cron expression names on the session's clock (here stopped: only when advanced), and stops
// when it is disabled.
func TestScheduleFires(t *testing.T) {
	h := newExecHarness(t, 0)
	c := h.client("fire")
	ctx := context.Background()
	createDef(t, c, "orders", orderFlow)
	payload := `{"from":"schedule"}`
	res, err := c.CreateScheduleWithResponse(ctx, &cloudflow.CreateScheduleParams{FlowName: "orders", ScheduleName: "minutely", CronExpression: "0 * * * * *", Payload: &payload})
	if err != nil || res.JSON200 == nil {
		t.Fatalf("CreateSchedule: %v %s", err, res.Body)
	}
	runs := func() int { return len(h.srv.State("fire").AllRuns()) }
	if n := runs(); n != 0 {
		t.Fatalf("%d executions before the clock moved, want 0", n)
	}
	clk := h.srv.State("fire").Clock()
	for i := 1; i <= 3; i++ {
		eventually(t, "the schedule waits for its time", func() bool { return clk.Waiting() == 1 })
		if err := clk.Advance(time.Minute); err != nil {
			t.Fatal(err)
		}
		eventually(t, "a firing", func() bool { return runs() == i })
	}
	r := h.srv.State("fire").AllRuns()[0]
	if in := r.Exec.Snapshot().Input; in != payload {
		t.Errorf("fired execution input = %s, want the Payload %s", in, payload)
	}
	off := false
	if _, err := c.UpdateScheduleWithResponse(ctx, &cloudflow.UpdateScheduleParams{FlowName: "orders", ScheduleName: "minutely", Enable: &off}); err != nil {
		t.Fatal(err)
	}
	if err := clk.Advance(10 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if n := runs(); n != 3 {
		t.Errorf("%d executions after the schedule was disabled, want still 3", n)
	}
}
