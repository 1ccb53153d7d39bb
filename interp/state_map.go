package interp

import (
	"context"
	"fmt"

	"github.com/flowmock/flowmock/fdl"
)

// VisitMap compiles a Map state's ItemConstructor and ItemsPath; its processor is a
// scope, compiled with the states of the definition.
func (p *program) VisitMap(st *fdl.Map) error {
	if err := p.compileConstructor("ItemConstructor", newItem, st.ItemConstructor); err != nil {
		return err
	}
	return p.compileExpr("ItemsPath", newPlain, st.ItemsPath)
}

// VisitMap runs a Map state: its processor over the items, inline or as a map run, with
// Retry.
func (s *stateRun) VisitMap(st *fdl.Map) error {
	s.next = st.Next
	return s.retried(&st.Base, st.Retry, func() (map[string]any, error) {
		return s.r.mapState(s.ctx, st, &s.frame, s.entered)
	})
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
	runs := make([]stateRun, len(items)) // runs[i] runs item i
	err = r.fanOut(ctx, len(items), st.MaxConcurrency, func(ctx context.Context, i int) error {
		return r.framed(EventIterationEntered, EventIterationExited, st.Name, i, entered, func(from int64) error {
			in, data, err := r.itemInput(st, f, items[i], i)
			if err != nil {
				return err
			}
			out, _, err := r.runScopeText(ctx, &runs[i], st.Processor.States, st.Processor.StartAt, in, data, from)
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
