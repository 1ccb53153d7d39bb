package interp

import (
	"context"
	"fmt"
	"time"

	"github.com/flowmock/flowmock/fdl"
)

// frame is what the expressions of one state see: $Input, $Output, $Item and
// $Context.Current.
type frame struct {
	r      *runner
	state  string
	input  map[string]any
	inData []byte // input as JSON, nil until encoded
	output any
	raw    map[string]any // the state's result before OutputConstructor
	// resData is a task's result as JSON (nil for other results), outData the output
	// outputOf made as JSON when it knew it without encoding (else nil).
	resData, outData []byte
	err              map[string]any // $Context.Current.Error: {Code, Detail}
	retries          int
	token            string
	item             any
}

// vars are the frame's variables, built as the expressions evaluated need them.
func (f *frame) vars() *vars { return &vars{f: *f} }

// env is the frame as the variables of an expression: $Context and $Global only when n
// needs them.
func (f *frame) env(n needs) map[string]any {
	env := map[string]any{"$Input": f.input, "$Output": f.output, "$Item": f.item}
	if n&needGlobal != 0 {
		env["$Global"] = f.r.globals.snapshot()
	}
	if n&needContext == 0 {
		return env
	}
	cur := map[string]any{"Name": f.state, "Input": f.input, "RetryCount": f.retries}
	if f.output != nil {
		cur["Output"] = f.output
	}
	if f.err != nil {
		cur["Error"] = f.err
	}
	if f.token != "" {
		cur["TaskToken"] = f.token
	}
	env["$Context"] = map[string]any{"Execution": f.r.executionContext(), "Current": cur}
	return env
}

// runScope runs the states of a scope from start until one ends it, and returns the
// scope's output. from is the event that opened the scope.
func (r *runner) runScope(ctx context.Context, states []*fdl.State, start string, input map[string]any, from int64) (map[string]any, error) {
	out, _, err := r.runScopeText(ctx, states, start, input, nil, from)
	return out, err
}

// runScopeText is runScope with the input as JSON, when known (else nil), that also
// returns the output as JSON, when known (else nil).
func (r *runner) runScopeText(ctx context.Context, states []*fdl.State, start string, input map[string]any, data []byte, from int64) (map[string]any, []byte, error) {
	name := start
	for {
		if ctx.Err() != nil {
			return nil, nil, errAborted
		}
		st := findState(states, name)
		if st == nil {
			return nil, nil, &TaskError{ErrRuntime, fmt.Sprintf("no state named %s in this scope", name)}
		}
		out, outData, next, exited, err := r.runState(ctx, st, input, data, from)
		if err != nil || next == "" {
			return out, outData, err
		}
		name, input, data, from = next, out, outData, exited
	}
}

// findState returns the state named name.
func findState(states []*fdl.State, name string) *fdl.State {
	for _, st := range states {
		if st.Name == name {
			return st
		}
	}
	return nil
}

// runState runs one state with its history events and Catch rules, and returns its output
// (and as JSON when known, else nil), the state that follows ("" when the scope ends) and
// the ID of its StepExited. inData is input as JSON, or nil.
func (r *runner) runState(ctx context.Context, st *fdl.State, input map[string]any, inData []byte, from int64) (out map[string]any, data []byte, next string, exited int64, err error) {
	f := &frame{r: r, state: st.Name, input: input, inData: inData}
	in, err := f.inputData()
	if err != nil {
		return nil, nil, "", 0, err
	}
	entered := r.e.record(EventStepEntered, st.Name, from, jsonField("input", in))
	out, data, next, err = r.stateBody(ctx, st, f, entered)
	if se := taskError(err); se != nil {
		r.e.record(EventStepFailed, st.Name, entered, errorFields(se.Code, se.Cause)...)
		exited = r.e.record(EventStepExited, st.Name, entered)
		c := catchRule(st.Catch, se.Code)
		if c == nil {
			return nil, nil, "", 0, se
		}
		out, err = r.caught(st, c, f, se)
		return out, nil, c.Next, exited, err
	}
	if err != nil {
		return nil, nil, "", 0, err
	}
	r.e.record(EventStepSucceeded, st.Name, entered, jsonField("output", data))
	exited = r.e.record(EventStepExited, st.Name, entered)
	return out, data, next, exited, nil
}

// inputData is the frame's input as JSON, encoded once.
func (f *frame) inputData() ([]byte, error) {
	if f.inData == nil {
		data, err := encode(f.input)
		if err != nil {
			return nil, &TaskError{ErrRuntime, err.Error()}
		}
		f.inData = data
	}
	return f.inData, nil
}

