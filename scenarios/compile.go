package scenarios

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fault"
)

// The data sources a Decision can ask for.
const (
	DataDefault  = ""         // the server's configured source
	DataFixtures = "fixtures" // the fixture files only
	DataFake     = "fake"     // the faker only
)

var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Limits that keep the token-bucket arithmetic within int64.
const (
	maxRateCount = 1_000_000
	maxRatePer   = 24 * time.Hour
)

// program is a validated scenario, ready to run. It is never modified after compile.
type program struct {
	sc    *Scenario
	rules []*rule
}

type trigger int

const (
	always  trigger = iota // no trigger: fires on every matching request
	stepped                // steps
	everyN                 // every
	chance                 // probability
	bucket                 // rate_limit
)

type rule struct {
	label   string // "scenario/rule"
	action  string
	params  []param
	trigger trigger
	resp    response

	steps []step
	total uint64 // requests answered by all steps
	loop  bool

	every uint64
	p     float64

	// The token bucket counts credit in units where one token is per units and count units
	// come back every nanosecond: integer arithmetic, exact under a fake clock.
	count, per, burst, capacity int64
}

type param struct{ key, value string }

type step struct {
	upto  uint64 // the step answers the requests numbered up to upto (from 1)
	label string // "scenario/rule#N"
	resp  response
}

type response struct {
	code    flowmock.Code
	msg     string
	data    string
	fault   fault.Spec
	latency *latency
}

// latency is a validated Latency.
type latency struct {
	dist                    string
	value, min, max, median time.Duration
	sigma                   float64
}

// sample draws one delay from rnd.
func (l *latency) sample(rnd *rand.Rand) time.Duration {
	switch l.dist {
	case "uniform":
		return l.min + time.Duration(rnd.Int64N(int64(l.max-l.min)+1))
	case "lognormal":
		d := float64(l.median) * math.Exp(l.sigma*rnd.NormFloat64())
		if l.max > 0 && d > float64(l.max) {
			return l.max
		}
		if d >= math.MaxInt64 {
			return math.MaxInt64
		}
		return time.Duration(d)
	}
	return l.value
}

// A problem is one thing wrong with a scenario, at a field path such as "rules[0].probability"
// ("" is the whole scenario).
type problem struct {
	path string
	msg  string
}

// checker collects the problems of one scenario.
type checker struct {
	codes    map[flowmock.Code]int // nil: the contract's catalogue is not checked
	problems []problem
}

func (c *checker) fail(path, format string, args ...any) {
	c.problems = append(c.problems, problem{path: path, msg: fmt.Sprintf(format, args...)})
}

// compile validates s and builds its program. codes is the contract's error catalogue; nil
// skips the catalogue check (scenarios built in Go, already checked, or tests).
func compile(s *Scenario, codes map[flowmock.Code]int) (*program, []problem) {
	c := &checker{codes: codes}
	p := &program{sc: s}
	c.name("name", s.Name)
	if len(s.Rules) == 0 {
		c.fail("rules", "a scenario needs at least one rule")
	}
	seen := make(map[string]int)
	for i := range s.Rules {
		r := &s.Rules[i]
		path := fmt.Sprintf("rules[%d]", i)
		c.name(path+".name", r.Name)
		if j, dup := seen[r.Name]; dup && r.Name != "" {
			c.fail(path+".name", "duplicate rule name %q (also rules[%d])", r.Name, j)
		} else {
			seen[r.Name] = i
		}
		p.rules = append(p.rules, c.rule(s.Name, path, r))
	}
	return p, c.problems
}

func (c *checker) name(path, name string) {
	switch {
	case name == "":
		c.fail(path, "required")
	case len(name) > 64:
		c.fail(path, "at most 64 characters, got %d", len(name))
	case !namePattern.MatchString(name):
		c.fail(path, "use letters, digits, '.', '_' and '-', starting with a letter or digit; got %q", name)
	}
}

func (c *checker) rule(scenario, path string, r *Rule) *rule {
	cr := &rule{label: scenario + "/" + r.Name}
	if m := r.Match; m != nil {
		cr.action = m.Action
		c.action(path+".match.action", m.Action)
		for _, k := range slices.Sorted(maps.Keys(m.Params)) {
			if k == "" {
				c.fail(path+".match.params", "a parameter name is empty")
			}
			cr.params = append(cr.params, param{k, m.Params[k]})
		}
	}

	c.oneTrigger(path, r)

	switch {
	case r.Steps != nil:
		c.steps(path, r, cr)
	case r.Every != nil:
		cr.trigger, cr.every = everyN, 1
		if *r.Every < 1 {
			c.fail(path+".every", "must be at least 1, got %d", *r.Every)
		} else {
			cr.every = uint64(*r.Every)
		}
		cr.resp = c.response(path, &r.Response)
	case r.Probability != nil:
		cr.trigger, cr.p = chance, *r.Probability
		if p := *r.Probability; !(p >= 0 && p <= 1) {
			c.fail(path+".probability", "must be between 0 and 1, got %v", p)
		}
		cr.resp = c.response(path, &r.Response)
	case r.RateLimit != nil:
		cr.trigger = bucket
		c.rateLimit(path+".rate_limit", r.RateLimit, cr)
		if r.Response.empty() {
			if _, ok := c.codes[flowmock.ResourceThrottled]; c.codes != nil && !ok {
				c.fail(path+".rate_limit", "answers %s, which the contract does not declare; set error", flowmock.ResourceThrottled)
			}
			cr.resp = response{code: flowmock.ResourceThrottled}
		} else {
			cr.resp = c.response(path, &r.Response)
		}
	default:
		cr.trigger = always
		cr.resp = c.response(path, &r.Response)
	}
	return cr
}

// oneTrigger checks that r has at most one trigger, and loop only with steps.
func (c *checker) oneTrigger(path string, r *Rule) {
	var triggers []string
	if r.Steps != nil {
		triggers = append(triggers, "steps")
	}
	if r.Every != nil {
		triggers = append(triggers, "every")
	}
	if r.Probability != nil {
		triggers = append(triggers, "probability")
	}
	if r.RateLimit != nil {
		triggers = append(triggers, "rate_limit")
	}
	if len(triggers) > 1 {
		c.fail(path, "choose one trigger, not %s", strings.Join(triggers, " and "))
	}
	if r.Loop && r.Steps == nil {
		c.fail(path+".loop", "only for a rule with steps")
	}
}

// steps compiles the steps of r into cr.
func (c *checker) steps(path string, r *Rule, cr *rule) {
	cr.trigger, cr.loop = stepped, r.Loop
	if len(r.Steps) == 0 {
		c.fail(path+".steps", "needs at least one step")
	}
	c.noResponse(path, &r.Response)
	for j := range r.Steps {
		st := &r.Steps[j]
		sp := fmt.Sprintf("%s.steps[%d]", path, j)
		times := 1
		if st.Times != nil {
			if *st.Times < 1 {
				c.fail(sp+".times", "must be at least 1, got %d", *st.Times)
			} else {
				times = *st.Times
			}
		}
		cr.total += uint64(times)
		cr.steps = append(cr.steps, step{
			upto:  cr.total,
			label: fmt.Sprintf("%s#%d", cr.label, j+1),
			resp:  c.response(sp, &st.Response),
		})
	}
}
