package interp

import (
	"context"
	"fmt"

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

// stateRun is the run of one state: its frame, and the rest of what running it needs and
// makes. It is the fdl.Visitor that runs states: the method of the state's type
// (state_<type>.go) does what that type does, sets out and next, and returns the error
// the state fails with. A scope runs its states with one stateRun, one state after the
// other, so that visiting through an interface costs no allocation per state.
//
// ctx is the scope's context, held for the length of one state's run.
type stateRun struct {
	frame
	ctx     context.Context
	entered int64          // the ID of the state's StepEntered
	out     map[string]any // the state's output, OutputConstructor applied
	next    string         // the state that follows, "" when the scope ends
}

var (
	_ fdl.Visitor = (*stateRun)(nil)
	_ fdl.Visitor = (*program)(nil)
)

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

// runScope runs the states of a scope from start with s until one ends it, and returns
// the scope's output. from is the event that opened the scope.
func (r *runner) runScope(ctx context.Context, s *stateRun, states []fdl.State, start string, input map[string]any, from int64) (map[string]any, error) {
	out, _, err := r.runScopeText(ctx, s, states, start, input, nil, from)
	return out, err
}

// runScopeText is runScope with the input as JSON, when known (else nil), that also
// returns the output as JSON, when known (else nil).
func (r *runner) runScopeText(ctx context.Context, s *stateRun, states []fdl.State, start string, input map[string]any, data []byte, from int64) (map[string]any, []byte, error) {
	name := start
	for {
		if ctx.Err() != nil {
			return nil, nil, errAborted
		}
		st := findState(states, name)
		if st == nil {
			return nil, nil, &TaskError{ErrRuntime, fmt.Sprintf("no state named %s in this scope", name)}
		}
		out, outData, next, exited, err := r.runState(ctx, s, st, input, data, from)
		if err != nil || next == "" {
			return out, outData, err
		}
		name, input, data, from = next, out, outData, exited
	}
}

// findState returns the state named name.
func findState(states []fdl.State, name string) fdl.State {
	for _, st := range states {
		if st.Common().Name == name {
			return st
		}
	}
	return nil
}

// runState runs one state with s, with its history events and Catch rules, and returns its
// output (and as JSON when known, else nil), the state that follows ("" when the scope
// ends) and the ID of its StepExited. inData is input as JSON, or nil.
func (r *runner) runState(ctx context.Context, s *stateRun, st fdl.State, input map[string]any, inData []byte, from int64) (out map[string]any, data []byte, next string, exited int64, err error) {
	name := st.Common().Name
	*s = stateRun{frame: frame{r: r, state: name, input: input, inData: inData}, ctx: ctx}
	f := &s.frame
	in, err := f.inputData()
	if err != nil {
		return nil, nil, "", 0, err
	}
	entered := r.e.record(EventStepEntered, name, from, jsonField("input", in))
	s.entered = entered
	out, data, next, err = r.stateBody(st, s)
	if se := taskError(err); se != nil {
		r.e.record(EventStepFailed, name, entered, errorFields(se.Code, se.Cause)...)
		exited = r.e.record(EventStepExited, name, entered)
		c := catchRule(st, se.Code)
		if c == nil {
			return nil, nil, "", 0, se
		}
		out, err = r.caught(name, c, f, se)
		return out, nil, c.Next, exited, err
	}
	if err != nil {
		return nil, nil, "", 0, err
	}
	r.e.record(EventStepSucceeded, name, entered, jsonField("output", data))
	exited = r.e.record(EventStepExited, name, entered)
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

// stateBody runs what the state does with s: its InputConstructor, what its type does
// (with its OutputConstructor: st.Accept(s), state_<type>.go), its GlobalConstructor. It
// returns the output, encoded too, and the next state.
func (r *runner) stateBody(st fdl.State, s *stateRun) (map[string]any, []byte, string, error) {
	b, f := st.Common(), &s.frame
	if b.InputConstructor != nil {
		in, err := r.exprs.construct(newPlain, b.InputConstructor, f.vars(), b.Name)
		if err != nil {
			return nil, nil, "", err
		}
		data, err := r.payload(in, "the input of state ", b.Name)
		if err != nil {
			return nil, nil, "", err
		}
		f.input, f.inData = in, data
	}
	err := st.Accept(s)
	out, next := s.out, s.next
	if err == nil {
		err = r.setGlobals(b, f)
	}
	if err != nil {
		return nil, nil, "", err
	}
	var data []byte
	if f.outData != nil {
		data, err = r.sized(f.outData, "the output of state ", b.Name)
	} else {
		data, err = r.payload(out, "the output of state ", b.Name)
	}
	return out, data, next, err
}

// passOn sets the output of a state whose result is its input (Pass, Choice, Wait,
// Succeed): its OutputConstructor with $Output = the input, or the input.
func (s *stateRun) passOn(b *fdl.Base) (err error) {
	s.out, err = s.r.outputOf(b, &s.frame, s.input, s.inData)
	return err
}

// retried runs work, what a Task, Parallel or Map state does once, with the state's Retry
// rules, and sets the output: the result of the attempt that succeeds, through
// OutputConstructor.
func (s *stateRun) retried(b *fdl.Base, rules []fdl.Retry, work func() (map[string]any, error)) (err error) {
	s.out, err = s.r.retry(s.ctx, newRetryRules(rules), func(retries int) (map[string]any, error) {
		s.retries, s.resData = retries, nil
		res, err := work()
		if err != nil {
			return nil, err
		}
		return s.r.outputOf(b, &s.frame, res, s.resData)
	})
	return err
}

// outputOf is the state's output: its OutputConstructor with $Output = result, or result.
// data is result as JSON, or nil; it becomes f.outData when the output is result.
func (r *runner) outputOf(b *fdl.Base, f *frame, result map[string]any, data []byte) (map[string]any, error) {
	f.raw, f.outData = result, nil
	if b.OutputConstructor == nil {
		f.outData = data
		return result, nil
	}
	f.output = result
	return r.exprs.construct(newOutput, b.OutputConstructor, f.vars(), b.Name)
}

// catchRule returns the first Catch rule of st that matches code, nil when none does.
func catchRule(st fdl.State, code string) *fdl.Catch {
	rc, ok := st.(fdl.Recoverer)
	if !ok {
		return nil
	}
	rules := rc.ErrorRules().Catch
	for i := range rules {
		if matches(rules[i].Errors, code) {
			return &rules[i]
		}
	}
	return nil
}

// caught builds the input of a Catch rule's Next: its OutputConstructor, with
// $Context.Current.Error set, or the error itself, {"Code":…, "Detail":…}.
func (r *runner) caught(state string, c *fdl.Catch, f *frame, se *TaskError) (map[string]any, error) {
	f.err = map[string]any{"Code": se.Code, "Detail": se.Cause}
	if c.OutputConstructor == nil {
		return f.err, nil
	}
	out, err := r.exprs.construct(newPlain, c.OutputConstructor, f.vars(), state)
	if err != nil {
		return nil, err
	}
	if _, err := r.payload(out, "the Catch output of state ", state); err != nil {
		return nil, err
	}
	return out, nil
}
