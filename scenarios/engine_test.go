package scenarios_test

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/scenarios"
)

// engine is an Engine with the state of its sessions, kept as the server keeps it: one
// scenarios.State per session, "" being DefaultSession.
type engine struct {
	*scenarios.Engine

	mu     sync.Mutex
	states map[string]*scenarios.State
}

// freeze makes the rate limits read *now: the engine becomes a copy WithClock, with the
// sessions' states started over.
func (e *engine) freeze(now *time.Time) {
	e.Engine = e.WithClock(func() time.Time { return *now })
	e.states = map[string]*scenarios.State{}
}

func wrap(e *scenarios.Engine) *engine {
	return &engine{Engine: e, states: map[string]*scenarios.State{}}
}

// state returns the state of session, made on first use.
func (e *engine) state(session string) *scenarios.State {
	if session == "" {
		session = scenarios.DefaultSession
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	st := e.states[session]
	if st == nil {
		st = new(scenarios.State)
		e.states[session] = st
	}
	return st
}

// decide is DecideIn with the state of req's session.
func (e *engine) decide(scenario string, req scenarios.Request) (scenarios.Decision, error) {
	return e.DecideIn(e.state(req.Session), scenario, req)
}

// newEngine loads the scenario files given as YAML text and returns an engine with seed.
func newEngine(t *testing.T, seed uint64, files ...string) *engine {
	t.Helper()
	fsys := fstest.MapFS{}
	for i, f := range files {
		fsys[fmt.Sprintf("s%d.yaml", i)] = &fstest.MapFile{Data: []byte(f)}
	}
	scs, err := scenarios.Load(fsys, codes)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	e, err := scenarios.NewEngine(scs, seed, nil)
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return wrap(e)
}

func defaultEngine(t *testing.T, seed uint64) *engine {
	t.Helper()
	scs, err := scenarios.Default(codes)
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	e, err := scenarios.NewEngine(scs, seed, nil)
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return wrap(e)
}

func decide(t *testing.T, e *engine, scenario string, req scenarios.Request) scenarios.Decision {
	t.Helper()
	d, err := e.decide(scenario, req)
	if err != nil {
		t.Fatalf("DecideIn(%q): %v", scenario, err)
	}
	return d
}

func list(flow, session string) scenarios.Request {
	return scenarios.Request{Action: "ListExecutions", Params: url.Values{"FlowName": {flow}}, Session: session}
}

// TestThrottleThenRecover is the example: two 429s, then data, per session.
func TestThrottleThenRecover(t *testing.T) {
	e := defaultEngine(t, 1)
	const rule = "throttle-then-recover/first-two#1"
	steps := []struct {
		session  string
		wantCode flowmock.Code
		wantRule string
	}{
		{"a", flowmock.ResourceThrottled, rule},
		{"b", flowmock.ResourceThrottled, rule}, // b starts its own sequence
		{"a", flowmock.ResourceThrottled, rule},
		{"a", "", ""},                           // a recovered
		{"b", flowmock.ResourceThrottled, rule}, // b is not affected by a
		{"b", "", ""},
		{"a", "", ""},
		{"c", flowmock.ResourceThrottled, rule},
	}
	for i, s := range steps {
		d := decide(t, e, "throttle-then-recover", list("demo_flow", s.session))
		if d.Error != s.wantCode || d.Rule != s.wantRule {
			t.Errorf("request %d (session %s) = %q/%q, want %q/%q", i, s.session, d.Error, d.Rule, s.wantCode, s.wantRule)
		}
		if d.Error == "" && d.Scenario != "" {
			t.Errorf("request %d: Scenario = %q for a request no rule answered", i, d.Scenario)
		}
	}
}

func TestSteps(t *testing.T) {
	const file = `
name: seq
rules:
  - name: r
    %s
    steps:
      - {times: 2, error: ResourceThrottled}
      - {respond: fixtures}
      - {error: FlowNotExists, message: gone}
`
	type answer struct {
		rule string
		code flowmock.Code
		data string
	}
	var (
		throttled = answer{"seq/r#1", flowmock.ResourceThrottled, ""}
		fixtures  = answer{"seq/r#2", "", scenarios.DataFixtures}
		missing   = answer{"seq/r#3", flowmock.FlowNotExists, ""}
		normal    = answer{}
	)
	tests := []struct {
		name string
		loop string
		want []answer
	}{
		{"used up, then normal", "", []answer{throttled, throttled, fixtures, missing, normal, normal}},
		{"loop", "loop: true", []answer{throttled, throttled, fixtures, missing, throttled, throttled, fixtures, missing, throttled}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEngine(t, 1, fmt.Sprintf(file, tt.loop))
			for i, want := range tt.want {
				d := decide(t, e, "seq", list("f", "s"))
				if got := (answer{d.Rule, d.Error, d.Data}); got != want {
					t.Errorf("request %d = %+v, want %+v", i+1, got, want)
				}
				if d.Error == flowmock.FlowNotExists && d.Message != "gone" {
					t.Errorf("request %d: Message = %q, want %q", i+1, d.Message, "gone")
				}
			}
		})
	}
}

