package corpus_test

import (
	"context"
	"encoding/json"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mocktest"
)

// TestCorpusCallback runs the official callback samples the way their worker does: the
// step's inputMappings hand $context.task.token to the worker (here, the test reading the
// waiting task), which reports the result with ReportTaskSucceeded over HTTP.
func TestCorpusCallback(t *testing.T) {
	tests := []struct {
		file, flow, tokenKey, input, report, want string
	}{
		{"old/wait-for-callback-task.yaml", "wait-for-callback-task", "taskToken", `{"serviceName":"s","functionName":"f"}`,
			`{"result":"ok"}`, `{"result":"ok"}`},
		{"old/task-mns-topics.yaml", "task-mns-topics", "taskToken", `{"messageBody":"hello"}`,
			`{"status":"success","noise":1}`, `{"status":"success"}`},
		{"old/parallel-wait-any-main.yaml", "parallel-wait-any-main", "task_token", `{}`,
			`{"winner":"task2"}`, `{"winner":"task2"}`},
	}
	srv := mocktest.NewServer(t)
	for _, tc := range tests {
		t.Run(tc.flow, func(t *testing.T) {
			t.Parallel()
			s := srv.Session(t)
			api, ctx := s.API(), context.Background()
			text, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if c, err := api.CreateFlowWithResponse(ctx, &cloudflow.CreateFlowParams{Name: tc.flow, Definition: string(text), Description: "corpus", Type: cloudflow.FlowTypeFDL}); err != nil || c.JSON200 == nil {
				t.Fatalf("CreateFlow: %v", err)
			}
			exec, input := "cb-1", tc.input
			if _, err := api.StartExecutionWithResponse(ctx, &cloudflow.StartExecutionParams{FlowName: tc.flow, ExecutionName: &exec, Input: &input}); err != nil {
				t.Fatalf("StartExecution: %v", err)
			}
			eventually(t, "the callback task waits", func() bool { return len(s.Tasks()) == 1 })
			task := s.Tasks()[0]
			var in map[string]any
			if err := json.Unmarshal([]byte(task.Input), &in); err != nil {
				t.Fatalf("task input %s: %v", task.Input, err)
			}
			if in[tc.tokenKey] != task.Token {
				t.Fatalf("task input %s: %s = %v, want the task's token %q", task.Input, tc.tokenKey, in[tc.tokenKey], task.Token)
			}
			if r, err := api.ReportTaskSucceededWithResponse(ctx, &cloudflow.ReportTaskSucceededParams{TaskToken: task.Token, Output: tc.report}); err != nil || r.JSON200 == nil {
				t.Fatalf("ReportTaskSucceeded: %v", err)
			}
			wait := int32(60)
			d, err := api.DescribeExecutionWithResponse(ctx, &cloudflow.DescribeExecutionParams{FlowName: tc.flow, ExecutionName: exec, WaitTimeSeconds: &wait})
			if err != nil || d.JSON200 == nil {
				t.Fatalf("DescribeExecution: %v", err)
			}
			if d.JSON200.Status != cloudflow.ExecutionStatusSucceeded || d.JSON200.Output == nil || *d.JSON200.Output != tc.want {
				t.Errorf("execution = %s %v, want Succeeded %s", d.JSON200.Status, deref(d.JSON200.Output), tc.want)
			}
		})
	}
}

// eventually yields until cond holds (another goroutine got there), failing after 10s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		runtime.Gosched()
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
