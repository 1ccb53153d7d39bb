package scenarios

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fault"
)

// DefaultSession is the session of requests that name none (no X-Mock-Session). Request
// Session "" means this session.
const DefaultSession = "default"

// HeaderRateLimit is the rate-limit header of Alibaba Cloud's gateway,
// "Limit:10,Remain:0,TimeLeft:1500,Reset:1767225600000": the bucket size, the tokens left, the
// milliseconds until the next token, and the Unix time in milliseconds at which the bucket is
// full again. The Darabonba SDKs read TimeLeft from it.
const HeaderRateLimit = "X-Ratelimit-User-Api"

// ErrUnknownScenario is returned (wrapped) by DecideIn for a scenario the engine does not hold.
var ErrUnknownScenario = errors.New("scenarios: unknown scenario")

// Request is what rules match on.
type Request struct {
	Action  string     // the API action, such as ListExecutions
	Params  url.Values // the merged, decoded API parameters (query and form body)
	Session string     // X-Mock-Session; "" is DefaultSession
}

// Decision is how to answer one request. The zero Decision (apart from Header) means "serve
// normally". The parts combine, in this order: wait Delay (ending early if the client goes
// away), build the response (the Error envelope if Error is set, else data from Data's source),
// add Header, then write it through Fault if Fault is set, or normally.
type Decision struct {
	// Scenario and Rule name what answered, "" when no rule fired. Rule is "scenario/rule",
	// or "scenario/rule#N" for the Nth step of a rule with steps.
	Scenario, Rule string

	// Error, if set, is the documented error to answer with; the contract gives its status,
	// message and envelope.
	Error flowmock.Code

	// Message, if set, replaces the documented message of Error.
	Message string

	// Data is the data source to serve from when Error is empty: DataDefault (""), DataFixtures
	// or DataFake.
	Data string

	// Delay is the latency to wait before answering, already sampled.
	Delay time.Duration

	// Fault, unless zero, is the fault the server applies (fault.Apply) to the response instead
	// of the normal write. Responses whose Fault.BreaksWire() are exempt from contract
	// validation.
	Fault fault.Spec

	// Header holds extra response headers: HeaderRateLimit on every request a rate limit
	// counted, and Retry-After when it refused one.
	Header http.Header
}

// Engine holds compiled scenarios. It is immutable once NewEngine returns, and shared by
// every session, like a parsed text/template: the state of the triggers (step and every-N
// counters, token buckets, a random source) lives in a State per session, owned by the caller
// (the server keeps it in the session), like a template's execution state. Randomness for
// (session, scenario) comes from a PCG seeded with the engine's seed and a hash of both names,
// so the same seed and the same requests in a session give the same decisions, whatever other
// sessions do. An Engine is safe for concurrent use; there is no global state.
type Engine struct {
	seed      uint64
	scenarios []*Scenario // sorted by name
	programs  map[string]*program
	now       func() time.Time // the clock of rate limits
}

// run is the state of one scenario in one session.
type run struct {
	rnd   *rand.Rand
	rules []ruleState // parallel to program.rules
}

type ruleState struct {
	seen    uint64 // matching requests that reached the rule (steps, every)
	started bool   // the bucket has been filled
	credit  int64  // the bucket's content, in the units of rule.capacity
	last    time.Time
}