func TestEvery(t *testing.T) {
	e := newEngine(t, 1, `
name: every
rules:
  - name: third
    match: {params: {FlowName: a}}
    every: 3
    error: InternalServerError
`)
	// Only requests for flow a count: b's never reach the counter.
	flows := "a b a b b a a a a b a"
	var got []string
	for _, f := range strings.Fields(flows) {
		d := decide(t, e, "every", list(f, "s"))
		got = append(got, fmt.Sprintf("%s:%s", f, d.Error))
	}
	want := []string{"a:", "b:", "a:", "b:", "b:", "a:InternalServerError", "a:", "a:", "a:InternalServerError", "b:", "a:"}
	if !slices.Equal(got, want) {
		t.Errorf("decisions = %v, want %v", got, want)
	}
}

func TestMatch(t *testing.T) {
	e := newEngine(t, 1, `
name: match
rules:
  - name: demo
    match: {action: ListExecutions, params: {FlowName: demo_flow, Status: Running}}
    error: FlowNotExists
`)
	tests := []struct {
		name string
		req  scenarios.Request
		want flowmock.Code
	}{
		{"all conditions", scenarios.Request{Action: "ListExecutions", Params: url.Values{"FlowName": {"demo_flow"}, "Status": {"Running"}}}, flowmock.FlowNotExists},
		{"other flow", scenarios.Request{Action: "ListExecutions", Params: url.Values{"FlowName": {"other"}, "Status": {"Running"}}}, ""},
		{"parameter missing", scenarios.Request{Action: "ListExecutions", Params: url.Values{"FlowName": {"demo_flow"}}}, ""},
		{"other action", scenarios.Request{Action: "DescribeFlow", Params: url.Values{"FlowName": {"demo_flow"}, "Status": {"Running"}}}, ""},
		{"names are case-sensitive", scenarios.Request{Action: "ListExecutions", Params: url.Values{"flowname": {"demo_flow"}, "Status": {"Running"}}}, ""},
		{"no parameters", scenarios.Request{Action: "ListExecutions"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decide(t, e, "match", tt.req).Error; got != tt.want {
				t.Errorf("Error = %q, want %q", got, tt.want)
			}
		})
	}
}

