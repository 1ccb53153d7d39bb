package interp

import (
	"fmt"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"
)

// envKind is where an expression appears, which fixes the variables it may name and what
// it must return.
type envKind uint8

const (
	// newPlain: $Input, $Context and $Global (InputConstructor, Parameters, ItemsPath,
	// Seconds.$, Catch OutputConstructor).
	newPlain envKind = iota
	// newOutput: newPlain and $Output (OutputConstructor).
	newOutput
	// newItem: newPlain and $Item, the Map item (ItemConstructor).
	newItem
	// newCond: newPlain, returning a boolean (Choice Condition).
	newCond
	// oldCond: $ and $input (the step input), $local (the local of the step's list) and
	// $context, returning a boolean (old-dialect choice condition).
	oldCond
)

// names are the variables an expression of kind k may name.
func (k envKind) names() []string {
	switch k {
	case newOutput:
		return []string{"$Input", "$Context", "$Global", "$Output"}
	case newItem:
		return []string{"$Input", "$Context", "$Global", "$Item"}
	case oldCond:
		return []string{"$", "$input", "$local", "$context"}
	}
	return []string{"$Input", "$Context", "$Global"}
}

// programs are the compiled expressions of one execution, by kind and text. They are
// compiled before the execution runs and only read while it runs.
type programs struct {
	clock  Clock
	random func() uint64 // the random source of the built-in functions
	m      map[programKey]*vm.Program
	// run, when set, is the runner whose execution an evaluation past a limit ends.
	run *runner
}

type programKey struct {
	kind envKind
	src  string
}

func newPrograms(c Clock) *programs {
	return &programs{clock: c, m: map[programKey]*vm.Program{}}
}

// compile compiles src as an expression of kind k, once.
func (ps *programs) compile(k envKind, src string) error {
	key := programKey{k, src}
	if _, ok := ps.m[key]; ok {
		return nil
	}
	decl := types.Map{budgetVar: types.TypeOf((*budget)(nil))}
	for _, n := range k.names() {
		decl[n] = types.Any
	}
	opts := append([]expr.Option{expr.Env(decl), limitsFor(src), ps.now()}, ps.builtins()...)
	opts = append(opts, chargeFunctions)
	if k == newCond || k == oldCond {
		opts = append(opts, expr.AsBool())
	}
	p, err := compileLimited(src, opts...)
	if err != nil {
		return fmt.Errorf("expression %q: %s", short(src), firstLine(err))
	}
	ps.m[key] = p
	return nil
}

// now makes the now() builtin read the execution's clock.
func (ps *programs) now() expr.Option {
	return expr.Function("now", func(...any) (any, error) {
		return ps.clock.Now(), nil
	}, new(func() time.Time))
}

// eval runs the expression src of kind k in env, within a budget of its own; failures
// are ErrRuntime state errors naming the state.
func (ps *programs) eval(k envKind, src string, env map[string]any, state string) (any, error) {
	return ps.evalIn(newBudget(), k, src, env, state)
}

// evalIn is eval within budget b; an evaluation past a limit fails the execution.
func (ps *programs) evalIn(b *budget, k envKind, src string, env map[string]any, state string) (any, error) {
	p, ok := ps.m[programKey{k, src}]
	if !ok {
		return nil, &TaskError{ErrRuntime, fmt.Sprintf("state %s: expression %q was not compiled", state, src)}
	}
	env[budgetVar] = b
	machine := vm.VM{MemoryBudget: MaxExprElements}
	v, err := machine.Run(p, env)
	if err == nil {
		_, err = newBudget().walk(v, 0, false)
	}
	if err != nil {
		return nil, ps.runError(state, src, err)
	}
	if v, err = normalize(v); err != nil {
		return nil, &TaskError{ErrRuntime, fmt.Sprintf("state %s: expression %q: %v", state, src, err)}
	}
	return v, nil
}

// construct builds an object from constructor c: a key ending in ".$" takes the value of
// its expression (of kind k, in env) under the key without the suffix; other values are
// copied, objects and arrays built the same way, at any depth.
func (ps *programs) construct(k envKind, c map[string]any, env map[string]any, state string) (map[string]any, error) {
	return ps.constructIn(newBudget(), k, c, env, state)
}

// constructIn is construct with every expression within budget b.
func (ps *programs) constructIn(b *budget, k envKind, c map[string]any, env map[string]any, state string) (map[string]any, error) {
	out := make(map[string]any, len(c))
	for key, v := range c {
		if name, ok := strings.CutSuffix(key, ".$"); ok {
			src, _ := v.(string)
			x, err := ps.evalIn(b, k, src, env, state)
			if err != nil {
				return nil, err
			}
			out[name] = x
			continue
		}
		x, err := ps.constructValue(b, k, v, env, state)
		if err != nil {
			return nil, err
		}
		out[key] = x
	}
	return out, nil
}

// constructValue is construct for one value of a constructor.
func (ps *programs) constructValue(b *budget, k envKind, v any, env map[string]any, state string) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		return ps.constructIn(b, k, t, env, state)
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			y, err := ps.constructValue(b, k, x, env, state)
			if err != nil {
				return nil, err
			}
			out[i] = y
		}
		return out, nil
	}
	return v, nil
}

// constructorExprs calls f with every expression of constructor c.
func constructorExprs(c map[string]any, f func(src string) error) error {
	for key, v := range c {
		if strings.HasSuffix(key, ".$") {
			src, _ := v.(string)
			if err := f(src); err != nil {
				return err
			}
			continue
		}
		if err := valueExprs(v, f); err != nil {
			return err
		}
	}
	return nil
}

// valueExprs is constructorExprs for one value of a constructor.
func valueExprs(v any, f func(src string) error) error {
	switch t := v.(type) {
	case map[string]any:
		return constructorExprs(t, f)
	case []any:
		for _, x := range t {
			if err := valueExprs(x, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// firstLine is the first line of err's message (expr adds the text and a caret below).
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}
