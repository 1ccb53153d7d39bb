package emulator

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/flowmock/flowmock/mockfile"
)

// TestCaseView is a test case of the mock file in force and what it mocks, as the control
// plane shows it.
type TestCaseView struct {
	Flow   string       `json:"flow"`
	Name   string       `json:"name"`
	States []MockedView `json:"states"` // by state name
}

// MaxAnswers bounds the answers a MockedView lists: many test cases may share one mocked
// response, so listing all of each would make the answer grow with their product.
const MaxAnswers = 20

// MockedView is a task state a test case mocks: the mocked response that answers it and its
// first answers (at most MaxAnswers), in invocation order, and how many more it has.
type MockedView struct {
	State       string       `json:"state"`
	Response    string       `json:"response"`
	Answers     []AnswerSpan `json:"answers"`
	MoreAnswers int          `json:"moreAnswers,omitempty"`
}

// AnswerSpan is the answer of the invocations From to To (inclusive, from 0).
type AnswerSpan struct {
	From   int             `json:"from"`
	To     int             `json:"to"`
	Answer mockfile.Answer `json:"answer"`
}

// TestCases returns the test cases of the mock file in force, by flow then name (only flow's
// when flow is not ""); none without a file.
func (e *Emulator) TestCases(flow string) []TestCaseView {
	out := []TestCaseView{}
	f := e.mocks.Load()
	if f == nil {
		return out
	}
	doc := f.Document()
	answers := map[string][]AnswerSpan{} // by mocked response, built once
	for _, fl := range f.Flows() {
		if flow != "" && fl != flow {
			continue
		}
		for _, name := range f.TestCases(fl) {
			tc := TestCaseView{Flow: fl, Name: name, States: []MockedView{}}
			c := doc.Flows[fl].TestCases[name]
			for _, state := range slices.Sorted(maps.Keys(c)) {
				resp := c[state]
				if _, ok := answers[resp]; !ok {
					answers[resp] = spans(doc.MockedResponses[resp])
				}
				all := answers[resp]
				shown := all[:min(len(all), MaxAnswers)]
				tc.States = append(tc.States, MockedView{State: state, Response: resp, Answers: shown, MoreAnswers: len(all) - len(shown)})
			}
			out = append(out, tc)
		}
	}
	return out
}

// spans orders a mocked response's answers by invocation. Its keys are canonical, "N" or
// "N-M" (File.Document).
func spans(mr mockfile.MockedResponse) []AnswerSpan {
	out := make([]AnswerSpan, 0, len(mr))
	for key, a := range mr {
		lo, hi, ok := strings.Cut(key, "-")
		if !ok {
			hi = lo
		}
		from, _ := strconv.Atoi(lo)
		to, _ := strconv.Atoi(hi)
		out = append(out, AnswerSpan{From: from, To: to, Answer: a})
	}
	slices.SortFunc(out, func(a, b AnswerSpan) int { return a.From - b.From })
	return out
}
