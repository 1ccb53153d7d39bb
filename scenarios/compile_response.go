package scenarios

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/fault"
)

func (r *Response) empty() bool {
	return r.Error == "" && r.Message == "" && r.Respond == "" && r.Fault == nil && r.Latency == nil
}

// noResponse reports the response fields of a rule that answers from its steps.
func (c *checker) noResponse(path string, r *Response) {
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"error", r.Error != ""}, {"message", r.Message != ""}, {"respond", r.Respond != ""},
		{"fault", r.Fault != nil}, {"latency", r.Latency != nil},
	} {
		if f.set {
			c.fail(path+"."+f.name, "a rule with steps answers from its steps: move %s into a step", f.name)
		}
	}
}

func (c *checker) response(path string, r *Response) response {
	var out response
	if r.empty() {
		c.fail(path, "needs an answer: error, respond, fault or latency")
		return out
	}
	if r.Error != "" {
		if _, ok := c.codes[r.Error]; c.codes != nil && !ok {
			c.fail(path+".error", "%q is not an error code of the contract (known: %s)", r.Error, c.knownCodes())
		}
		out.code = r.Error
	}
	if r.Message != "" && r.Error == "" {
		c.fail(path+".message", "only with error")
	}
	out.msg = r.Message
	switch r.Respond {
	case "", "data":
		out.data = DataDefault
	case DataFixtures, DataFake:
		out.data = r.Respond
	default:
		c.fail(path+".respond", "must be data, fixtures or fake, got %q", r.Respond)
	}
	if r.Respond != "" && r.Error != "" {
		c.fail(path+".respond", "cannot be combined with error: an answer is an error or data")
	}
	if r.Fault != nil {
		out.fault = fault.Of(c.fault(path+".fault", r.Fault))
	}
	if r.Latency != nil {
		out.latency = c.latency(path+".latency", r.Latency)
	}
	return out
}

// action checks that a rule's action is one the contract declares, when the contract is
// being checked (a misspelt action would never match).
func (c *checker) action(path, name string) {
	if name == "" || c.codes == nil {
		return
	}
	con, err := contract.Load()
	if err != nil {
		c.fail(path, "%v", err)
		return
	}
	if _, ok := con.Action(name); !ok {
		c.fail(path, "%q is not an action of the contract (known: %s)", name, strings.Join(con.Names(), ", "))
	}
}

func (c *checker) knownCodes() string {
	var names []string
	for code := range c.codes {
		names = append(names, string(code))
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

func faultNames() string {
	var names []string
	for _, k := range fault.Kinds() {
		names = append(names, k.Name)
	}
	return strings.Join(names, ", ")
}

func (c *checker) fault(path string, spec *FaultSpec) fault.Fault {
	if spec.Type == "" {
		c.fail(path+".type", "required: one of %s", faultNames())
		return nil
	}
	var attrs json.RawMessage
	if spec.Attributes != nil {
		b, err := json.Marshal(spec.Attributes)
		if err != nil {
			c.fail(path+".attributes", "%v", err)
			return nil
		}
		attrs = b
	}
	f, err := fault.Decode(spec.Type, attrs)
	if err == nil {
		return f
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, err := range errs {
		var ae *fault.AttrError
		switch {
		case errors.Is(err, fault.ErrUnknown):
			c.fail(path+".type", "unknown fault %q (known: %s)", spec.Type, faultNames())
		case errors.As(err, &ae):
			c.fail(path+".attributes."+ae.Attr, "%v", ae.Err)
		default:
			c.fail(path+".attributes", "%v", err)
		}
	}
	return nil
}

func (c *checker) latency(path string, l *Latency) *latency {
	out := &latency{
		dist:  l.Distribution,
		value: time.Duration(l.Value), min: time.Duration(l.Min), max: time.Duration(l.Max),
		median: time.Duration(l.Median), sigma: l.Sigma,
	}
	if out.dist == "" {
		out.dist = "fixed"
	}
	unused := func(field string, set bool) {
		if set {
			c.fail(path+"."+field, "not used by the %s distribution", out.dist)
		}
	}
	switch out.dist {
	case "fixed":
		if out.value <= 0 {
			c.fail(path+".value", "required: the delay, such as 200ms")
		}
		unused("min", l.Min != 0)
		unused("max", l.Max != 0)
		unused("median", l.Median != 0)
		unused("sigma", l.Sigma != 0)
	case "uniform":
		if out.min < 0 {
			c.fail(path+".min", "must not be negative")
		}
		if out.max <= out.min {
			c.fail(path+".max", "must be greater than min (%s), got %s", out.min, out.max)
		}
		unused("value", l.Value != 0)
		unused("median", l.Median != 0)
		unused("sigma", l.Sigma != 0)
	case "lognormal":
		if out.median <= 0 {
			c.fail(path+".median", "required: the median delay, such as 200ms")
		}
		if !(out.sigma > 0) {
			c.fail(path+".sigma", "required: a positive spread, such as 0.5")
		}
		if out.max != 0 && out.max < out.median {
			c.fail(path+".max", "must be at least the median (%s), got %s", out.median, out.max)
		}
		unused("value", l.Value != 0)
		unused("min", l.Min != 0)
	default:
		c.fail(path+".distribution", "must be fixed, uniform or lognormal, got %q", l.Distribution)
	}
	return out
}

func (c *checker) rateLimit(path string, rl *RateLimit, cr *rule) {
	r, ok := rl.Rate, true
	switch {
	case r.Count < 1 || r.Per <= 0:
		c.fail(path+".rate", "required: COUNT/PERIOD such as \"5/s\"")
		ok = false
	case r.Count > maxRateCount:
		c.fail(path+".rate", "the count must be at most %d, got %d", maxRateCount, r.Count)
		ok = false
	case r.Per > maxRatePer:
		c.fail(path+".rate", "the period must be at most %s, got %s", maxRatePer, r.Per)
		ok = false
	}
	burst := int64(r.Count)
	if rl.Burst != nil {
		burst = int64(*rl.Burst)
		if burst < 1 {
			c.fail(path+".burst", "must be at least 1, got %d", burst)
			ok = false
		} else if burst > maxRateCount {
			c.fail(path+".burst", "must be at most %d, got %d", maxRateCount, burst)
			ok = false
		}
	}
	if !ok {
		return
	}
	if burst > math.MaxInt64/4/int64(r.Per) { // keeps the bucket's arithmetic within int64
		c.fail(path+".burst", "too large for a period of %s", r.Per)
		return
	}
	cr.count, cr.per, cr.burst = int64(r.Count), int64(r.Per), burst
	cr.capacity = burst * cr.per
}