// fires returns, for n requests of one session, whether the scenario's rule fired.
func fires(t *testing.T, e *engine, scenario, session string, n int) []bool {
	t.Helper()
	out := make([]bool, n)
	for i := range out {
		out[i] = decide(t, e, scenario, list("f", session)).Rule != ""
	}
	return out
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func TestProbability(t *testing.T) {
	const (
		file = `
name: flaky
rules:
  - name: sometimes
    probability: 0.2
    error: InternalServerError
`
		n = 10_000
		p = 0.2
	)
	sigma := math.Sqrt(n * p * (1 - p)) // 40
	lo, hi := int(n*p-4*sigma), int(n*p+4*sigma)

	base := fires(t, newEngine(t, 1, file), "flaky", "s", n)
	t.Run("rate within 4 sigma", func(t *testing.T) {
		for _, seed := range []uint64{1, 2, 3, 4, 5} {
			got := count(fires(t, newEngine(t, seed, file), "flaky", "s", n))
			if got < lo || got > hi {
				t.Errorf("seed %d: %d of %d fired, want within [%d, %d]", seed, got, n, lo, hi)
			}
		}
	})
	t.Run("same seed replays", func(t *testing.T) {
		if again := fires(t, newEngine(t, 1, file), "flaky", "s", n); !slices.Equal(again, base) {
			t.Error("two engines with seed 1 decided differently")
		}
	})
	t.Run("another seed differs", func(t *testing.T) {
		if other := fires(t, newEngine(t, 2, file), "flaky", "s", n); slices.Equal(other, base) {
			t.Error("seeds 1 and 2 decided identically")
		}
	})
	t.Run("another session differs", func(t *testing.T) {
		if other := fires(t, newEngine(t, 1, file), "flaky", "t", n); slices.Equal(other, base) {
			t.Error("sessions s and t decided identically")
		}
	})
	t.Run("sessions do not disturb each other", func(t *testing.T) {
		e := newEngine(t, 1, file)
		got := make([]bool, n)
		for i := range got {
			decide(t, e, "flaky", list("f", "noise")) // interleaved traffic of another session
			got[i] = decide(t, e, "flaky", list("f", "s")).Rule != ""
		}
		if !slices.Equal(got, base) {
			t.Error("session s decided differently with another session's requests interleaved")
		}
	})
	t.Run("0 and 1", func(t *testing.T) {
		e := newEngine(t, 1, `
name: never
rules:
  - {name: r, probability: 0, error: InternalServerError}
`, `
name: always
rules:
  - {name: r, probability: 1, error: InternalServerError}
`)
		if got := count(fires(t, e, "never", "s", 1000)); got != 0 {
			t.Errorf("probability 0 fired %d times", got)
		}
		if got := count(fires(t, e, "always", "s", 1000)); got != 1000 {
			t.Errorf("probability 1 fired %d of 1000 times", got)
		}
	})
}

func TestLatency(t *testing.T) {
	const n = 10_000
	tests := []struct {
		name  string
		rule  string
		check func(t *testing.T, ds []time.Duration)
	}{
		{"fixed", `latency: {value: 250ms}`, func(t *testing.T, ds []time.Duration) {
			for _, d := range ds {
				if d != 250*time.Millisecond {
					t.Fatalf("delay = %s, want 250ms", d)
				}
			}
		}},
		{"uniform", `latency: {distribution: uniform, min: 10ms, max: 20ms}`, func(t *testing.T, ds []time.Duration) {
			below := 0
			for _, d := range ds {
				if d < 10*time.Millisecond || d > 20*time.Millisecond {
					t.Fatalf("delay = %s, want within [10ms, 20ms]", d)
				}
				if d < 15*time.Millisecond {
					below++
				}
			}
			checkHalf(t, below, n, "below the middle")
		}},
		{"lognormal", `latency: {distribution: lognormal, median: 200ms, sigma: 0.5, max: 1s}`, func(t *testing.T, ds []time.Duration) {
			below, capped := 0, 0
			for _, d := range ds {
				if d <= 0 || d > time.Second {
					t.Fatalf("delay = %s, want within (0, 1s]", d)
				}
				if d < 200*time.Millisecond {
					below++
				}
				if d == time.Second {
					capped++
				}
			}
			checkHalf(t, below, n, "below the median")
			// P(X > 1s) = P(Z > ln(5)/0.5 ≈ 3.22) ≈ 0.00064: a few are capped.
			if capped == 0 || capped > 30 {
				t.Errorf("%d of %d delays capped at 1s, want a few", capped, n)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := "name: lat\nrules:\n  - name: r\n    " + tt.rule + "\n"
			sample := func(seed uint64) []time.Duration {
				e := newEngine(t, seed, file)
				ds := make([]time.Duration, n)
				for i := range ds {
					ds[i] = decide(t, e, "lat", list("f", "s")).Delay
				}
				return ds
			}
			ds := sample(7)
			tt.check(t, ds)
			if again := sample(7); !slices.Equal(again, ds) {
				t.Error("the same seed sampled different delays")
			}
		})
	}
}

// checkHalf checks that got of n is one half within 4 sigma.
func checkHalf(t *testing.T, got, n int, what string) {
	t.Helper()
	sigma := math.Sqrt(float64(n) * 0.25)
	if math.Abs(float64(got)-float64(n)/2) > 4*sigma {
		t.Errorf("%d of %d delays %s, want about half (±%.0f)", got, n, what, 4*sigma)
	}
}

func TestRateLimit(t *testing.T) {
	e := defaultEngine(t, 1) // rate-limited: 5/s, burst 5
	start := time.UnixMilli(1_767_225_600_000)
	now := start
	e.freeze(&now)
	ms := func(d time.Duration) int64 { return start.Add(d).UnixMilli() }

	type want struct {
		code       flowmock.Code
		remain     int
		timeLeft   int64 // ms
		reset      int64 // Unix ms
		retryAfter string
	}
	check := func(t *testing.T, label string, session string, w want) {
		t.Helper()
		d := decide(t, e, "rate-limited", list("demo_flow", session))
		if d.Error != w.code {
			t.Errorf("%s: Error = %q, want %q", label, d.Error, w.code)
		}
		wantHdr := fmt.Sprintf("Limit:5,Remain:%d,TimeLeft:%d,Reset:%d", w.remain, w.timeLeft, w.reset)
		if got := d.Header.Get(scenarios.HeaderRateLimit); got != wantHdr {
			t.Errorf("%s: %s = %q, want %q", label, scenarios.HeaderRateLimit, got, wantHdr)
		}
		if got := d.Header.Get("Retry-After"); got != w.retryAfter {
			t.Errorf("%s: Retry-After = %q, want %q", label, got, w.retryAfter)
		}
		if w.code != "" && d.Rule != "rate-limited/five-per-second" {
			t.Errorf("%s: Rule = %q", label, d.Rule)
		}
	}

	// timeLeft is TimeLeft after the ith request of a full bucket: 0 while tokens are left.
	timeLeft := func(i int) int64 {
		if i == 4 {
			return 200
		}
		return 0
	}

	t.Run("burst", func(t *testing.T) {
		for i := range 5 {
			check(t, fmt.Sprintf("request %d", i+1), "a", want{"", 4 - i, timeLeft(i), ms(time.Duration(i+1) * 200 * time.Millisecond), ""})
		}
		check(t, "request 6", "a", want{flowmock.ResourceThrottled, 0, 200, ms(time.Second), "1"})
	})
	t.Run("another session has its own bucket", func(t *testing.T) {
		check(t, "b's first", "b", want{"", 4, 0, ms(200 * time.Millisecond), ""})
	})
	t.Run("refill", func(t *testing.T) {
		now = start.Add(200 * time.Millisecond) // exactly one token back
		check(t, "after 200ms", "a", want{"", 0, 200, ms(1200 * time.Millisecond), ""})
		check(t, "again", "a", want{flowmock.ResourceThrottled, 0, 200, ms(1200 * time.Millisecond), "1"})
		now = start.Add(300 * time.Millisecond) // half a token
		check(t, "after 300ms", "a", want{flowmock.ResourceThrottled, 0, 100, ms(1200 * time.Millisecond), "1"})
	})
	t.Run("the bucket holds burst at most", func(t *testing.T) {
		now = start.Add(time.Hour)
		for i := range 5 {
			check(t, fmt.Sprintf("request %d", i+1), "a", want{"", 4 - i, timeLeft(i), ms(time.Hour + time.Duration(i+1)*200*time.Millisecond), ""})
		}
		check(t, "request 6", "a", want{flowmock.ResourceThrottled, 0, 200, ms(time.Hour + time.Second), "1"})
	})
	t.Run("reset refills", func(t *testing.T) {
		e.state("a").Reset()
		check(t, "after Reset", "a", want{"", 4, 0, ms(time.Hour + 200*time.Millisecond), ""})
	})
}

func TestRateLimitSlow(t *testing.T) {
	e := newEngine(t, 1, `
name: slow-limit
rules:
  - name: one-a-minute
    rate_limit: {rate: 1/m}
    error: InternalServerError
    message: quota
  - name: rest
    every: 2
    error: FlowNotExists
`)
	now := time.UnixMilli(1_000_000)
	e.freeze(&now)
	d := decide(t, e, "slow-limit", list("f", "s"))
	if d.Rule != "" || d.Header.Get(scenarios.HeaderRateLimit) != "Limit:1,Remain:0,TimeLeft:60000,Reset:1060000" {
		t.Errorf("first = %v %v, want served with the rate-limit header", d, d.Header)
	}
	d = decide(t, e, "slow-limit", list("f", "s"))
	if d.Error != flowmock.InternalServerError || d.Message != "quota" || d.Header.Get("Retry-After") != "60" {
		t.Errorf("second = %v %v, want InternalServerError 'quota' with Retry-After 60", d, d.Header)
	}
	now = now.Add(time.Minute)
	// The token is back. Requests 1 and 3 passed the limit, so they are the first and second
	// that the next rule counts: it fires on 3, and the answer still carries the limit's header.
	d = decide(t, e, "slow-limit", list("f", "s"))
	if d.Error != flowmock.FlowNotExists || d.Header.Get(scenarios.HeaderRateLimit) != "Limit:1,Remain:0,TimeLeft:60000,Reset:1120000" {
		t.Errorf("third = %v %v, want FlowNotExists from the next rule with the rate-limit header", d, d.Header)
	}
}

// TestState checks that a session's state is all in its State: the engine keeps none, so a
// fresh or reset State replays a session's start, whatever other states did on the engine.
func TestState(t *testing.T) {
	const file = `
name: mixed
rules:
  - name: first
    steps: [{times: 2, error: ResourceThrottled}]
  - name: flaky
    probability: 0.5
    error: InternalServerError
    latency: {distribution: uniform, min: 0s, max: 1s}
`
	e := newEngine(t, 3, file).Engine
	run := func(e *scenarios.Engine, st *scenarios.State, session string) []string {
		var out []string
		for range 20 {
			d, err := e.DecideIn(st, "mixed", list("f", session))
			if err != nil {
				t.Fatalf("DecideIn: %v", err)
			}
			out = append(out, fmt.Sprintf("%s %s %s", d.Rule, d.Error, d.Delay))
		}
		return out
	}
	a, b := new(scenarios.State), new(scenarios.State)
	first := run(e, a, "a")
	bFirst := run(e, b, "b")

	tests := []struct {
		name  string
		state func() *scenarios.State // the state session a goes on with
		want  []string
	}{
		{"a fresh state replays the start", func() *scenarios.State { return new(scenarios.State) }, first},
		{"Reset replays the start", func() *scenarios.State { a.Reset(); return a }, first},
		{"a used state goes on", func() *scenarios.State { return a }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(e, tt.state(), "a")
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("session a decided\n%v\nwant the same as its start\n%v", got, tt.want)
			}
			if tt.want == nil && slices.Equal(got[:2], first[:2]) {
				t.Errorf("a used state started over: %v", got[:2])
			}
		})
	}
	t.Run("another session's reset leaves b", func(t *testing.T) {
		if more := run(e, b, "b"); slices.Equal(more[:2], bFirst[:2]) {
			t.Errorf("session b started over: %v", more[:2])
		}
	})
	t.Run("a state starts over on another engine (a reload)", func(t *testing.T) {
		if got := run(newEngine(t, 3, file).Engine, b, "b"); !slices.Equal(got, bFirst) {
			t.Errorf("with a new engine, session b decided\n%v\nwant its start\n%v", got, bFirst)
		}
	})
	t.Run("the default session", func(t *testing.T) {
		unnamed, named := run(e, new(scenarios.State), ""), run(e, new(scenarios.State), scenarios.DefaultSession)
		if !slices.Equal(unnamed, named) {
			t.Errorf(`session "" decided\n%v\nwant as %q\n%v`, unnamed, scenarios.DefaultSession, named)
		}
	})
}

