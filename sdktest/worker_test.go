package sdktest_test

// A worker's callback through every client: an old-dialect flow (the published
// wait-for-callback-task sample of corpus/testdata) hands its task token to the worker through
// an input mapping from $context.task.token, with pattern waitForCallback. The worker reads the
// token from the execution's history, as a real worker with only the SDK would, and reports
// the result with ReportTaskSucceeded.

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"
)

// workerDefinition is the published sample, as corpus/testdata holds it; its task step "test"
// maps $context.task.token to the input field taskToken.
var workerDefinition = mustRead("../corpus/testdata/old/wait-for-callback-task.yaml")

const (
	flowWorker   = "sdk_exec_worker"
	execWorker   = "worker-1"
	inputWorker  = `{"serviceName":"s","functionName":"f"}`
	workerStep   = "test"
	workerResult = `{"result":"ok"}`
)

func mustRead(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// workerToken returns the task token the worker is handed: the taskToken field of the input
// workerStep's TaskScheduled event carries (the input the task sends its worker), "" while the
// history has no such event yet.
func workerToken(t *testing.T, events []fnf.EventsItem) string {
	t.Helper()
	for _, e := range events {
		if e.StepName != workerStep || e.Type != "TaskScheduled" {
			continue
		}
		var detail struct {
			Input struct {
				TaskToken string `json:"taskToken"`
			} `json:"input"`
		}
		if err := json.Unmarshal([]byte(e.EventDetail), &detail); err != nil || detail.Input.TaskToken == "" {
			t.Fatalf("TaskScheduled %s: EventDetail %s: no input.taskToken (%v)", workerStep, e.EventDetail, err)
		}
		return detail.Input.TaskToken
	}
	return ""
}

// checkWorkerToken checks the token read from the history is the one the mock waits on.
func checkWorkerToken(t *testing.T, h *harness, session, token string) {
	t.Helper()
	if want := waitingToken(t, h, session, flowWorker, execWorker); token != want {
		t.Errorf("history hands the worker token %q, want the waiting task's %q", token, want)
	}
}
