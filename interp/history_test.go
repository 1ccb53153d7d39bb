package interp_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/flowmock/flowmock/internal/golden"
	"github.com/flowmock/flowmock/interp"
)

// historyCases are flows whose whole history is a golden file; every one runs its work one
// at a time, so the order of events is fixed.
var historyCases = []struct {
	name, def, input string
	answers          map[string][]answer
}{
	{name: "new-pass-constructor", def: machine("Shape", passStates), input: `{"requestId":"abc-123"}`},
	{name: "new-retry-catch", def: machine("Call", retryStates), input: `{"a":1}`,
		answers: map[string][]answer{"Call": {throw("FC.ResourceThrottled: slow down")}}},
	{name: "new-wait-choice-fail", def: machine("Hold", `
  - Type: Wait
    Name: Hold
    Seconds.$: $Input.delay
    Next: Route
`+choiceStates), input: `{"delay":300,"Size":1,"a":0,"b":"x"}`},
	{name: "new-map-parallel", def: machine("Each", mapStates[:len(mapStates)-len("    End: true\n")]+`    Next: Fan
  - Type: Parallel
    Name: Fan
    Branches:
      - StartAt: A
        States:
          - Type: Task
            Name: A
            Action: FC:InvokeFunction
            TaskMode: WaitForCustomCallback
            Parameters:
              token.$: $Context.Current.TaskToken
            End: true
    End: true
`), input: `{"items":[{"v":1},{"v":2}]}`},
	{name: "old-every-step", def: flow(`
inputMappings:
  - target: orderId
    source: $input.orderId
  - target: items
    source: $input.items
steps:
  - type: pass
    name: start
    outputMappings:
      - target: attempts
        source: 0
  - type: task
    name: charge
    resourceArn: acs:fc:cn-shanghai:123456789012:services/shop/functions/charge
    pattern: waitForCallback
    inputMappings:
      - target: orderId
        source: $input.orderId
    retry:
      - errors: [FC.ResourceExhausted]
        intervalSeconds: 2
        maxAttempts: 5
    catch:
      - errors: [FC.CardDeclined]
        goto: declined
  - type: parallel
    name: fanOut
    branches:
      - steps:
          - type: wait
            name: pause
            duration: 5
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: pass
        name: one
  - type: choice
    name: route
    choices:
      - condition: $.status == "shipped"
        goto: done
    default:
      goto: declined
  - type: succeed
    name: done
  - type: fail
    name: declined
    error: CardDeclined
    cause: the card was declined
`), input: `{"orderId":"o-1","items":["i"],"status":"new"}`,
		answers: map[string][]answer{"charge": {throw("FC.ResourceExhausted: busy"), ret(`{"charged":true,"status":"shipped"}`)}}},
}

func TestHistoryGolden(t *testing.T) {
	for _, tc := range historyCases {
		t.Run(tc.name, func(t *testing.T) {
			e := interp.Start(context.Background(), params(t, tc.def, tc.input, &script{answers: tc.answers}))
			<-e.Done()
			events, more := e.Events(0, 0)
			if more {
				t.Errorf("Events(0, 0) says more follow")
			}
			checkIDs(t, events)
			got := outcome(e.Snapshot()) + "\n" + history(events)
			golden.Check(t, filepath.Join("testdata", "history", tc.name+".golden"), []byte(got))
		})
	}
}

// checkIDs checks that events are numbered 1, 2, 3… and each is scheduled by an earlier one.
func checkIDs(t *testing.T, events []interp.Event) {
	t.Helper()
	for i, ev := range events {
		if ev.ID != int64(i+1) {
			t.Errorf("event %d has ID %d", i+1, ev.ID)
		}
		if ev.ScheduleID >= ev.ID || (ev.ScheduleID == 0) != (ev.Type == interp.EventExecutionStarted) {
			t.Errorf("event %d (%s) is scheduled by %d", ev.ID, ev.Type, ev.ScheduleID)
		}
	}
}

func TestEventsPaging(t *testing.T) {
	e := interp.Start(context.Background(), params(t, machine("Call", retryStates), "", &script{}))
	<-e.Done()
	all, _ := e.Events(0, 0)
	var paged []interp.Event
	for after := int64(0); ; {
		page, more := e.Events(after, 3)
		paged = append(paged, page...)
		if !more {
			break
		}
		after = page[len(page)-1].ID
	}
	if got, want := history(paged), history(all); got != want {
		t.Errorf("paged history:\n%s\nwant:\n%s", got, want)
	}
	for _, c := range []struct {
		id   int64
		want bool
	}{{0, false}, {1, true}, {int64(len(all)), true}, {int64(len(all)) + 1, false}} {
		if ev, ok := e.Event(c.id); ok != c.want || (ok && ev.ID != c.id) {
			t.Errorf("Event(%d) = %+v, %v; want found %v", c.id, ev, ok, c.want)
		}
	}
	if page, more := e.Events(int64(len(all)), 10); len(page) != 0 || more {
		t.Errorf("Events(last, 10) = %d events, more %v; want none", len(page), more)
	}
}
