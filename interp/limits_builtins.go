package interp

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	exprbuiltin "github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/vm/runtime"
)

// The hidden functions the compiler calls; their names are not identifiers.
const (
	tickFunc    = "tick!"
	addFunc     = "add!"
	eqFunc      = "eq!"
	neFunc      = "ne!"
	inFunc      = "in!"
	matchesFunc = "matches!"
	// maxConstPattern is the longest literal pattern matches leaves to expr (it compiles
	// it once, with the expression).
	maxConstPattern = 256
)

// cost charges what calling a builtin on args will build and walk.
type cost func(b *budget, args []any) error

// builtinCosts are expr's builtins that build or walk values in proportion to their
// arguments; each is replaced by the same builtin that charges its cost first.
var builtinCosts = map[string]cost{
	"repeat": repeatCost, "join": joinCost, "replace": replaceCost,
	"split": splitCost, "splitAfter": splitCost,
	"upper": stringCost(2), "lower": stringCost(2), "fromJSON": stringCost(8),
	"toBase64": stringCost(2), "fromBase64": stringCost(1),
	"toJSON": printCost(true), "string": printCost(false),
	"concat": walkCost, "flatten": walkCost, "uniq": walkCost, "sort": walkCost,
	"reverse": walkCost, "keys": walkCost, "values": walkCost, "toPairs": walkCost,
	"fromPairs": walkCost, "take": walkCost, "max": walkCost, "min": walkCost,
	"mean": walkCost, "median": walkCost,
}

// limitFunctions are the functions of the limits: the charged builtins and the hidden
// functions, built once.
var limitFunctions = func() map[string]*exprbuiltin.Function {
	opts := []expr.Option{
		budgeted(tickFunc, func(b *budget, _ ...any) (any, error) { return nil, b.step(1) }, new(func() any)),
		budgeted(addFunc, add, new(func(any, any) any)),
		budgeted(eqFunc, func(b *budget, a ...any) (any, error) { return equal(b, a[0], a[1]) }, new(func(any, any) bool)),
		budgeted(neFunc, func(b *budget, a ...any) (any, error) {
			eq, err := equal(b, a[0], a[1])
			return !eq, err
		}, new(func(any, any) bool)),
		budgeted(inFunc, inArray, new(func(any, any) bool)),
		budgeted(matchesFunc, matchRegexp, new(func(any, any) bool)),
	}
	for name, c := range builtinCosts {
		opts = append(opts, charged(name, c))
	}
	c := conf.CreateNew()
	for _, op := range opts {
		op(c)
	}
	return c.Functions
}()

// limitsFor is the expr option of the limits for the expression src: the charged
// builtins its text names (one it does not name cannot be called); the compiler adds the
// hidden functions it calls. Options after it may replace them.
func limitsFor(src string) expr.Option {
	return func(c *conf.Config) {
		for name := range builtinCosts {
			if strings.Contains(src, name) {
				c.Functions[name] = limitFunctions[name]
			}
		}
	}
}

// functionCosts are the CloudFlow built-in functions (builtins.go) that build or walk
// values in proportion to their arguments; chargeFunctions charges them as builtinCosts
// charges expr's.
var functionCosts = map[string]cost{
	"toJSON": printCost(false), "jsonToString": printCost(false), "format": walkCost,
	"arrayContains": walkCost, "arrayUnique": walkCost, "jsonMerge": walkCost, "mapKeys": walkCost,
	"mapValues": walkCost, "hash": walkCost, "toArray": walkCost, "split": splitCost,
	"stringToJson": stringCost(8), "fromJSON": stringCost(8), "toBase64": stringCost(2), "fromBase64": stringCost(1),
}

// chargedFunctions are the charged versions of the functions of functionCosts, by the
// function they charge.
var chargedFunctions sync.Map

// chargeFunctions is the expr option, after the built-in functions are declared, that
// replaces those of functionCosts by versions that charge their cost first.
func chargeFunctions(c *conf.Config) {
	for name, cost := range functionCosts {
		f, ok := c.Functions[name]
		if !ok || isBudgeted(f) || f.Func == nil {
			continue
		}
		w, ok := chargedFunctions.Load(f)
		if !ok {
			call := f.Func
			w, _ = chargedFunctions.LoadOrStore(f, budgetedFunction(name, func(b *budget, args ...any) (any, error) {
				if err := cost(b, args); err != nil {
					return nil, err
				}
				return call(args...)
			}, f.Types))
		}
		c.Functions[name] = w.(*exprbuiltin.Function)
	}
}

// charged is expr's builtin name charging c before it runs.
func charged(name string, c cost) expr.Option {
	bf := exprbuiltin.Builtins[exprbuiltin.Index[name]]
	call := bf.Func
	switch {
	case bf.Fast != nil:
		call = func(args ...any) (any, error) { return bf.Fast(args[0]), nil }
	case bf.Safe != nil:
		call = func(args ...any) (any, error) {
			v, _, err := bf.Safe(args...)
			return v, err
		}
	}
	return budgetedTypes(name, func(b *budget, args ...any) (any, error) {
		if err := c(b, args); err != nil {
			return nil, err
		}
		return call(args...)
	}, bf.Types)
}

func repeatCost(b *budget, args []any) error {
	s, _ := args[0].(string)
	return b.chargeEach(max(toInt(args[1]), 0), len(s))
}