// NewEngine returns an engine for scs, which must have distinct names. Scenarios built in Go
// are validated here like files. codes (code → HTTP status, the contract's error catalogue)
// checks every error code a rule answers with; nil skips that check (Load has already made
// it for scenarios from files). seed drives every random choice.
func NewEngine(scs []*Scenario, seed uint64, codes map[flowmock.Code]int) (*Engine, error) {
	e := &Engine{seed: seed, programs: make(map[string]*program, len(scs)), now: time.Now}
	var errs []error
	for _, s := range scs {
		if s == nil {
			errs = append(errs, errors.New("scenarios: nil scenario"))
			continue
		}
		if prev, dup := e.programs[s.Name]; dup {
			errs = append(errs, fmt.Errorf("scenarios: duplicate scenario %q (%s and %s)", s.Name, origin(prev.sc), origin(s)))
			continue
		}
		p, problems := compile(s, codes)
		for _, pr := range problems {
			errs = append(errs, fmt.Errorf("scenarios: scenario %q: %s: %s", s.Name, pr.path, pr.msg))
		}
		e.programs[s.Name] = p
		e.scenarios = append(e.scenarios, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(e.scenarios, func(i, j int) bool { return e.scenarios[i].Name < e.scenarios[j].Name })
	return e, nil
}

// origin says where a scenario comes from, for messages.
func origin(s *Scenario) string {
	if s.File == "" {
		return "built in Go"
	}
	return s.File
}

// WithClock returns an engine with e's scenarios and seed whose rate limits read now instead
// of time.Now (tests freeze or move it). e is unchanged; a State starts over with the copy.
func (e *Engine) WithClock(now func() time.Time) *Engine {
	c := *e
	c.now = now
	return &c
}

// Scenarios returns the engine's scenarios, sorted by name.
func (e *Engine) Scenarios() []*Scenario { return slices.Clone(e.scenarios) }

// Scenario returns the scenario named name, or nil.
func (e *Engine) Scenario(name string) *Scenario {
	if p := e.programs[name]; p != nil {
		return p.sc
	}
	return nil
}

// decide runs the rules in order; the state's lock is held.
func (e *Engine) decide(p *program, r *run, req *Request) Decision {
	var header http.Header
	for i, ru := range p.rules {
		if !ru.matches(req) {
			continue
		}
		st := &r.rules[i]
		switch ru.trigger {
		case always:
			return r.answer(p, ru.label, &ru.resp, header)
		case stepped:
			if ru.loop && st.seen == ru.total {
				st.seen = 0
			}
			if st.seen >= ru.total {
				continue // used up
			}
			st.seen++
			j, _ := slices.BinarySearchFunc(ru.steps, st.seen, func(s step, n uint64) int {
				if s.upto < n {
					return -1
				}
				return 0
			})
			return r.answer(p, ru.steps[j].label, &ru.steps[j].resp, header)
		case everyN:
			st.seen++
			if st.seen == ru.every {
				st.seen = 0
				return r.answer(p, ru.label, &ru.resp, header)
			}
		case chance:
			if r.rnd.Float64() < ru.p {
				return r.answer(p, ru.label, &ru.resp, header)
			}
		case bucket:
			now := e.now()
			ok, remain, wait, full := st.take(ru, now)
			if header == nil {
				header = make(http.Header)
			}
			header.Set(HeaderRateLimit, fmt.Sprintf("Limit:%d,Remain:%d,TimeLeft:%d,Reset:%d",
				ru.burst, remain, ceilDiv(int64(wait), int64(time.Millisecond)), now.Add(full).UnixMilli()))
			if !ok {
				header.Set("Retry-After", strconv.FormatInt(max(ceilDiv(int64(wait), int64(time.Second)), 1), 10))
				return r.answer(p, ru.label, &ru.resp, header)
			}
		}
	}
	return Decision{Header: header}
}

func (r *run) answer(p *program, label string, resp *response, header http.Header) Decision {
	d := Decision{
		Scenario: p.sc.Name,
		Rule:     label,
		Error:    resp.code,
		Message:  resp.msg,
		Data:     resp.data,
		Fault:    resp.fault,
		Header:   header,
	}
	if resp.latency != nil {
		d.Delay = resp.latency.sample(r.rnd)
	}
	return d
}

func (ru *rule) matches(req *Request) bool {
	if ru.action != "" && ru.action != req.Action {
		return false
	}
	for _, p := range ru.params {
		if req.Params.Get(p.key) != p.value {
			return false
		}
	}
	return true
}

// take refills the bucket for the time since the last request and takes a token if there is
// one. It returns whether it took one, the whole tokens left, the time until the next token
// (0 when one is left), and the time until the bucket is full.
func (st *ruleState) take(ru *rule, now time.Time) (ok bool, remain int64, wait, full time.Duration) {
	if !st.started {
		st.started, st.credit, st.last = true, ru.capacity, now
	}
	if elapsed := int64(now.Sub(st.last)); elapsed > 0 {
		if need := ru.capacity - st.credit; elapsed >= ceilDiv(need, ru.count) {
			st.credit = ru.capacity
		} else {
			st.credit += elapsed * ru.count
		}
		st.last = now
	}
	if st.credit >= ru.per {
		st.credit -= ru.per
		ok = true
	}
	remain = st.credit / ru.per
	if st.credit < ru.per {
		wait = time.Duration(ceilDiv(ru.per-st.credit, ru.count))
	}
	full = time.Duration(ceilDiv(ru.capacity-st.credit, ru.count))
	return ok, remain, wait, full
}

// ceilDiv returns ⌈a/b⌉ for a ≥ 0, b > 0.
func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// String describes the decision for logs, such as
// "throttle-then-recover/first-two#1: ResourceThrottled" or "serve" when no rule fired.
func (d Decision) String() string {
	if d.Rule == "" {
		return "serve"
	}
	answer := "data"
	switch {
	case d.Error != "":
		answer = string(d.Error)
	case d.Data != DataDefault:
		answer = "data from " + d.Data
	}
	parts := []string{answer}
	if d.Delay > 0 {
		parts = append(parts, "after "+d.Delay.String())
	}
	if !d.Fault.IsZero() {
		parts = append(parts, "fault "+d.Fault.Name())
	}
	return d.Rule + ": " + strings.Join(parts, ", ")
}
