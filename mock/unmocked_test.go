package mock_test

import (
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// videoFlow is the shape of a published CloudFlow example: a function's result read as
// $Output.Body, an id from uuid().
const videoFlow = `Type: StateMachine
Name: NAME
SpecVersion: v1
StartAt: Analyse
States:
  - Type: Task
    Name: Analyse
    Action: FC:InvokeFunction
    TaskMode: RequestComplete
    Parameters:
      invocationType: Sync
      resourceArn: acs:fc:cn-shanghai:123:functions/analyse/LATEST
      body:
        videoUrl.$: $Input.videoUrl
    OutputConstructor:
      returnID.$: uuid()
      videoContent.$: $Output.Body.videoContent
    End: true
`

// TestUnmockedFunctionShape: with --unmocked-tasks echo, an unmocked FC:InvokeFunction
// answers {"Body": its input}, so $Output.Body reads the input; uuid() replays under the
// same seed and differs under another; the history says the task was not mocked.
func TestUnmockedFunctionShape(t *testing.T) {
	run := func(seed uint64) (output, detail string) {
		h := newHarness(t, mock.Config{Seed: seed})
		t.Cleanup(h.srv.Close)
		c := h.client("video")
		createDef(t, c, "video", videoFlow)
		in := `{"videoUrl":"https://example.com/v.mp4","videoContent":"a cat"}`
		start(t, c, "video", "v-1", &in)
		d := poll(t, c, "video", "v-1")
		if d.Status != "Succeeded" {
			t.Fatalf("status %s, want Succeeded", d.Status)
		}
		for _, ev := range history(t, c, "video", "v-1", 100) {
			if ev.Type == "TaskSucceeded" {
				detail = deref(ev.EventDetail)
			}
		}
		return deref(d.Output), detail
	}
	out, detail := run(1)
	if !strings.Contains(out, `"videoContent":"a cat"`) || !strings.Contains(out, `"returnID":"`) {
		t.Errorf("output = %s, want videoContent from $Output.Body and a returnID", out)
	}
	if !strings.Contains(detail, `"mocked":false`) || !strings.Contains(detail, `"shape":"FC:InvokeFunction"`) {
		t.Errorf("TaskSucceeded detail = %s, want it to say the task was not mocked", detail)
	}
	if again, _ := run(1); again != out {
		t.Errorf("same seed: output %s, then %s", out, again)
	}
	if other, _ := run(2); other == out {
		t.Errorf("seeds 1 and 2 gave the same output %s", out)
	}
}
