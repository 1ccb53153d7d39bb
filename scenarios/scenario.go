// Package scenarios holds the scenario files and the engine that decides, request by request,
// how the mock answers: a documented error, data, a delay, a wire fault, or a mix.
//
// A scenario is a YAML file (see README.md and scenario.schema.json): a name, a description and
// ordered rules. Load reads and strictly validates a directory of them; Default returns the
// embedded ones. An Engine holds loaded scenarios and the per-session state of their triggers
// (step counters, token buckets, seeded randomness), and Decide turns one request into a
// Decision. The engine says "serve data" or "answer this code" but never fetches data or writes
// a response: package mock does.
package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fault"
)

// Scenario is a named way of answering requests, read from one scenario file.
type Scenario struct {
	// Name selects the scenario (X-Mock-Scenario, the control API). Letters, digits, '.', '_'
	// and '-', starting with a letter or digit; at most 64 characters.
	Name string `json:"name" jsonschema:"pattern=^[A-Za-z0-9][A-Za-z0-9._-]*$,maxLength=64"`

	// Description says in a sentence what a client sees under this scenario.
	Description string `json:"description,omitempty"`

	// Rules are tried in order for every request. The first rule that matches the request and
	// fires answers it; a rule that matches but does not fire (a missed probability, not the
	// Nth request, tokens left in its bucket, steps used up) lets the next rule try. When no
	// rule fires the request is served normally.
	Rules []Rule `json:"rules" jsonschema:"minItems=1"`

	// File is the file the scenario was loaded from, "" for a scenario built in Go.
	File string `json:"-"`
}

// Rule matches some requests and, when its trigger fires, answers them.
type Rule struct {
	// Name identifies the rule in decisions and the request journal; unique in its scenario.
	Name string `json:"name" jsonschema:"pattern=^[A-Za-z0-9][A-Za-z0-9._-]*$,maxLength=64"`

	// Match selects the requests the rule applies to. Absent: every request.
	Match *Match `json:"match,omitempty"`

	// Steps answer the matching requests in order: each step answers `times` requests. When
	// every step is used up the rule stops firing (later rules or normal serving answer), unless
	// loop is true. A rule with steps has its responses in the steps only.
	Steps []Step `json:"steps,omitempty"`

	// Loop starts the steps over once they are used up.
	Loop bool `json:"loop,omitempty"`

	// Every fires on every Nth matching request: N, 2N, 3N, ...
	Every *int `json:"every,omitempty" jsonschema:"minimum=1"`

	// Probability fires on each matching request with this probability, drawn from the
	// session's seeded random source.
	Probability *float64 `json:"probability,omitempty" jsonschema:"minimum=0,maximum=1"`

	// RateLimit fires when the session's token bucket for this rule is empty. It answers 429
	// ResourceThrottled with Retry-After and x-ratelimit-user-api headers unless the rule says
	// otherwise. Requests that get a token carry the x-ratelimit-user-api header too.
	RateLimit *RateLimit `json:"rate_limit,omitempty"`

	// Response is what the rule answers when it fires (for rules without steps). A rule
	// without any trigger fires on every matching request.
	Response
}

// Step is one stage of a rule's ordered sequence.
type Step struct {
	// Times is the number of matching requests this step answers. Default 1.
	Times *int `json:"times,omitempty" jsonschema:"minimum=1"`

	Response
}

// Response is what a rule or step answers. error and respond exclude each other; fault and
// latency combine with either.
type Response struct {
	// Error answers with this documented error code of the contract, such as
	// ResourceThrottled, FlowNotExists or InternalServerError (status and envelope come from
	// the contract).
	Error flowmock.Code `json:"error,omitempty"`

	// Message replaces the documented message of the error. Only with error.
	Message string `json:"message,omitempty"`

	// Respond serves data: "data" from the server's configured source, or "fixtures" or
	// "fake" to force one.
	Respond string `json:"respond,omitempty" jsonschema:"enum=data,enum=fixtures,enum=fake"`

	// Fault breaks or slows the wire on the way out, applied to the error or data response.
	Fault *FaultSpec `json:"fault,omitempty"`

	// Latency delays the answer, sampled per request from the session's seeded random source.
	Latency *Latency `json:"latency,omitempty"`
}

