package interp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/flowmock/flowmock/fdl"
)

// parallel runs the branches of a Parallel state at once on its input; the result is
// {"Branch0": output of branch 0, "Branch1": …}.
func (r *runner) parallel(ctx context.Context, st *fdl.Parallel, f *frame, entered int64) (map[string]any, error) {
	outs := make([]map[string]any, len(st.Branches))
	input := f.input // captured alone, so that f itself stays on the stack
	err := r.fanOut(ctx, len(st.Branches), 0, func(ctx context.Context, i int) error {
		return r.framed(EventBranchEntered, EventBranchExited, st.Name, i, entered, func(from int64) error {
			b := st.Branches[i]
			out, err := r.runScope(ctx, b.States, b.StartAt, input, from)
			outs[i] = out
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	res := make(map[string]any, len(outs))
	for i, out := range outs {
		res["Branch"+strconv.Itoa(i)] = out
	}
	return res, nil
}

// mapState runs the Processor of a Map state once per item of ItemsPath, at most
// MaxConcurrency at once (0: all); the result is {"Items": [output of item 0, …]}.
func (r *runner) mapState(ctx context.Context, st *fdl.Map, f *frame, entered int64) (map[string]any, error) {
	if st.ItemsPath == "" || st.Processor == nil {
		return nil, &TaskError{ErrRuntime, fmt.Sprintf("state %s: a Map without ItemsPath and Processor (ItemReader) is not supported", st.Name)}
	}
	v, err := r.exprs.eval(newPlain, st.ItemsPath, f.vars(), st.Name)
	if err != nil {
		return nil, err
	}
	items, ok := v.([]any)
	if !ok {
		return nil, &TaskError{ErrRuntime, fmt.Sprintf("state %s: ItemsPath %q gave %s, want an array", st.Name, st.ItemsPath, kind(v))}
	}
	if st.Distributed {
		return r.distributed(ctx, st, f, items, entered)
	}
	outs := make([]any, len(items))
	mf := *f // the iterations' goroutines share a copy, so that f itself stays on the stack
	err = r.fanOut(ctx, len(items), st.MaxConcurrency, func(ctx context.Context, i int) error {
		return r.framed(EventIterationEntered, EventIterationExited, st.Name, i, entered, func(from int64) error {
			in, data, err := r.itemInput(st, &mf, items[i], i)
			if err != nil {
				return err
			}
			out, _, err := r.runScopeText(ctx, st.Processor.States, st.Processor.StartAt, in, data, from)
			outs[i] = out
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"Items": outs}, nil
}

// itemInput is the input of item i of a Map: its ItemConstructor, with $Item the item,
// or the item itself, which must then be an object.
func (r *runner) itemInput(st *fdl.Map, f *frame, item any, i int) (map[string]any, []byte, error) {
	var in map[string]any
	if st.ItemConstructor != nil {
		g := *f
		g.item = item
		var err error
		if in, err = r.exprs.construct(newItem, st.ItemConstructor, g.vars(), st.Name); err != nil {
			return nil, nil, err
		}
	} else if m, ok := item.(map[string]any); ok {
		in = m
	} else {
		return nil, nil, &TaskError{ErrRuntime, fmt.Sprintf("state %s: item %d is %s, not an object; build one with ItemConstructor", st.Name, i, kind(item))}
	}
	data, err := r.itemPayload(in, "item", i, st.Name)
	if err != nil {
		return nil, nil, err
	}
	return in, data, nil
}

// itemPayload is payload for the input of item (or batch) i of state; its messages are
// built only on failure.
func (r *runner) itemPayload(v any, what string, i int, state string) ([]byte, error) {
	data, err := encode(v)
	if err == nil && len(data) <= r.e.p.MaxPayload {
		return data, nil
	}
	return r.payload(v, fmt.Sprintf("the input of %s %d of state %s", what, i, state), "")
}

// framed runs body between an entered and an exited event (Branch or Iteration) of item i
// of state step; body gets the ID of the entered event.
func (r *runner) framed(enter, exit, step string, i int, scheduled int64, body func(from int64) error) error {
	id := r.e.record(enter, step, scheduled, intField("index", i))
	err := body(id)
	var se *TaskError
	switch {
	case err == nil:
		r.e.record(exit, step, id, intField("index", i))
	case errors.As(err, &se):
		r.e.record(exit, step, id, intField("index", i), textField("error", se.Code), textField("cause", se.Cause))
	}
	return err
}

// fanOut runs fn(ctx, i) for i from 0 to n-1, at most limit at once (≤ 0: all), in as
// many worker goroutines, each taking the next i when it is done with one; it waits for
// them all. The first failure cancels the others; it is returned when it is a
// *TaskError, errAborted otherwise (the execution ended).
//
// On an ActivityClock the workers count as running activities while the caller waits for
// them: the workers are counted before the caller stops counting, and the last worker
// hands its count back to the caller, so the clock never sees a moment with nothing
// running between them.
func (r *runner) fanOut(ctx context.Context, n, limit int, fn func(ctx context.Context, i int) error) error {
	if limit <= 0 || limit > n {
		limit = n
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg         sync.WaitGroup
		mu         sync.Mutex
		first      error
		next, live atomic.Int64
	)
	ac := r.activities
	live.Store(int64(limit))
	if ac != nil && limit > 0 {
		ac.Busy(limit)
	}
	for range limit {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ac != nil {
				defer func() {
					if live.Add(-1) > 0 {
						ac.Busy(-1)
					}
				}()
			}
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(ctx, i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					cancel()
					return
				}
			}
		}()
	}
	if ac != nil && limit > 0 {
		ac.Busy(-1) // the caller waits: it counts again when the last worker hands back
	}
	wg.Wait()
	var se *TaskError
	if errors.As(first, &se) {
		return se
	}
	if first != nil || ctx.Err() != nil {
		return errAborted
	}
	return nil
}
