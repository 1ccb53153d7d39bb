package interp

import (
	"context"
	"errors"
	"fmt"

	"github.com/flowmock/flowmock/fdl"
)

// runFlow runs an old-dialect flow: its inputMappings, its steps, its outputMappings.
func (r *runner) runFlow(ctx context.Context) (map[string]any, error) {
	cx := r.context("", 0, "")
	in := r.input
	if len(r.def.InputMappings) > 0 {
		var err error
		if in, err = r.mapped(r.def.InputMappings, scope{r.input, map[string]any{}, cx}); err != nil {
			return nil, err
		}
	}
	local, err := r.runSteps(ctx, r.def.Steps, in, 1)
	if err != nil {
		return nil, err
	}
	if len(r.def.OutputMappings) > 0 {
		return r.mapped(r.def.OutputMappings, scope{in, local, cx})
	}
	return local, nil
}

// runSteps runs a list of steps in order, following goto, until one ends the list; it
// returns the list's local: the union of its steps' outputs, later ones winning. Without
// inputMappings a step's input is input merged with the local so far. from is the event
// that opened the list.
func (r *runner) runSteps(ctx context.Context, steps []*fdl.Step, input map[string]any, from int64) (map[string]any, error) {
	local := map[string]any{}
	for i := 0; i < len(steps); {
		if err := r.checkDeadline(ctx); err != nil {
			return nil, err
		}
		st := steps[i]
		token := ""
		if st.Type == fdl.TaskStep {
			token = r.e.token()
		}
		in := merge(input, local)
		if len(st.InputMappings) > 0 {
			var err error
			cx := r.context(st.Name, r.e.nextEventID(), token)
			if in, err = r.mapped(st.InputMappings, scope{input, local, cx}); err != nil {
				return nil, inStep(st.Name, "inputMappings", err)
			}
		}
		out, jump, exited, err := r.runStep(ctx, st, in, local, token, from)
		if err != nil {
			return nil, err
		}
		local, from = merge(local, out), exited
		switch {
		case jump != "":
			if i = stepIndex(steps, jump); i < 0 {
				return nil, &TaskError{ErrRuntime, fmt.Sprintf("step %s: no sibling step named %s to go to", st.Name, jump)}
			}
		case st.End || st.Type == fdl.SucceedStep:
			return local, nil
		default:
			i++
		}
	}
	return local, nil
}

// inStep says which step and field err (a *TaskError) comes from.
func inStep(step, field string, err error) error {
	var se *TaskError
	if errors.As(err, &se) {
		return &TaskError{se.Code, fmt.Sprintf("step %s, %s: %s", step, field, se.Cause)}
	}
	return err
}

// stepIndex is the position of the step named name, -1 when none is.
func stepIndex(steps []*fdl.Step, name string) int {
	for i, st := range steps {
		if st.Name == name {
			return i
		}
	}
	return -1
}

// runStep runs one step with its history events and catch rules; it returns its output,
// the sibling to go to ("" for the next) and the ID of its StepExited. local is the local
// of the step's list so far; token the task token of a task step.
func (r *runner) runStep(ctx context.Context, st *fdl.Step, in, local map[string]any, token string, from int64) (out map[string]any, jump string, exited int64, err error) {
	data, err := r.payload(in, "the input of step ", st.Name)
	if err != nil {
		return nil, "", 0, err
	}
	entered := r.e.record(EventStepEntered, st.Name, from, jsonField("input", data))
	cx := r.context(st.Name, entered, token)
	out, jump, err = r.stepBody(ctx, st, scope{in, local, cx}, entered)
	if err == nil {
		data, err = r.payload(out, "the output of step ", st.Name)
	}
	var se *TaskError
	if errors.As(err, &se) {
		r.e.record(EventStepFailed, st.Name, entered, errorFields(se.Code, se.Cause)...)
		exited = r.e.record(EventStepExited, st.Name, entered)
		c := stepCatch(st.Catch, se.Code)
		if c == nil {
			return nil, "", 0, se
		}
		out, err = r.mapped(st.ErrorMappings, scope{in, map[string]any{"error": se.Code, "cause": se.Cause}, cx})
		return out, c.Goto, exited, err
	}
	if err != nil {
		return nil, "", 0, err
	}
	r.e.record(EventStepSucceeded, st.Name, entered, jsonField("output", data))
	exited = r.e.record(EventStepExited, st.Name, entered)
	return out, jump, exited, nil
}

// stepCatch returns the first catch rule that matches code, nil when none does.
func stepCatch(rules []fdl.StepCatch, code string) *fdl.StepCatch {
	for i := range rules {
		if matches(rules[i].Errors, code) {
			return &rules[i]
		}
	}
	return nil
}

// stepBody runs what a step does and returns its output and the sibling to go to. sc is
// the step's input, the local of its list so far and its context.
func (r *runner) stepBody(ctx context.Context, st *fdl.Step, sc scope, entered int64) (map[string]any, string, error) {
	in := sc.input.(map[string]any)
	var result any = map[string]any{}
	var err error
	jump := ""
	switch st.Type {
	case fdl.TaskStep:
		result, err = r.retry(ctx, oldRetryRules(st.Retry), func(int) (map[string]any, error) {
			return r.stepTask(ctx, st, sc, entered)
		})
	case fdl.ChoiceStep:
		result, jump, err = r.stepChoice(ctx, st, sc, entered)
	case fdl.ParallelStep:
		result, err = r.stepParallel(ctx, st, in, entered)
	case fdl.ForeachStep:
		result, err = r.stepForeach(ctx, st, sc, entered)
	case fdl.WaitStep:
		err = r.stepWait(ctx, st, sc)
	case fdl.FailStep:
		err = &TaskError{st.Error, st.Cause}
	}
	if err != nil {
		return nil, "", err
	}
	out, err := r.stepOutput(st, scope{in, result, sc.context})
	return out, jump, err
}

// stepOutput is a step's output: its outputMappings over sc ($local being the step's
// own), else its local when that is an object, else {} (parallel and foreach, whose local
// is an array).
func (r *runner) stepOutput(st *fdl.Step, sc scope) (map[string]any, error) {
	if len(st.OutputMappings) > 0 {
		return r.mapped(st.OutputMappings, sc)
	}
	if m, ok := sc.local.(map[string]any); ok {
		return m, nil
	}
	return map[string]any{}, nil
}
