package mock_test

import (
	"testing"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/contract"
)

// TestCatalogueMatchesCodes: every code the Go code can raise is declared by the contract
// with the documented status, and the contract declares nothing else.
func TestCatalogueMatchesCodes(t *testing.T) {
	con, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	cat := con.Catalogue()
	want := map[flowmock.Code]int{
		flowmock.ActionNotSupported: 400, flowmock.APIVersionNotSupported: 400, flowmock.EntityTooLarge: 400,
		flowmock.InvalidArgument: 400, flowmock.MissingRequiredHeader: 400, flowmock.MissingRequiredParams: 400,
		flowmock.AccessDenied: 403, flowmock.InvalidAccessKeyID: 403, flowmock.RequestTimeTooSkewed: 403,
		flowmock.SignatureNotMatch: 403, flowmock.FlowNotExists: 404, flowmock.PreconditionFailed: 412,
		flowmock.UnsupportedMediaType: 415, flowmock.ResourceThrottled: 429, flowmock.InternalServerError: 500,
		flowmock.FlowAlreadyExists: 409, flowmock.ScheduleNotExists: 404, flowmock.ScheduleAlreadyExists: 409,
		flowmock.ConcurrentUpdateError: 409, flowmock.ExecutionNotExists: 404, flowmock.ExecutionAlreadyExists: 400,
		flowmock.ExecutionAlreadyCompleted: 400, flowmock.TaskAlreadyCompleted: 400, flowmock.TaskInvalidState: 409,
	}
	got := cat.Codes()
	for code, status := range want {
		if got[code] != status {
			t.Errorf("%s: contract status %d, want %d", code, got[code], status)
		}
	}
	if len(got) != len(want) {
		t.Errorf("contract declares %d codes, want %d: %v", len(got), len(want), got)
	}
	for _, tt := range []struct {
		action string
		status int
		want   flowmock.Code
	}{
		{"ListExecutions", 400, flowmock.InvalidArgument}, {"ListExecutions", 403, flowmock.AccessDenied},
		{"ListExecutions", 404, flowmock.FlowNotExists}, {"ListExecutions", 429, flowmock.ResourceThrottled},
		{"StartExecution", 400, flowmock.ExecutionAlreadyExists}, {"DescribeSchedule", 404, flowmock.ScheduleNotExists},
		{"DescribeExecution", 404, flowmock.ExecutionNotExists}, {"CreateSchedule", 409, flowmock.ScheduleAlreadyExists},
		{"CreateFlow", 409, flowmock.FlowAlreadyExists},
	} {
		a, ok := con.Action(tt.action)
		if !ok {
			t.Fatalf("no action %s", tt.action)
		}
		if code, _ := a.Errors.ForPrefer(tt.status); code != tt.want {
			t.Errorf("%s: Prefer: code=%d picks %s, want %s", tt.action, tt.status, code, tt.want)
		}
	}
	if got, want := cat.Message(flowmock.FlowNotExists, "f"), "Flow f does not exist."; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
}
