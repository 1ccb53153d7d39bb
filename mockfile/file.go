package mockfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// ErrNoTestCase is wrapped by the error of Check when the file has no such flow or test case.
var ErrNoTestCase = errors.New("mockfile: no such test case")

// File is a checked mock file. It is never modified after Parse, so one File may be used by
// many goroutines at once.
type File struct {
	name      string
	flows     map[string]map[string]*Case // flow → test case name → case
	responses map[string]*response
}

// Case is one test case of a flow: the task states it mocks and their answers.
type Case struct {
	// Flow is the name of the flow the test case belongs to.
	Flow string
	// Name is the test case's name.
	Name string

	states map[string]binding
}

// binding ties a task state of a test case to a mocked response.
type binding struct {
	resp *response
	line int // of the state's key
}

// response is a checked mocked response: answers for the invocations 0 to spans[len-1].hi.
type response struct {
	name  string
	spans []span // sorted, contiguous from 0
}

// span answers the invocations lo to hi, inclusive.
type span struct {
	lo, hi int
	answer Answer
}

// Name returns the name the file was parsed under, the one its errors start with.
func (f *File) Name() string { return f.name }

// Flows returns the names of the flows the file mocks, sorted.
func (f *File) Flows() []string { return slices.Sorted(maps.Keys(f.flows)) }

// TestCases returns the names of the test cases of flow, sorted; nil when the file does not
// mock flow.
func (f *File) TestCases(flow string) []string {
	cases, ok := f.flows[flow]
	if !ok {
		return nil
	}
	return slices.Sorted(maps.Keys(cases))
}

// Case returns a flow's test case; ok false when the file has no such flow or case.
func (f *File) Case(flow, testCase string) (*Case, bool) {
	c, ok := f.flows[flow][testCase]
	return c, ok
}

// Unused returns the names of the mocked responses that no test case uses, sorted. They are
// allowed (a file may keep responses for later), but are most likely a typo's other half.
func (f *File) Unused() []string {
	used := make(map[*response]bool)
	for _, cases := range f.flows {
		for _, c := range cases {
			for _, b := range c.states {
				used[b.resp] = true
			}
		}
	}
	var out []string
	for name, r := range f.responses {
		if !used[r] {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Check reports the states of testCase (or of every case of flow when testCase is "") that
// are not among states (the task states the flow's definition has): an error naming the
// file, line, test case and state, for the emulator to refuse a StartExecution (or a fixture
// flow at load). The error joins one *Error per such state, in line order. When testCase is
// not "" and the file has no such flow or test case, the error wraps ErrNoTestCase; when
// testCase is "" and the file does not mock flow, there is nothing to check.
func (f *File) Check(flow, testCase string, states []string) error {
	var cases []*Case
	if testCase == "" {
		for _, name := range f.TestCases(flow) {
			cases = append(cases, f.flows[flow][name])
		}
	} else {
		c, ok := f.Case(flow, testCase)
		if !ok {
			return fmt.Errorf("%s: flow %s has no test case %q: %w", f.name, flow, testCase, ErrNoTestCase)
		}
		cases = []*Case{c}
	}
	var errs []*Error
	for _, c := range cases {
		for _, state := range c.States() {
			if slices.Contains(states, state) {
				continue
			}
			b := c.states[state]
			errs = append(errs, &Error{
				File: f.name, Line: b.line, Path: c.path() + "." + pathKey(state),
				Message: fmt.Sprintf("test case %s mocks state %q, which is not a task state of flow %s%s",
					c.Name, state, flow, knownStates(state, states)),
			})
		}
	}
	return yamlsrc.Join(errs)
}

// knownStates says which task state was perhaps meant, or lists them.
func knownStates(state string, states []string) string {
	for _, s := range states {
		if strings.EqualFold(s, state) {
			return fmt.Sprintf(" (did you mean %q?)", s)
		}
	}
	if len(states) == 0 {
		return " (it has none)"
	}
	sorted := slices.Sorted(slices.Values(states))
	const most = 10
	if len(sorted) > most {
		return fmt.Sprintf(" (its task states: %s and %d more)", strings.Join(sorted[:most], ", "), len(sorted)-most)
	}
	return " (its task states: " + strings.Join(sorted, ", ") + ")"
}

// path is the path of the test case in its file.
func (c *Case) path() string {
	return "Flows." + pathKey(c.Flow) + ".TestCases." + pathKey(c.Name)
}

// States are the state names the case mocks.
func (c *Case) States() []string { return slices.Sorted(maps.Keys(c.states)) }

// Response returns the name of the mocked response that answers state; ok false when the
// case does not mock state. It lets a caller tell "not mocked" from "no answer for this
// index" when Answer says ok false.
func (c *Case) Response(state string) (name string, ok bool) {
	b, ok := c.states[state]
	if !ok {
		return "", false
	}
	return b.resp.name, true
}

// Answer is what invocation index (0-based; retries and Map iterations count) of state
// returns; ok false when the case does not mock this state or this index. An index past the
// last key of the state's mocked response is not mocked: the last answer is not repeated,
// and the caller treats the invocation as it treats an unmocked task (--unmocked-tasks).
// Return is a copy, the caller's to keep.
func (c *Case) Answer(state string, index int) (Answer, bool) {
	b, ok := c.states[state]
	if !ok || index < 0 {
		return Answer{}, false
	}
	spans := b.resp.spans
	i := sort.Search(len(spans), func(i int) bool { return spans[i].hi >= index })
	if i == len(spans) || spans[i].lo > index {
		return Answer{}, false
	}
	a := spans[i].answer
	if a.Throw != nil {
		t := *a.Throw
		a.Throw = &t
	}
	a.Return = bytes.Clone(a.Return)
	return a, true
}

// Document returns the file as a Document, in canonical form: index keys as "N" or "N-M".
func (f *File) Document() Document {
	d := Document{Flows: make(map[string]Flow, len(f.flows))}
	for name, cases := range f.flows {
		fl := Flow{TestCases: make(map[string]TestCase, len(cases))}
		for cname, c := range cases {
			tc := make(TestCase, len(c.states))
			for state, b := range c.states {
				tc[state] = b.resp.name
			}
			fl.TestCases[cname] = tc
		}
		d.Flows[name] = fl
	}
	if len(f.responses) > 0 {
		d.MockedResponses = make(map[string]MockedResponse, len(f.responses))
		for name, r := range f.responses {
			mr := make(MockedResponse, len(r.spans))
			for _, s := range r.spans {
				key := strconv.Itoa(s.lo)
				if s.hi != s.lo {
					key += "-" + strconv.Itoa(s.hi)
				}
				mr[key] = s.answer
			}
			d.MockedResponses[name] = mr
		}
	}
	return d
}

// MarshalJSON writes the file in canonical form (see Document), as JSON that Parse reads
// back to a file answering the same lookups.
func (f *File) MarshalJSON() ([]byte, error) { return json.Marshal(f.Document()) }
