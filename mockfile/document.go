package mockfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Document is a mock file as written, in the shape of AWS Step Functions Local's
// MockConfigFile with Flows in place of StateMachines. Parse reads one into a File, and
// File.Document writes it back; mockfile.schema.json is generated from these types.
type Document struct {
	// Flows maps the name of a flow to its test cases. The flow need not exist when the file
	// is loaded: its test cases are checked against its definition when it does.
	Flows map[string]Flow `json:"Flows"`

	// MockedResponses maps a name to a mocked response; test cases refer to it by that name.
	MockedResponses map[string]MockedResponse `json:"MockedResponses,omitempty"`
}

// Flow holds the test cases of one flow.
type Flow struct {
	// TestCases maps the name of a test case to the task states it mocks. An execution runs
	// under one test case, chosen by the X-Mock-Test-Case header of StartExecution, by its
	// session or by a scenario rule.
	TestCases map[string]TestCase `json:"TestCases"`
}

// TestCase maps the name of a task state of the flow to the name of the mocked response that
// answers its invocations; a task state the test case does not name is not mocked.
type TestCase map[string]string

// MockedResponse maps invocation indexes to answers: a key is one index ("0", the state's
// first invocation in an execution) or an inclusive range ("1-3", the second to the fourth),
// and the keys run from 0 without gaps or overlaps; an invocation past the last key is not
// mocked. Retries and Map iterations each take the next index.
type MockedResponse map[string]Answer

// Answer is what one invocation of a mocked task state does: exactly one of Return and Throw,
// optionally after a Delay.
type Answer struct {
	// Return is the task's output, a JSON object; absent (nil) when the answer throws.
	Return json.RawMessage `json:"Return,omitempty"`

	// Throw fails the task with an error that the state's Retry and Catch rules see.
	Throw *Throw `json:"Throw,omitempty"`

	// Delay is how long the task runs, on the session's clock, before it returns or throws: a
	// Go duration such as 2s or 150ms. Default 0.
	Delay time.Duration `json:"Delay,omitempty"`
}

// Throw is the error of a failed task.
type Throw struct {
	// Error is the error name the Retry and Catch rules match, such as FC.CardDeclined.
	Error string `json:"Error"`

	// Cause says what went wrong, for the history and the execution's failure.
	Cause string `json:"Cause,omitempty"`
}

// MarshalJSON writes the answer as in a mock file, Delay as a Go duration string.
func (a Answer) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	sep := ""
	if a.Return != nil {
		buf.WriteString(`"Return":`)
		buf.Write(a.Return)
		sep = ","
	}
	if a.Throw != nil {
		b, err := json.Marshal(a.Throw)
		if err != nil {
			return nil, err
		}
		buf.WriteString(sep + `"Throw":`)
		buf.Write(b)
		sep = ","
	}
	if a.Delay != 0 {
		buf.WriteString(sep + `"Delay":"` + a.Delay.String() + `"`)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads an answer written by MarshalJSON. It does not check the answer as Parse
// does.
func (a *Answer) UnmarshalJSON(b []byte) error {
	var raw struct {
		Return json.RawMessage
		Throw  *Throw
		Delay  string
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := Answer{Return: raw.Return, Throw: raw.Throw}
	if raw.Delay != "" {
		d, err := time.ParseDuration(raw.Delay)
		if err != nil {
			return fmt.Errorf("mockfile: Delay: %w", err)
		}
		out.Delay = d
	}
	*a = out
	return nil
}
