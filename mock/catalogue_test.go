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
		status int
		want   flowmock.Code
	}{{400, flowmock.InvalidArgument}, {403, flowmock.AccessDenied}, {404, flowmock.FlowNotExists}, {429, flowmock.ResourceThrottled}} {
		if code, _ := cat.ForPrefer(tt.status); code != tt.want {
			t.Errorf("Prefer: code=%d picks %s, want %s", tt.status, code, tt.want)
		}
	}
	if got, want := cat.Message(flowmock.FlowNotExists, "f"), "Flow f does not exist."; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
}
