package interp

import (
	"fmt"
	"maps"
	"sync"

	"github.com/flowmock/flowmock/fdl"
)

// Limits of global variables, as the documentation gives them.
const (
	maxGlobalKey   = 128        // bytes
	maxGlobalValue = 256 * 1024 // bytes of compact JSON
)

// globals are an execution's global variables ($Global): written by GlobalConstructors
// when their state ends, read by every expression. Parallel branches and Map iterations
// share them; the last write of a key wins.
type globals struct {
	mu   sync.Mutex
	vars map[string]any
}

// noGlobals is $Global before any is set; like every value, it is never changed.
var noGlobals = map[string]any{}

// snapshot is a copy of the variables, for an expression's $Global.
func (g *globals) snapshot() map[string]any {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.vars == nil {
		return noGlobals
	}
	return maps.Clone(g.vars)
}

// merge writes vars, key by key.
func (g *globals) merge(vars map[string]any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.vars == nil {
		g.vars = map[string]any{}
	}
	maps.Copy(g.vars, vars)
}

// setGlobals applies the GlobalConstructor of a state that ended well: $Output is the
// state's raw result (not its OutputConstructor's), $Global the variables before it.
func (r *runner) setGlobals(st *fdl.Base, f *frame) error {
	if st.GlobalConstructor == nil {
		return nil
	}
	g := *f
	g.output = f.raw
	vars, err := r.exprs.construct(newOutput, st.GlobalConstructor, g.vars(), st.Name)
	if err != nil {
		return err
	}
	for k, v := range vars {
		if len(k) > maxGlobalKey {
			return r.fatal(ErrDataLimitExceeded, fmt.Sprintf("state %s: GlobalConstructor key %.20q… is %d bytes, more than %d", st.Name, k, len(k), maxGlobalKey))
		}
		data, err := encode(v)
		if err != nil {
			return &TaskError{ErrRuntime, err.Error()}
		}
		if len(data) > maxGlobalValue {
			return r.fatal(ErrDataLimitExceeded, fmt.Sprintf("state %s: GlobalConstructor value of %q is %d bytes, more than %d", st.Name, k, len(data), maxGlobalValue))
		}
	}
	r.globals.merge(vars)
	return nil
}
