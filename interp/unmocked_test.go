package interp_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/internal/golden"
	"github.com/flowmock/flowmock/interp"
)

// unmockedTasks answers every task with interp.ErrUnmocked, as the mock's echo policy does.
type unmockedTasks struct{}

func (unmockedTasks) Invoke(context.Context, interp.Invocation) (json.RawMessage, error) {
	return nil, interp.ErrUnmocked
}

// task is a one-Task machine: the Task's Action and other keys (indented by 4).
func task(action, rest string) string {
	return machine("T", "  - Type: Task\n    Name: T\n    Action: "+action+"\n"+rest+"    End: true\n")
}

// TestUnmockedShapes: an unmocked task answers in its integration's shape with the task's
// input where the payload would be; the TaskSucceeded event says it was not mocked. The
// outcome is asserted here, the TaskSucceeded detail by a golden file per case.
func TestUnmockedShapes(t *testing.T) {
	in := `{"x":1,"msg":"hi"}`
	tests := []struct{ name, def, want string }{
		{"new-fc", task("FC:InvokeFunction", `    Parameters:
      resourceArn: acs:fc:cn-shanghai:123:functions/f/LATEST
      invocationType: Sync
      body:
        x.$: $Input.x
    OutputConstructor:
      fromBody.$: $Output.Body.x
      keys.$: mapKeys($Output)
`), `Succeeded {"fromBody":1,"keys":["Body"]}`},
		{"new-fc-whole-output", task("FC:InvokeFunction", ""), `Succeeded {"Body":{"msg":"hi","x":1}}`},
		{"new-http", task("HTTP:Request", `    Parameters:
      url: https://example.com
      method: GET
`), `Succeeded {"Body":{"msg":"hi","x":1},"Code":200,"Header":{}}`},
		{"new-mns", task("MNS:SendMessage", `    Parameters:
      resourceArn: acs:mns:cn-hangzhou:123:/queues/q/messages
      message.$: $Input.msg
    OutputConstructor:
      md5.$: $Output.MessageBodyMD5
      keys.$: mapKeys($Output)
`), `Succeeded {"keys":["MessageBodyMD5","MessageId","RequestId"],"md5":"49F68A5C8493EC2C0BF489821C21FC3B"}`},
		{"new-fnf-request-complete", task("FNF:StartExecution", `    Parameters:
      resourceArn: acs:fnf:cn-hangzhou::flow/child
      executionName: run-1
    OutputConstructor:
      flow.$: $Output.FlowName
      name.$: $Output.ExecutionName
      requestIDLength.$: length($Output.RequestID)
`), `Succeeded {"flow":"child","name":"run-1","requestIDLength":36}`},
		{"new-fnf-wait-for-system-callback", task("FNF:StartExecution", `    TaskMode: WaitForSystemCallback
    Parameters:
      resourceArn: acs:fnf:cn-hangzhou::flow/child
`), `Succeeded {"msg":"hi","x":1}`},
		{"new-other-integration", task("DashScope:QwenTextGeneration", ""), `Succeeded {"msg":"hi","x":1}`},
		{"old-fc", flow(`steps:
  - type: task
    name: T
    resourceArn: acs:fc:::services/s/functions/f
    outputMappings:
      - target: seen
        source: $local.x
`), `Succeeded {"seen":1}`},
		{"old-mns-queue", flow(`steps:
  - type: task
    name: T
    resourceArn: acs:mns:::/queues/q/messages
    serviceParams:
      MessageBody: $.msg
    outputMappings:
      - target: md5
        source: $local.MessageBodyMD5
`), `Succeeded {"md5":"49F68A5C8493EC2C0BF489821C21FC3B"}`},
		{"old-mns-topic", flow(`steps:
  - type: task
    name: T
    resourceArn: acs:mns:::/topics/t/messages
    serviceParams:
      MessageBody: $.msg
`), ``},
		{"old-api-action", flow(`steps:
  - type: task
    name: T
    action: ocr:RecognizeIdentityCard
    serviceParams:
      ImageURL: $.msg
`), `Succeeded {"msg":"hi","x":1}`},
		{"old-subflow", flow(`steps:
  - type: task
    name: T
    resourceArn: acs:fnf:::flow/child
    pattern: sync
`), `Succeeded {"msg":"hi","x":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := interp.Start(context.Background(), params(t, tt.def, in, unmockedTasks{}))
			<-e.Done()
			snap := e.Snapshot()
			if got := outcome(snap); tt.want != "" && got != tt.want {
				t.Errorf("outcome = %s, want %s", got, tt.want)
			}
			var b strings.Builder
			b.WriteString(outcome(snap) + "\n")
			events, _ := e.Events(0, 0)
			for _, ev := range events {
				if ev.Type == interp.EventTaskSucceeded {
					if !strings.Contains(ev.Detail, `"mocked":false`) {
						t.Errorf("TaskSucceeded detail %s does not say it was not mocked", ev.Detail)
					}
					b.WriteString(ev.Detail + "\n")
				}
			}
			golden.Check(t, filepath.Join("testdata", "unmocked", tt.name+".golden"), []byte(b.String()))
		})
	}
}

// TestMockedTaskSaysNothing: a task its Tasks answers has no "mocked" field.
func TestMockedTaskSaysNothing(t *testing.T) {
	e := interp.Start(context.Background(), params(t, task("FC:InvokeFunction", ""), `{}`, &script{}))
	<-e.Done()
	events, _ := e.Events(0, 0)
	for _, ev := range events {
		if ev.Type == interp.EventTaskSucceeded && strings.Contains(ev.Detail, "mocked") {
			t.Errorf("TaskSucceeded detail %s of a task its Tasks answered mentions mocking", ev.Detail)
		}
	}
}
