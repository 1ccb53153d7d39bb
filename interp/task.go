package interp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/flowmock/flowmock/fdl"
)

// call runs one invocation with its Task events and returns the task's result, also as
// JSON. in is inv.Input decoded, or nil.
func (r *runner) call(ctx context.Context, inv *Invocation, in map[string]any, entered int64) (map[string]any, []byte, error) {
	var params []byte
	if inv.Parameters != nil {
		params, _ = encode(inv.Parameters)
	}
	scheduled := r.e.record(EventTaskScheduled, inv.State, entered, textField("resource", inv.Action),
		jsonField("input", inv.Input), jsonField("parameters", params), textField("taskToken", inv.Token))
	r.e.record(EventTaskStarted, inv.State, scheduled)
	res, timedOut, err := r.invoke(ctx, inv)
	var out map[string]any
	shape := ""
	if errors.Is(err, ErrUnmocked) {
		out, shape, err = unmocked(r.def.Dialect, inv, in)
	} else if err == nil {
		if out, err = decodeObject(res); err != nil {
			err = &TaskError{ErrRuntime, fmt.Sprintf("the result of task %s is not a JSON object: %v", inv.State, err)}
		}
	}
	if se := taskError(err); se != nil {
		typ := EventTaskFailed
		if timedOut {
			typ = EventTaskTimedOut
		}
		r.e.record(typ, inv.State, scheduled, errorFields(se.Code, se.Cause)...)
		return nil, nil, se
	}
	if err != nil {
		return nil, nil, err
	}
	data, err := r.payload(out, "the result of task ", inv.State)
	if err != nil {
		return nil, nil, err
	}
	fs, n := succeededFields(data, shape)
	r.e.record(EventTaskSucceeded, inv.State, scheduled, fs[:n]...)
	return out, data, nil
}

// taskError is the *TaskError err is or wraps, nil for none.
func taskError(err error) *TaskError {
	if se, ok := err.(*TaskError); ok || err == nil {
		return se
	}
	var se *TaskError
	errors.As(err, &se)
	return se
}

// retryRule is one Retry rule of either dialect: the errors it matches, how many retries
// it allows, the first wait, the factor each next wait is multiplied by, and its cap
// (0: none).
type retryRule struct {
	errors []string
	max    int
	first  time.Duration
	rate   float64
	cap    time.Duration
}

// newRetryRules converts new-dialect Retry rules.
func newRetryRules(rs []fdl.Retry) []retryRule {
	out := make([]retryRule, len(rs))
	for i, rr := range rs {
		out[i] = retryRule{errors: rr.Errors, max: rr.MaxAttempts, rate: rr.BackoffRate,
			first: time.Duration(rr.IntervalSeconds) * time.Second,
			cap:   time.Duration(rr.MaxBackoffSeconds) * time.Second}
	}
	return out
}

// oldRetryRules converts old-dialect retry rules.
func oldRetryRules(rs []fdl.StepRetry) []retryRule {
	out := make([]retryRule, len(rs))
	for i, rr := range rs {
		out[i] = retryRule{errors: rr.Errors, max: rr.MaxAttempts, rate: rr.Multiplier,
			first: time.Duration(rr.IntervalSeconds) * time.Second,
			cap:   time.Duration(rr.MaxIntervalSeconds) * time.Second}
	}
	return out
}

// wait is the wait before the retry that follows n earlier retries by this rule:
// first × rate^n, at most cap. A rate ≤ 0 counts as 1 (a constant interval).
func (rr retryRule) wait(n int) time.Duration {
	rate := rr.rate
	if rate <= 0 {
		rate = 1
	}
	d := float64(rr.first) * math.Pow(rate, float64(n))
	if rr.cap > 0 && d > float64(rr.cap) {
		return rr.cap
	}
	if d > float64(math.MaxInt64) {
		return math.MaxInt64
	}
	return time.Duration(d)
}

// matches says whether a rule listing errors matches code.
func matches(errors []string, code string) bool {
	return slices.Contains(errors, code) || slices.Contains(errors, ErrAll)
}

// retry runs attempt until it succeeds, or fails with an error no rule retries: the first
// rule that matches the error retries it, up to its max retries, after its wait on the
// clock. attempt gets the number of retries so far ($Context.Current.RetryCount).
func (r *runner) retry(ctx context.Context, rules []retryRule, attempt func(retries int) (map[string]any, error)) (map[string]any, error) {
	used := make([]int, len(rules))
	for retries := 0; ; retries++ {
		out, err := attempt(retries)
		se := taskError(err)
		if se == nil {
			return out, err
		}
		i := slices.IndexFunc(rules, func(rr retryRule) bool { return matches(rr.errors, se.Code) })
		if i < 0 || used[i] >= rules[i].max {
			return nil, se
		}
		d := rules[i].wait(used[i])
		used[i]++
		if err := r.sleep(ctx, d); err != nil {
			return nil, err
		}
	}
}
