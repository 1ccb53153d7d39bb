package mock

import (
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/store"
)

// TestFlowAnswerIsTheEncoding: flowAnswer writes the bytes encoding/json writes for the
// generated results of CreateFlow and DescribeFlow, and gives way when a time cannot be shown.
func TestFlowAnswerIsTheEncoding(t *testing.T) {
	created := time.Date(2026, 12, 7, 5, 48, 11, 724_000_000, time.UTC)
	tests := []struct {
		name string
		f    store.Flow
		id   string
	}{
		{name: "created", f: store.Flow{Name: "f", ID: "0d3c", Definition: "Type: StateMachine\nName: f\n", Description: "d", Type: "FDL", ExecutionMode: "Standard", Created: created, Modified: created}, id: "D072D109-88EA-4D5F-B579-D288DF624BB6"},
		{name: "every field", f: store.Flow{Name: "f", ID: "i", Definition: "x", Description: "<d>&", Type: "DEFAULT", ExecutionMode: "Express",
			RoleArn: "acs:ram::1:role/r", ExternalStorageLocation: "oss://b/p", ResourceGroupID: "rg-1", Created: created, Modified: created.Add(time.Hour),
			Environment: []store.Variable{{Name: "A", Value: "1", Description: "first"}, {Name: "B"}, {Name: "C", Value: "\u2028"}}}, id: "r"},
		{name: "empty environment", f: store.Flow{Name: "f", Environment: []store.Variable{}, Created: created, Modified: created}},
		{name: "bare", f: store.Flow{}},
		{name: "odd strings", f: store.Flow{Name: "a\"b\\c", ID: "é\x01", Definition: "\xff\xfe\t", Type: "FDL", Created: created, Modified: created}, id: "<id>"},
		{name: "non-UTC time", f: store.Flow{Name: "n", Created: created.In(time.FixedZone("x", 3600)), Modified: created}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := handler{call: &call{requestID: tt.id}}
			r, ok := h.flowAnswer(&tt.f)
			if !ok {
				t.Fatal("flowAnswer gave way, want the body")
			}
			res := withID(flowOut(tt.f), tt.id)
			sameAsEncoded(t, r.body, cloudflow.CreateFlow200JSONResponse(res), cloudflow.DescribeFlow200JSONResponse(res))
		})
	}
	t.Run("time out of range", func(t *testing.T) {
		f := store.Flow{Name: "n", Created: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
		if _, ok := (handler{call: &call{}}).flowAnswer(&f); ok {
			t.Error("flowAnswer wrote a time the API cannot show, want it to give way")
		}
	})
}

// sameAsEncoded wants body to be the bytes encoding/json writes for each of wants.
func sameAsEncoded(t *testing.T, body []byte, wants ...any) {
	t.Helper()
	for _, want := range wants {
		wantBody, err := encodeJSON(want)
		if err != nil {
			t.Fatal(err)
		}
		if string(body) != string(wantBody) {
			t.Errorf("%T:\ngot  %s\nwant %s", want, body, wantBody)
		}
	}
}
