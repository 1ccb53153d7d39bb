package interp_test

import "testing"

// waitFlow is a Wait state whose Seconds.$ is $Input.s.
var waitFlow = machine("W", `
  - Type: Wait
    Name: W
    Seconds.$: $Input.s
    End: true
`)

// TestWaitRange: a dynamic wait outside the service's range fails the state, naming it,
// instead of overflowing time.Duration and ending at once.
func TestWaitRange(t *testing.T) {
	runCases(t, []newCase{
		{name: "AtTheMaximum", def: waitFlow, input: `{"s":300}`, want: `Succeeded {"s":300}`},
		{name: "Zero", def: waitFlow, input: `{"s":0}`, want: `Succeeded {"s":0}`},
		{name: "PastTheMaximum", def: waitFlow, input: `{"s":301}`,
			want: `Failed FnF.RuntimeError: state W: Seconds.$ "$Input.s" gave 301, want a number of seconds from 0 to 300`},
		{name: "Overflow", def: waitFlow, input: `{"s":1e10}`,
			want: `Failed FnF.RuntimeError: state W: Seconds.$ "$Input.s" gave 1e+10, want a number of seconds from 0 to 300`},
		{name: "Negative", def: waitFlow, input: `{"s":-1}`,
			want: `Failed FnF.RuntimeError: state W: Seconds.$ "$Input.s" gave -1, want a number of seconds from 0 to 300`},
		{name: "NotANumber", def: waitFlow, input: `{"s":"5"}`,
			want: `Failed FnF.RuntimeError: state W: Seconds.$ "$Input.s" gave a string, want a number of seconds from 0 to 300`},
		{name: "OldDurationPastTwoDays", def: flow(`
steps:
  - type: wait
    name: w
    duration: $.sleep
`), input: `{"sleep":1e10}`, want: `Failed FnF.RuntimeError: step w: duration "$.sleep" gave 1e+10, want a number of seconds from 0 to 172800`},
		{name: "OldTimestampPastTwoDays", def: flow(`
steps:
  - type: wait
    name: w
    timestamp: "9999-01-01T00:00:00Z"
`), want: `Failed FnF.RuntimeError: step w: timestamp "9999-01-01T00:00:00Z" is more than 48h0m0s (MaxWaitDuration) away`},
	})
}