// Match selects requests by action and parameters. Every given condition must hold.
type Match struct {
	// Action is the API action, such as ListExecutions.
	Action string `json:"action,omitempty"`

	// Params maps request parameter names (case-sensitive, as sent) to the exact value they
	// must have, such as FlowName: demo_flow.
	Params map[string]string `json:"params,omitempty"`
}

// RateLimit is a token bucket per session: it starts full with Burst tokens, each matching
// request takes one, and tokens come back at Rate.
type RateLimit struct {
	// Rate is how fast tokens come back, as COUNT/PERIOD: "5/s", "100/m", "1/500ms".
	Rate Rate `json:"rate"`

	// Burst is the bucket's size: the requests allowed at once. Default: the rate's count.
	Burst *int `json:"burst,omitempty" jsonschema:"minimum=1"`
}

// Rate is Count events per Per, written "5/s", "100/m", "3/h" or "1/500ms".
type Rate struct {
	Count int           // events, at least 1
	Per   time.Duration // the period they are spread over
}

// String returns the rate as written in scenario files.
func (r Rate) String() string {
	switch r.Per {
	case time.Second:
		return fmt.Sprintf("%d/s", r.Count)
	case time.Minute:
		return fmt.Sprintf("%d/m", r.Count)
	case time.Hour:
		return fmt.Sprintf("%d/h", r.Count)
	}
	return fmt.Sprintf("%d/%s", r.Count, r.Per)
}

// MarshalText returns the rate as written in scenario files.
func (r Rate) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText parses COUNT/PERIOD, where PERIOD is s, m, h or a Go duration.
func (r *Rate) UnmarshalText(b []byte) error {
	s := string(b)
	bad := func(why string) error {
		return fmt.Errorf("invalid rate %q: %s; write COUNT/PERIOD such as \"5/s\", \"100/m\" or \"1/500ms\"", s, why)
	}
	count, period, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return bad("no '/'")
	}
	n, err := strconv.Atoi(strings.TrimSpace(count))
	if err != nil || n < 1 {
		return bad("the count must be a whole number of at least 1")
	}
	var per time.Duration
	switch period = strings.TrimSpace(period); period {
	case "s":
		per = time.Second
	case "m":
		per = time.Minute
	case "h":
		per = time.Hour
	default:
		per, err = time.ParseDuration(period)
		if err != nil || per <= 0 {
			return bad("the period must be s, m, h or a positive duration")
		}
	}
	*r = Rate{Count: n, Per: per}
	return nil
}

// Latency is a delay distribution. The fields used depend on the distribution:
// fixed uses value; uniform uses min (default 0) and max; lognormal uses median and sigma, with
// max as an optional cap.
type Latency struct {
	// Distribution is fixed (the default), uniform or lognormal.
	Distribution string `json:"distribution,omitempty" jsonschema:"enum=fixed,enum=uniform,enum=lognormal"`

	// Value is the fixed delay.
	Value fault.Duration `json:"value,omitempty"`

	// Min is the shortest uniform delay.
	Min fault.Duration `json:"min,omitempty"`

	// Max is the longest uniform delay, or the cap of a lognormal one.
	Max fault.Duration `json:"max,omitempty"`

	// Median is the lognormal median: half the delays are shorter.
	Median fault.Duration `json:"median,omitempty"`

	// Sigma is the lognormal shape: the standard deviation of the delay's logarithm (0.25 is
	// tight, 1 is a long tail).
	Sigma float64 `json:"sigma,omitempty" jsonschema:"exclusiveMinimum=0"`
}

// FaultSpec names a registered wire fault and its attributes, as in toxiproxy:
// {type: truncate, attributes: {fraction: 0.5}}.
type FaultSpec struct {
	// Type is the fault's registered name: reset, empty, malformed, truncate or dribble.
	Type string `json:"type"`

	// Attributes are the fault's settings; absent means its defaults.
	Attributes map[string]any `json:"attributes,omitempty"`
}