func joinCost(b *budget, args []any) error {
	glue := ""
	if len(args) > 1 {
		glue, _ = args[1].(string)
	}
	n, size := 0, 0
	switch t := args[0].(type) {
	case []string:
		n = len(t)
		for _, s := range t {
			size += len(s)
		}
	case []any:
		n = len(t)
		for _, x := range t {
			s, _ := x.(string)
			size += len(s)
		}
	}
	if err := b.step(n); err != nil {
		return err
	}
	if err := b.chargeEach(max(n-1, 0), len(glue)); err != nil {
		return err
	}
	return b.charge(size + 16*n)
}

func replaceCost(b *budget, args []any) error {
	s, _ := args[0].(string)
	old, _ := args[1].(string)
	new, _ := args[2].(string)
	if err := b.step(len(s) / 64); err != nil {
		return err
	}
	n := strings.Count(s, old)
	if len(args) > 3 {
		if m := toInt(args[3]); m >= 0 && m < n {
			n = m
		}
	}
	if err := b.chargeEach(n, max(len(new)-len(old), 0)); err != nil {
		return err
	}
	return b.charge(len(s))
}

func splitCost(b *budget, args []any) error {
	s, _ := args[0].(string)
	sep, _ := args[1].(string)
	n := utf8.RuneCountInString(s) + 1
	if sep != "" {
		n = strings.Count(s, sep) + 1
	}
	if err := b.step(n); err != nil {
		return err
	}
	return b.charge(16 * n)
}

// stringCost charges factor bytes per byte of the string argument.
func stringCost(factor int) cost {
	return func(b *budget, args []any) error {
		s, _ := args[0].(string)
		if err := b.step(len(s) / 64); err != nil {
			return err
		}
		return b.chargeEach(len(s), factor)
	}
}

// printCost charges the text of the first argument (indented as toJSON does).
func printCost(indent bool) cost {
	return func(b *budget, args []any) error {
		n, err := b.walk(args[0], 0, indent)
		if err != nil {
			return err
		}
		return b.charge(2 * n)
	}
}

// walkCost charges a walk of every argument and its elements as arrays.
func walkCost(b *budget, args []any) error {
	for _, a := range args {
		n, err := b.walk(a, 0, false)
		if err != nil {
			return err
		}
		if err := b.charge(n); err != nil {
			return err
		}
	}
	return nil
}

// walk returns about the JSON size of v in bytes (indented by two spaces a level when
// indent is set), counting a step per value and failing past MaxValueDepth.
func (b *budget) walk(v any, depth int, indent bool) (int, error) {
	if depth > MaxValueDepth {
		return 0, &limitError{fmt.Sprintf("a value nests deeper than %d (MaxValueDepth)", MaxValueDepth)}
	}
	if err := b.step(1); err != nil {
		return 0, err
	}
	line := 0
	if indent {
		line = 2*depth + 2
	}
	size := 0
	add := func(x any, key int) error {
		n, err := b.walk(x, depth+1, indent)
		size += n + key + line + 2
		if err == nil && size > MaxExprBytes {
			err = b.charge(MaxExprBytes + 1)
		}
		return err
	}
	switch t := v.(type) {
	case string:
		return len(t) + 2, nil
	case map[string]any:
		for k, x := range t {
			if err := add(x, len(k)+3); err != nil {
				return 0, err
			}
		}
	case []any:
		for _, x := range t {
			if err := add(x, 0); err != nil {
				return 0, err
			}
		}
	default:
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Slice, reflect.Array:
			for i := range rv.Len() {
				if err := add(rv.Index(i).Interface(), 0); err != nil {
					return 0, err
				}
			}
		case reflect.Map:
			for it := rv.MapRange(); it.Next(); {
				if err := add(it.Value().Interface(), 16); err != nil {
					return 0, err
				}
			}
		}
	}
	return size + 24, nil
}

// add is + on values the checker could not show to be numbers: strings are charged
// before they are joined.
func add(b *budget, args ...any) (any, error) {
	x, y := args[0], args[1]
	if s, ok := x.(string); ok {
		if t, ok := y.(string); ok {
			if err := b.charge(len(s) + len(t)); err != nil {
				return nil, err
			}
			return s + t, nil
		}
	}
	return runtime.Add(x, y), nil
}

// equal is == on values that may be containers: they are walked first.
func equal(b *budget, x, y any) (bool, error) {
	if _, err := b.walk(x, 0, false); err != nil {
		return false, err
	}
	if _, err := b.walk(y, 0, false); err != nil {
		return false, err
	}
	return runtime.Equal(x, y), nil
}

// inArray is the in operator, walking an array first.
func inArray(b *budget, args ...any) (any, error) {
	if _, err := b.walk(args[1], 0, false); err != nil {
		return nil, err
	}
	return runtime.In(args[0], args[1]), nil
}

// matchRegexp is the matches operator with a pattern that is computed or long: a match
// costs about the text's length times the pattern's.
func matchRegexp(b *budget, args ...any) (any, error) {
	s, ok1 := args[0].(string)
	re, ok2 := args[1].(string)
	if !ok1 || !ok2 {
		return false, nil
	}
	if len(s) > 0 && len(re) > 0 && len(s) > MaxExprSteps*64/len(re) {
		return nil, b.step(MaxExprSteps + 1)
	}
	if err := b.step((len(s) + 1) * (len(re) + 1) / 64); err != nil {
		return nil, err
	}
	return regexp.MatchString(re, s)
}

// toInt is expr's int conversion of a count argument (the one the builtin makes), 0 for
// what is not a number (the builtin fails on it).
func toInt(v any) (n int) {
	defer func() {
		if recover() != nil {
			n = 0
		}
	}()
	return runtime.ToInt(v)
}
