package mock

import (
	"testing"
	"time"

	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/gen/cloudflow"
)

// TestExecutionAnswerIsTheEncoding: executionAnswer writes the bytes encoding/json writes for
// the generated results of StartExecution, DescribeExecution and StopExecution, and gives way
// when a time cannot be shown.
func TestExecutionAnswerIsTheEncoding(t *testing.T) {
	s := func(v string) *string { return &v }
	started := cftime.Time{Time: time.Date(2026, 12, 7, 5, 48, 11, 724_000_000, time.UTC)}
	stopped := cftime.Time{Time: started.Add(1500 * time.Millisecond)}
	tests := []struct {
		name string
		v    cloudflow.Execution
		id   string
	}{
		{name: "running", v: cloudflow.Execution{Name: "e1", FlowName: "f", FlowDefinition: s("Type: StateMachine\nName: f"), Input: s("{}"), Status: "Running", StartedTime: started}, id: "D072D109-88EA-4D5F-B579-D288DF624BB6"},
		{name: "succeeded", v: cloudflow.Execution{Name: "e1", FlowName: "f", FlowDefinition: s("d"), Input: s(`{"a":"<b>&"}`), Output: s(`{"x":"\u2028\t"}`), Status: "Succeeded", StartedTime: started, StoppedTime: &stopped}, id: "r"},
		{name: "bare", v: cloudflow.Execution{Name: "n", FlowName: "f", Status: "Failed", StartedTime: started, StoppedTime: &stopped}},
		{name: "odd strings", v: cloudflow.Execution{Name: "a\"b\\c", FlowName: "é\x01", FlowDefinition: s("\xff\xfe"), Output: s(""), Status: "Stopped", StartedTime: started}, id: "<id>"},
		{name: "non-UTC time", v: cloudflow.Execution{Name: "n", FlowName: "f", Status: "Running", StartedTime: cftime.Time{Time: started.In(time.FixedZone("x", 3600))}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := handler{call: &call{requestID: tt.id}}
			r, ok := h.executionAnswer(&tt.v)
			if !ok {
				t.Fatal("executionAnswer gave way, want the body")
			}
			v := tt.v
			sameAsEncoded(t, r.body, cloudflow.StartExecution200JSONResponse{Name: v.Name, FlowName: v.FlowName, FlowDefinition: v.FlowDefinition, Input: v.Input, Output: v.Output, Status: v.Status, StartedTime: v.StartedTime, StoppedTime: v.StoppedTime, RequestId: tt.id},
				cloudflow.DescribeExecution200JSONResponse{Name: v.Name, FlowName: v.FlowName, FlowDefinition: v.FlowDefinition, Input: v.Input, Output: v.Output, Status: v.Status, StartedTime: v.StartedTime, StoppedTime: v.StoppedTime, RequestId: tt.id},
				cloudflow.StopExecution200JSONResponse{Name: v.Name, FlowName: v.FlowName, FlowDefinition: v.FlowDefinition, Input: v.Input, Output: v.Output, Status: v.Status, StartedTime: v.StartedTime, StoppedTime: v.StoppedTime, RequestId: tt.id})
		})
	}
	t.Run("time out of range", func(t *testing.T) {
		v := cloudflow.Execution{Name: "n", FlowName: "f", Status: "Running", StartedTime: cftime.Time{Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}
		if _, ok := (handler{call: &call{}}).executionAnswer(&v); ok {
			t.Error("executionAnswer wrote a time the API cannot show, want it to give way")
		}
	})
}