func TestUnknownScenario(t *testing.T) {
	e := defaultEngine(t, 1)
	if _, err := e.DecideIn(new(scenarios.State), "nope", list("f", "s")); !errors.Is(err, scenarios.ErrUnknownScenario) {
		t.Errorf("DecideIn(nope) = %v, want ErrUnknownScenario", err)
	}
	if e.Scenario("nope") != nil || e.Scenario("throttled") == nil {
		t.Error("Scenario lookup is wrong")
	}
	var names []string
	for _, s := range e.Scenarios() {
		names = append(names, s.Name)
	}
	if !slices.IsSorted(names) {
		t.Errorf("Scenarios() = %v, want sorted by name", names)
	}
}

func TestNewEngine(t *testing.T) {
	valid := &scenarios.Scenario{Name: "go-built", Rules: []scenarios.Rule{
		{Name: "half", Probability: new(0.5), Response: scenarios.Response{Error: flowmock.InternalServerError}},
	}}
	tests := []struct {
		name    string
		scs     []*scenarios.Scenario
		wantErr string
	}{
		{"built in Go", []*scenarios.Scenario{valid}, ""},
		{"duplicate", []*scenarios.Scenario{valid, valid}, `scenarios: duplicate scenario "go-built" (built in Go and built in Go)`},
		{"duplicate of a file", []*scenarios.Scenario{{Name: "go-built", File: "mine/x.yaml", Rules: valid.Rules}, valid},
			`scenarios: duplicate scenario "go-built" (mine/x.yaml and built in Go)`},
		{"invalid", []*scenarios.Scenario{{Name: "bad", Rules: []scenarios.Rule{
			{Name: "r", Probability: new(2.0), Response: scenarios.Response{Error: flowmock.InternalServerError}},
			{Name: "s"},
		}}}, `scenarios: scenario "bad": rules[0].probability: must be between 0 and 1, got 2
scenarios: scenario "bad": rules[1]: needs an answer: error, respond, fault or latency`},
		{"unknown fault", []*scenarios.Scenario{{Name: "bad", Rules: []scenarios.Rule{
			{Name: "r", Response: scenarios.Response{Fault: &scenarios.FaultSpec{Type: "boom"}}},
		}}}, `scenarios: scenario "bad": rules[0].fault.type: unknown fault "boom"`},
		{"nil", []*scenarios.Scenario{nil}, "scenarios: nil scenario"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.NewEngine(tt.scs, 1, nil)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("NewEngine: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
				t.Errorf("NewEngine error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestDefaultScenarios(t *testing.T) {
	e := defaultEngine(t, 1)
	zero := time.UnixMilli(0)
	e.freeze(&zero)
	tests := []struct {
		scenario string
		want     []string // Decision.String() of the first requests of a session
	}{
		{"throttled", []string{"throttled/all: ResourceThrottled", "throttled/all: ResourceThrottled"}},
		{"flow-missing", []string{"flow-missing/no-flow: FlowNotExists", "flow-missing/no-flow: FlowNotExists"}},
		{"fail-then-recover", []string{"fail-then-recover/first-two#1: InternalServerError", "fail-then-recover/first-two#1: InternalServerError", "serve"}},
		{"reset-then-recover", []string{"reset-then-recover/first#1: data, fault reset", "serve"}},
		{"broken-wire", []string{
			"broken-wire/rotate#1: data, fault reset", "broken-wire/rotate#2: data, fault empty",
			"broken-wire/rotate#3: data, fault truncate", "broken-wire/rotate#4: data, fault malformed",
			"broken-wire/rotate#1: data, fault reset",
		}},
		{"slow-body", []string{"slow-body/dribble: data, fault dribble"}},
		{"hang", []string{"hang/hold: data, after 5m0s"}},
		{"rate-limited", []string{"serve", "serve", "serve", "serve", "serve", "rate-limited/five-per-second: ResourceThrottled"}},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			var got []string
			for range tt.want {
				got = append(got, decide(t, e, tt.scenario, list("demo_flow", "s")).String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("decisions =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
	t.Run("flow-missing only for ListExecutions", func(t *testing.T) {
		if d := decide(t, e, "flow-missing", scenarios.Request{Action: "DescribeFlow"}); d.Rule != "" {
			t.Errorf("DescribeFlow = %v, want serve", d)
		}
	})
	t.Run("broken-wire faults break the wire", func(t *testing.T) {
		for range 4 {
			if d := decide(t, e, "broken-wire", list("demo_flow", "w")); d.Fault.IsZero() || !d.Fault.BreaksWire() {
				t.Errorf("%v: want a wire-breaking fault", d)
			}
		}
	})
}

// TestConcurrentSessions runs 64 sessions in parallel on one engine; each must see exactly the
// sequence it sees alone.
func TestConcurrentSessions(t *testing.T) {
	const (
		file = `
name: busy
rules:
  - name: first
    match: {params: {FlowName: demo_flow}}
    steps: [{times: 2, error: ResourceThrottled}]
  - name: third
    every: 3
    error: InternalServerError
  - name: limit
    rate_limit: {rate: 1/s, burst: 20}
  - name: flaky
    probability: 0.3
    fault: {type: reset}
  - name: slow
    latency: {distribution: lognormal, median: 100ms, sigma: 0.5}
`
		sessions = 64
		requests = 200
	)
	fixed := time.UnixMilli(1_767_225_600_000)
	run := func(e *engine, session string) []string {
		out := make([]string, requests)
		for i := range out {
			flow := "demo_flow"
			if i%2 == 1 {
				flow = "other"
			}
			d, err := e.decide("busy", list(flow, session))
			if err != nil {
				return []string{err.Error()}
			}
			out[i] = d.String() + " " + d.Header.Get(scenarios.HeaderRateLimit)
		}
		return out
	}

	want := make([][]string, sessions)
	for s := range sessions {
		e := newEngine(t, 9, file)
		e.freeze(&fixed)
		want[s] = run(e, fmt.Sprintf("session-%d", s))
	}

	e := newEngine(t, 9, file)
	e.freeze(&fixed)
	got := make([][]string, sessions)
	var wg sync.WaitGroup
	for s := range sessions {
		wg.Go(func() { got[s] = run(e, fmt.Sprintf("session-%d", s)) })
	}
	wg.Wait()
	for s := range sessions {
		if !slices.Equal(got[s], want[s]) {
			t.Errorf("session-%d decided differently under concurrency", s)
		}
	}
	if slices.Equal(want[0], want[1]) {
		t.Error("session-0 and session-1 decided identically: randomness is not per session")
	}
}

// TestEngineImmutable shares one engine between goroutines that decide in states of their
// own and in one shared state, and read its scenarios (the race detector watches); then a fresh
// state on it decides as on an engine never used: using an engine changes nothing in it.
func TestEngineImmutable(t *testing.T) {
	at := func() time.Time { return time.UnixMilli(1_767_225_600_000) }
	script := func(e *scenarios.Engine, st *scenarios.State, session string) []string {
		var out []string
		for _, sc := range e.Scenarios() {
			for range 8 {
				d, err := e.DecideIn(st, sc.Name, scenarios.Request{Action: "ListExecutions", Session: session})
				if err != nil {
					return []string{err.Error()}
				}
				out = append(out, d.String()+" "+d.Header.Get(scenarios.HeaderRateLimit))
			}
		}
		return out
	}
	e := defaultEngine(t, 5).WithClock(at)
	shared := new(scenarios.State)
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			script(e, new(scenarios.State), fmt.Sprintf("w%d", w))
			script(e, shared, "shared")
			if e.Scenario("throttled") == nil {
				t.Error(`Scenario("throttled") = nil while deciding`)
			}
		})
	}
	wg.Wait()
	got, want := script(e, new(scenarios.State), "s"), script(defaultEngine(t, 5).WithClock(at), new(scenarios.State), "s")
	if !slices.Equal(got, want) {
		t.Errorf("a used engine decided\n%q\nwant as a new one\n%q", got, want)
	}
}

// TestConcurrentOneSession hammers a single session: order is up to the scheduler, but every
// request is counted exactly once.
func TestConcurrentOneSession(t *testing.T) {
	e := newEngine(t, 1, `
name: fourth
rules:
  - {name: r, every: 4, error: InternalServerError}
`)
	const workers, each = 16, 250
	var mu sync.Mutex
	fired := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				if d, _ := e.decide("fourth", list("f", "shared")); d.Error != "" {
					mu.Lock()
					fired++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if want := workers * each / 4; fired != want {
		t.Errorf("fired %d times, want %d", fired, want)
	}
}

// TestReadmeExample loads the example of README.md and checks what the text says of it.
func TestReadmeExample(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(b), "## An example\n\n```yaml\n")
	example, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("README.md has no example")
	}
	e := newEngine(t, 1, example)
	var throttled, failed, late int
	for i := range 2000 {
		flow := "demo_flow"
		if i%2 == 1 {
			flow = "other"
		}
		d := decide(t, e, "demo-flow-trouble", list(flow, "s"))
		switch {
		case i < 4 && flow == "demo_flow":
			if d.Error != flowmock.ResourceThrottled {
				t.Errorf("request %d for demo_flow = %v, want ResourceThrottled", i, d)
			}
			throttled++
		case d.Error == flowmock.InternalServerError:
			if d.Delay != 0 {
				t.Errorf("request %d = %v: a 500 from the flaky rule has a delay", i, d)
			}
			failed++
		case d.Error == "":
			if d.Delay <= 0 || d.Delay > 3*time.Second {
				t.Errorf("request %d = %v, want a delay in (0, 3s]", i, d)
			}
			late++
		default:
			t.Errorf("request %d = %v", i, d)
		}
	}
	if throttled != 2 || failed < 130 || failed > 270 { // ~10% of 1998, ±4σ ≈ ±54 (wider for safety)
		t.Errorf("throttled %d (want 2), failed %d (want about 200), late %d", throttled, failed, late)
	}
}
