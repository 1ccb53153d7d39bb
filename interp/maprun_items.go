package interp

import (
	"context"

	"github.com/flowmock/flowmock/fdl"
)

// distributed runs a distributed Map state over items as a map run.
func (r *runner) distributed(ctx context.Context, st *fdl.Map, f *frame, items []any, entered int64) (map[string]any, error) {
	inputs, err := r.childInputs(st, f, items)
	if err != nil {
		return nil, err
	}
	return r.mapRun(ctx, st, inputs, entered)
}

// childInputs are the inputs of a distributed Map's children: at most MaxItems items
// (when it is a positive number), each built by ItemConstructor, grouped by ItemBatcher's
// MaxItemsPerBatch into {"Items": [...]} (with its BatchInput, when given, as
// "BatchInput"), or one item per child.
func (r *runner) childInputs(st *fdl.Map, f *frame, items []any) ([]map[string]any, error) {
	if n, ok := positive(st.MaxItems); ok && n < len(items) {
		items = items[:n]
	}
	size, batched := positive(st.ItemBatcher["MaxItemsPerBatch"])
	if !batched {
		inputs := make([]map[string]any, len(items))
		for i, item := range items {
			in, _, err := r.itemInput(st, f, item, i)
			if err != nil {
				return nil, err
			}
			inputs[i] = in
		}
		return inputs, nil
	}
	var inputs []map[string]any
	for lo := 0; lo < len(items); lo += size {
		batch := make([]any, 0, min(size, len(items)-lo))
		for i := lo; i < min(lo+size, len(items)); i++ {
			item := items[i]
			if st.ItemConstructor != nil {
				in, _, err := r.itemInput(st, f, item, i)
				if err != nil {
					return nil, err
				}
				item = in
			}
			batch = append(batch, item)
		}
		in := map[string]any{"Items": batch}
		if b, ok := st.ItemBatcher["BatchInput"]; ok {
			in["BatchInput"] = b
		}
		if _, err := r.itemPayload(in, "batch", len(inputs), st.Name); err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

// positive is v as a positive int, when it is a whole number above 0.
func positive(v any) (int, bool) {
	f, ok := seconds(v)
	if !ok || f < 1 || f > 1<<31 || f != float64(int(f)) {
		return 0, false
	}
	return int(f), true
}
