package mocktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mocktest"
)

// TestViewsThroughClient: the session's schedules with their next fire times (moving with the
// clock), the mock file's test cases and the session's test case, through the generated
// control-plane client.
func TestViewsThroughClient(t *testing.T) {
	srv := mocktest.NewUnstartedServer(t)
	srv.Config.MocksFile = "testdata/mocks.yaml"
	srv.Start()
	s := srv.Session(t)
	api, ctx := s.API(), context.Background()
	if _, err := api.CreateFlowWithResponse(ctx, &cloudflow.CreateFlowParams{
		Name: "orders", Definition: ordersFlow, Description: "charges a card", Type: cloudflow.FlowTypeFDL,
	}); err != nil {
		t.Fatal(err)
	}
	s.SetClock(time.Date(2030, 1, 1, 0, 0, 30, 0, time.UTC))
	res, err := api.CreateScheduleWithResponse(ctx, &cloudflow.CreateScheduleParams{FlowName: "orders", ScheduleName: "hourly", CronExpression: "0 0 * * * *"})
	if err != nil || res.JSON200 == nil {
		t.Fatalf("CreateSchedule: %v", err)
	}
	tests := []struct {
		name    string
		advance time.Duration
		want    []string
	}{
		{"at the start", 0, []string{"2030-01-01T01:00:00Z", "2030-01-01T02:00:00Z"}},
		{"after 90 minutes", 90 * time.Minute, []string{"2030-01-01T02:00:00Z", "2030-01-01T03:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.advance > 0 {
				s.Advance(tt.advance)
			}
			got := s.Schedules(2)
			if len(got.Schedules) != 1 || got.Schedules[0].Name != "hourly" {
				t.Fatalf("schedules = %+v, want hourly", got.Schedules)
			}
			var next []string
			for _, n := range got.Schedules[0].Next {
				next = append(next, n.UTC().Format(time.RFC3339))
			}
			if len(next) != 2 || next[0] != tt.want[0] || next[1] != tt.want[1] {
				t.Errorf("next = %v, want %v", next, tt.want)
			}
		})
	}

	cases := srv.TestCases("orders")
	if len(cases) == 0 || cases[0].Flow != "orders" {
		t.Fatalf("test cases = %+v, want those of orders", cases)
	}
	if got := s.TestCase(); got != "" {
		t.Errorf("test case before = %q, want none", got)
	}
	s.SetTestCase(cases[0].Name)
	if got := s.TestCase(); got != cases[0].Name {
		t.Errorf("test case = %q, want %q", got, cases[0].Name)
	}
}
