package interp

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

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

// programs are the compiled expressions of one definition, by kind and text. They are
// compiled before any execution runs and only read afterwards, by every execution at once:
// what an evaluation needs of its execution (the clock and random source of the built-in
// functions) comes with its budget, not with the program.
type programs struct {
	m map[programKey]compiledExpr
}

// compiledExpr is an expression compiled, and the variables it needs built.
type compiledExpr struct {
	p     *vm.Program
	needs needs
}

// needs are the variables an expression names that cost work to build.
type needs uint8

const (
	needContext needs = 1 << iota // $Context
	needGlobal                    // $Global (a copy of the execution's globals)
)

// needsOf are the needs of the expression src: the variables its text names ($env names
// them all).
func needsOf(src string) needs {
	var n needs
	if strings.Contains(src, "$Context") || strings.Contains(src, "$env") {
		n |= needContext
	}
	if strings.Contains(src, "$Global") || strings.Contains(src, "$env") {
		n |= needGlobal
	}
	return n
}

// vars are the variables of the expressions of one evaluation: those of a frame, built on
// first need, or a fixed map. The frame is a copy, so that the frame itself stays on its
// goroutine's stack.
type vars struct {
	f     frame
	fixed bool
	m     map[string]any
	have  needs
}

// fixedVars are the variables m.
func fixedVars(m map[string]any) *vars { return &vars{m: m, fixed: true} }

// env is the variables, with those of n built.
func (v *vars) env(n needs) map[string]any {
	if !v.fixed && (v.m == nil || n&^v.have != 0) {
		v.have |= n
		v.m = v.f.env(v.have)
	}
	return v.m
}

type programKey struct {
	kind envKind
	src  string
}

func newPrograms() *programs {
	return &programs{m: map[programKey]compiledExpr{}}
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
	opts := []expr.Option{expr.Env(decl), limitsFor(src), declareBuiltins, chargeFunctions}
	if k == newCond || k == oldCond {
		opts = append(opts, expr.AsBool())
	}
	p, err := compileLimited(src, opts...)
	if err != nil {
		return fmt.Errorf("expression %q: %s", short(src), firstLine(err))
	}
	ps.m[key] = compiledExpr{p, needsOf(src)}
	return nil
}

// evaluator runs the compiled expressions for one execution.
type evaluator struct {
	ps     *programs
	clock  Clock       // what now() reads
	random rand.Source // the random source of uuid() and randomInt()
	// run, when set, is the runner whose execution an evaluation past a limit ends.
	run *runner
}

// budget is a new budget for one evaluation of the execution.
func (ev *evaluator) budget() *budget {
	b := newBudget()
	b.clock, b.random = ev.clock, ev.random
	return b
}

// eval runs the expression src of kind k in env, within a budget of its own; failures
// are ErrRuntime state errors naming the state.
func (ev *evaluator) eval(k envKind, src string, env *vars, state string) (any, error) {
	return ev.evalIn(ev.budget(), k, src, env, state)
}

// evalIn is eval within budget b; an evaluation past a limit fails the execution.
func (ev *evaluator) evalIn(b *budget, k envKind, src string, vs *vars, state string) (any, error) {
	e, ok := ev.ps.m[programKey{k, src}]
	if !ok {
		return nil, &TaskError{ErrRuntime, fmt.Sprintf("state %s: expression %q was not compiled", state, src)}
	}
	env := vs.env(e.needs)
	env[budgetVar] = b
	machine := vm.VM{MemoryBudget: MaxExprElements}
	v, err := machine.Run(e.p, env)
	if err == nil {
		_, err = newBudget().walk(v, 0, false)
	}
	if err != nil {
		return nil, ev.runError(state, src, err)
	}
	if v, err = normalize(v); err != nil {
		return nil, &TaskError{ErrRuntime, fmt.Sprintf("state %s: expression %q: %v", state, src, err)}
	}
	return v, nil
}

// construct builds an object from constructor c: a key ending in ".$" takes the value of
// its expression (of kind k, in env) under the key without the suffix; other values are
// copied, objects and arrays built the same way, at any depth. Keys are taken in sorted
// order, so that the random functions draw in the same order on every run, and "k.$"
// wins over "k".
func (ev *evaluator) construct(k envKind, c map[string]any, env *vars, state string) (map[string]any, error) {
	return ev.constructIn(ev.budget(), k, c, env, state)
}

// constructIn is construct with every expression within budget b.
func (ev *evaluator) constructIn(b *budget, k envKind, c map[string]any, env *vars, state string) (map[string]any, error) {
	out := make(map[string]any, len(c))
	var small [16]string
	keys := small[:0]
	for key := range c {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		v := c[key]
		if name, ok := strings.CutSuffix(key, ".$"); ok {
			src, _ := v.(string)
			x, err := ev.evalIn(b, k, src, env, state)
			if err != nil {
				return nil, err
			}
			out[name] = x
			continue
		}
		x, err := ev.constructValue(b, k, v, env, state)
		if err != nil {
			return nil, err
		}
		out[key] = x
	}
	return out, nil
}

// constructValue is construct for one value of a constructor.
func (ev *evaluator) constructValue(b *budget, k envKind, v any, env *vars, state string) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		return ev.constructIn(b, k, t, env, state)
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			y, err := ev.constructValue(b, k, x, env, state)
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
