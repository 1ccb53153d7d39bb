package interp

import (
	"context"
	"fmt"
	"time"

	"github.com/flowmock/flowmock/fdl"
)

// maxForeach is the most foreach iterations that run at once (the service's limit).
const maxForeach = 100

// stepTask invokes a task step once; its local is the task's result.
func (r *runner) stepTask(ctx context.Context, st *fdl.Step, sc scope, entered int64) (map[string]any, error) {
	var params map[string]any
	if st.ServiceParams != nil {
		v, err := r.resolve(st.ServiceParams, scope{sc.input, map[string]any{}, sc.context})
		if err != nil {
			return nil, err
		}
		params, _ = v.(map[string]any)
	}
	action := st.ResourceArn
	if st.Action != "" {
		action = st.Action
	}
	data, err := encode(sc.input)
	if err != nil {
		return nil, &TaskError{ErrRuntime, err.Error()}
	}
	in, _ := sc.input.(map[string]any)
	out, _, err := r.call(ctx, &Invocation{
		Flow: r.e.p.Flow, Execution: r.e.p.Name, State: st.Name, Index: r.e.nextIndex(st.Name),
		Input: data, Action: action, Parameters: params, Token: taskToken(sc.context),
		Callback: st.Pattern == fdl.WaitForCallback,
		Timeout:  time.Duration(st.TimeoutSeconds) * time.Second,
	}, in, entered)
	return out, err
}

// stepChoice runs the steps of the first choice whose condition holds, else of the
// default; with neither, the step just ends. It returns the local of the steps run and the
// choice's goto.
func (r *runner) stepChoice(ctx context.Context, st *fdl.Step, sc scope, entered int64) (map[string]any, string, error) {
	in := sc.input.(map[string]any)
	env := map[string]any{"$": in, "$input": in, "$local": sc.local, "$context": sc.context}
	chosen := st.Default
	for i, c := range st.Choices {
		v, err := r.exprs.eval(oldCond, c.Condition, fixedVars(env), st.Name)
		if err != nil {
			return nil, "", err
		}
		if v == true {
			chosen = &st.Choices[i]
			break
		}
	}
	if chosen == nil {
		return map[string]any{}, "", nil
	}
	sub, err := r.runSteps(ctx, chosen.Steps, in, entered)
	return sub, chosen.Goto, err
}

// stepParallel runs the branches of a parallel step at once; its local is the array of
// the branches' locals.
func (r *runner) stepParallel(ctx context.Context, st *fdl.Step, in map[string]any, entered int64) ([]any, error) {
	locals := make([]any, len(st.Branches))
	err := r.fanOut(ctx, len(st.Branches), 0, func(ctx context.Context, i int) error {
		return r.framed(EventBranchEntered, EventBranchExited, st.Name, i, entered, func(from int64) error {
			l, err := r.runSteps(ctx, st.Branches[i].Steps, in, from)
			locals[i] = l
			return err
		})
	})
	return locals, err
}

// stepForeach runs the steps of a foreach step once per item of its collection, at most
// maxForeach at once; each iteration's input is the step input with the item (and index)
// added under the names iterationMapping gives. Its local is the array of the iterations'
// locals.
func (r *runner) stepForeach(ctx context.Context, st *fdl.Step, sc scope, entered int64) ([]any, error) {
	im := st.IterationMapping
	if im == nil {
		return nil, &TaskError{ErrRuntime, fmt.Sprintf("step %s: no iterationMapping", st.Name)}
	}
	in := sc.input.(map[string]any)
	v, err := r.lookup(collection(st), sc)
	if err != nil {
		return nil, err
	}
	items, ok := v.([]any)
	if !ok {
		return nil, &TaskError{ErrRuntime, fmt.Sprintf("step %s: collection %q is not an array", st.Name, im.Collection)}
	}
	locals := make([]any, len(items))
	err = r.fanOut(ctx, len(items), maxForeach, func(ctx context.Context, i int) error {
		return r.framed(EventIterationEntered, EventIterationExited, st.Name, i, entered, func(from int64) error {
			add := map[string]any{im.Item: items[i]}
			if im.Index != "" {
				add[im.Index] = i
			}
			l, err := r.runSteps(ctx, st.Steps, merge(in, add), from)
			locals[i] = l
			return err
		})
	})
	return locals, err
}

// lookup resolves src in the step's scope (its local left out): a "$" path, or else a key
// of the input.
func (r *runner) lookup(src string, sc scope) (any, error) {
	if _, ok := isPath(src); ok {
		return r.resolve(src, scope{sc.input, map[string]any{}, sc.context})
	}
	in, _ := sc.input.(map[string]any)
	return in[src], nil
}

// stepWait waits a wait step's duration, or until its timestamp, on the clock.
func (r *runner) stepWait(ctx context.Context, st *fdl.Step, sc scope) error {
	d := time.Duration(st.Duration) * time.Second
	switch {
	case st.Timestamp != "":
		v, err := r.lookupString(st.Timestamp, sc)
		if err != nil {
			return err
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return &TaskError{ErrRuntime, fmt.Sprintf("step %s: timestamp %q is not an RFC 3339 time", st.Name, v)}
		}
		if d = t.Sub(r.clock.Now()); d > MaxWaitDuration {
			return &TaskError{ErrRuntime, fmt.Sprintf("step %s: timestamp %q is more than %v (MaxWaitDuration) away", st.Name, v, MaxWaitDuration)}
		}
	case st.DurationPath != "":
		v, err := r.lookup(st.DurationPath, sc)
		if err != nil {
			return err
		}
		n, ok := seconds(v)
		if !ok || !(n >= 0 && n <= MaxWaitDuration.Seconds()) {
			return &TaskError{ErrRuntime, fmt.Sprintf("step %s: duration %q gave %s, want a number of seconds from 0 to %v", st.Name, st.DurationPath, waitValue(v), MaxWaitDuration.Seconds())}
		}
		d = time.Duration(n * float64(time.Second))
	}
	return r.sleep(ctx, d)
}

// lookupString is s, or the string its "$" path gives.
func (r *runner) lookupString(s string, sc scope) (string, error) {
	if _, ok := isPath(s); !ok {
		return s, nil
	}
	v, err := r.lookup(s, sc)
	str, _ := v.(string)
	return str, err
}