// stateBody runs what the state does: its InputConstructor, its type's work (with Retry),
// its OutputConstructor. It returns the output, encoded too, and the next state.
func (r *runner) stateBody(ctx context.Context, st *fdl.State, f *frame, entered int64) (map[string]any, []byte, string, error) {
	if st.InputConstructor != nil {
		in, err := r.exprs.construct(newPlain, st.InputConstructor, f.vars(), st.Name)
		if err != nil {
			return nil, nil, "", err
		}
		data, err := r.payload(in, "the input of state ", st.Name)
		if err != nil {
			return nil, nil, "", err
		}
		f.input, f.inData = in, data
	}
	next := st.Next
	var out map[string]any
	var err error
	switch st.Type {
	case fdl.Fail:
		return nil, nil, "", &TaskError{st.Code, st.Detail}
	case fdl.Task, fdl.Parallel, fdl.Map:
		out, err = r.retry(ctx, newRetryRules(st.Retry), func(retries int) (map[string]any, error) {
			f.retries = retries
			f.resData = nil
			res, err := r.work(ctx, st, f, entered)
			if err != nil {
				return nil, err
			}
			return r.outputOf(st, f, res, f.resData)
		})
	case fdl.Choice:
		if next, err = r.choose(st, f); err == nil {
			out, err = r.outputOf(st, f, f.input, f.inData)
		}
	case fdl.Wait:
		if err = r.wait(ctx, st, f); err == nil {
			out, err = r.outputOf(st, f, f.input, f.inData)
		}
	default: // Pass, Succeed
		out, err = r.outputOf(st, f, f.input, f.inData)
	}
	if err == nil {
		err = r.setGlobals(st, f)
	}
	if err != nil {
		return nil, nil, "", err
	}
	var data []byte
	if f.outData != nil {
		data, err = r.sized(f.outData, "the output of state ", st.Name)
	} else {
		data, err = r.payload(out, "the output of state ", st.Name)
	}
	if st.End || st.Type == fdl.Succeed {
		next = ""
	}
	return out, data, next, err
}

// work runs a Task, Parallel or Map state once and returns its result ($Output).
func (r *runner) work(ctx context.Context, st *fdl.State, f *frame, entered int64) (map[string]any, error) {
	switch st.Type {
	case fdl.Task:
		return r.task(ctx, st, f, entered)
	case fdl.Parallel:
		return r.parallel(ctx, st, f, entered)
	}
	return r.mapState(ctx, st, f, entered)
}

// outputOf is the state's output: its OutputConstructor with $Output = result, or result.
// data is result as JSON, or nil; it becomes f.outData when the output is result.
func (r *runner) outputOf(st *fdl.State, f *frame, result map[string]any, data []byte) (map[string]any, error) {
	f.raw, f.outData = result, nil
	if st.OutputConstructor == nil {
		f.outData = data
		return result, nil
	}
	f.output = result
	return r.exprs.construct(newOutput, st.OutputConstructor, f.vars(), st.Name)
}

// choose returns the Next of the first Choice branch whose Condition holds, else Default.
func (r *runner) choose(st *fdl.State, f *frame) (string, error) {
	env := f.vars()
	for _, b := range st.Choices {
		v, err := r.exprs.eval(newCond, b.Condition, env, st.Name)
		if err != nil {
			return "", err
		}
		if v == true {
			return b.Next, nil
		}
	}
	return st.Default, nil
}

// wait waits the Wait state's Seconds, or Seconds.$, on the clock.
func (r *runner) wait(ctx context.Context, st *fdl.State, f *frame) error {
	secs := float64(st.Seconds)
	if st.SecondsPath != "" {
		v, err := r.exprs.eval(newPlain, st.SecondsPath, f.vars(), st.Name)
		if err != nil {
			return err
		}
		n, ok := seconds(v)
		if !ok || !(n >= 0 && n <= MaxWaitSeconds) {
			return &TaskError{ErrRuntime, fmt.Sprintf("state %s: Seconds.$ %q gave %s, want a number of seconds from 0 to %d", st.Name, st.SecondsPath, waitValue(v), MaxWaitSeconds)}
		}
		secs = n
	}
	return r.sleep(ctx, time.Duration(secs*float64(time.Second)))
}

// catchRule returns the first Catch rule that matches code, nil when none does.
func catchRule(rules []fdl.Catch, code string) *fdl.Catch {
	for i := range rules {
		if matches(rules[i].Errors, code) {
			return &rules[i]
		}
	}
	return nil
}

// caught builds the input of a Catch rule's Next: its OutputConstructor, with
// $Context.Current.Error set, or the error itself, {"Code":…, "Detail":…}.
func (r *runner) caught(st *fdl.State, c *fdl.Catch, f *frame, se *TaskError) (map[string]any, error) {
	f.err = map[string]any{"Code": se.Code, "Detail": se.Cause}
	if c.OutputConstructor == nil {
		return f.err, nil
	}
	out, err := r.exprs.construct(newPlain, c.OutputConstructor, f.vars(), st.Name)
	if err != nil {
		return nil, err
	}
	if _, err := r.payload(out, "the Catch output of state ", st.Name); err != nil {
		return nil, err
	}
	return out, nil
}
