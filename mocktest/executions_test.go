package mocktest_test

import (
	"context"
	"testing"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mocktest"
)

const ordersFlow = `Type: StateMachine
SpecVersion: v1
Name: orders
StartAt: Charge
States:
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    Retry:
      - Errors: [FC.CardDeclined]
        MaxAttempts: 3
        IntervalSeconds: 30
    End: true
`

// TestScriptedRetry is the README's example: a test case makes the Charge task fail twice
// and then succeed; the flow's Retry (MaxAttempts 3) gets it through, and the history shows
// the two failures. The server's clock runs at scale 0, so the 30 s retry intervals take
// no time.
func TestScriptedRetry(t *testing.T) {
	srv := mocktest.NewUnstartedServer(t)
	srv.Config.MocksFile = "testdata/mocks.yaml"
	srv.Start()
	s := srv.Session(t)
	s.SetTestCase("DeclinedTwice")
	api, ctx := s.API(), context.Background()

	if _, err := api.CreateFlowWithResponse(ctx, &cloudflow.CreateFlowParams{
		Name: "orders", Definition: ordersFlow, Description: "charges a card", Type: cloudflow.FlowTypeFDL,
	}); err != nil {
		t.Fatal(err)
	}
	name := "order-1"
	if _, err := api.StartExecutionWithResponse(ctx, &cloudflow.StartExecutionParams{FlowName: "orders", ExecutionName: &name}); err != nil {
		t.Fatal(err)
	}
	wait := int32(60)
	d, err := api.DescribeExecutionWithResponse(ctx, &cloudflow.DescribeExecutionParams{FlowName: "orders", ExecutionName: name, WaitTimeSeconds: &wait})
	if err != nil || d.JSON200 == nil {
		t.Fatalf("DescribeExecution: %v", err)
	}
	if got := d.JSON200.Status; got != cloudflow.ExecutionStatusSucceeded {
		t.Fatalf("status = %s, want Succeeded after two declines and a retry", got)
	}
	h, err := api.GetExecutionHistoryWithResponse(ctx, &cloudflow.GetExecutionHistoryParams{FlowName: "orders", ExecutionName: name})
	if err != nil || h.JSON200 == nil {
		t.Fatalf("GetExecutionHistory: %v", err)
	}
	failed := 0
	for _, e := range h.JSON200.Events {
		if e.Type == cloudflow.HistoryEventTypeTaskFailed {
			failed++
		}
	}
	if failed != 2 {
		t.Errorf("TaskFailed events = %d, want 2", failed)
	}
}
