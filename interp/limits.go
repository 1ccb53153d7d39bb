package interp

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	exprbuiltin "github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"
)

// Limits of one evaluation: an expression, or all the ".$" expressions of one constructor
// together. Going past one fails the execution at once with ErrInvalidExpression, whatever
// its Catch rules, the cause naming the state, the expression and the limit.
//
// Sizes are checked before the value is built: the functions and operators that can
// build a large value (repeat, join, replace, split, upper, lower, toJSON, string,
// fromJSON, the base64 pair, concat, flatten, uniq, sort, reverse, keys, values, toPairs,
// fromPairs, take, max, min, mean, median, string +) work out the size of their result
// from their arguments and charge it to the evaluation's budget first; ranges (1..n),
// array and map literals and the results of map, filter and sortBy are counted by
// expr's VM (vm.VM.MemoryBudget) before it allocates them.
//
// Work is counted in steps, not in time, so a limit is the same on a quiet and a busy
// machine and tests can hit it exactly: one step per iteration of a predicate (the body
// of map, filter, reduce, all, any, …, which the compiler prefixes with a call that counts
// it), and one step per value a function or an equality walks. Values may share parts
// ([x, x] holds x twice at the cost of one), so every walk counts steps and stops at the
// budget: a value that would print as a terabyte is never walked to the end. MaxExprTime
// is a backstop on the wall clock for the work no step counts (one regexp match, one
// comparison of long strings), checked every 1,024 steps, where a long evaluation also
// yields its processor to other goroutines (the other sessions' requests).
const (
	// MaxExprBytes bounds the bytes of strings and values an evaluation builds, in total.
	MaxExprBytes = 1 << 20
	// MaxExprElements bounds the elements of ranges, arrays and maps expr's VM builds, in
	// total (its MemoryBudget).
	MaxExprElements = 100_000
	// MaxExprSteps bounds the predicate iterations and values walked by an evaluation.
	MaxExprSteps = 100_000
	// MaxExprTime bounds the wall time of one evaluation, checked every 1,024 steps.
	MaxExprTime = time.Second
	// MaxExprDepth bounds the nesting of brackets (calls, parentheses, array and map
	// literals, indexes) in an expression's text; checked when it is compiled.
	MaxExprDepth = 64
	// MaxExprNodes bounds the syntax-tree nodes of one expression (expr.MaxNodes).
	MaxExprNodes = 10_000
	// MaxExprLength bounds the bytes of an expression's text: expr's parser recurses on
	// unary operators before it counts nodes, so the text's length bounds its stack.
	MaxExprLength = 8 << 10
	// MaxValueDepth bounds the nesting of a value an expression returns or a function
	// walks: what encoding/json reads back.
	MaxValueDepth = 10_000
)

// budget is what is left to one evaluation. Functions that build a value charge its size
// with charge or chargeEach before they allocate it, and the work they do with step
// (one per element or about 64 bytes they go through); all return a
// *limitError past the limit, which the function returns as its error:
//
//	expr option in compile():  budgeted("pad", func(b *budget, args ...any) (any, error) {
//		s, n := args[0].(string), args[1].(int)
//		if err := b.chargeEach(n, len(s)); err != nil { // before strings.Repeat
//			return nil, err
//		}
//		…
//	}, new(func(string, int) string))
//
// A budget belongs to one evaluation and is not safe for concurrent use.
type budget struct {
	bytes, steps int
	start        time.Time
	// clock and random are the execution's, for now(), uuid() and randomInt(); nil
	// outside an execution (now() then reads wall time, the random functions fail).
	clock  Clock
	random rand.Source
}

func newBudget() *budget { return &budget{start: time.Now()} }

// limitError is an evaluation that went past a limit.
type limitError struct{ msg string }

func (e *limitError) Error() string { return "limit exceeded: " + e.msg }

// charge counts n bytes about to be built.
func (b *budget) charge(n int) error {
	if n < 0 || n > MaxExprBytes-b.bytes {
		return &limitError{fmt.Sprintf("the expression would build more than %d bytes (MaxExprBytes)", MaxExprBytes)}
	}
	b.bytes += n
	return nil
}

// chargeEach counts n values of size bytes each about to be built (n×size cannot
// overflow here).
func (b *budget) chargeEach(n, size int) error {
	if n < 0 || size < 0 || (n > 0 && size > MaxExprBytes/n) {
		return b.charge(-1)
	}
	return b.charge(n * size)
}

// step counts n steps of work about to be done.
func (b *budget) step(n int) error {
	if n < 0 || n > MaxExprSteps-b.steps {
		return &limitError{fmt.Sprintf("the expression would take more than %d steps (MaxExprSteps)", MaxExprSteps)}
	}
	before := b.steps
	b.steps += n
	if b.steps>>10 == before>>10 {
		return nil
	}
	if time.Since(b.start) > MaxExprTime {
		return &limitError{fmt.Sprintf("the expression ran longer than %v (MaxExprTime)", MaxExprTime)}
	}
	runtime.Gosched() // a long evaluation lets the other sessions' requests run
	return nil
}

// budgetVar is the hidden variable that holds the evaluation's budget; it is not a valid
// identifier, so an expression cannot name it.
const budgetVar = "budget!"

var budgetType = reflect.TypeOf((*budget)(nil))

// budgeted is expr.Function for a function that gets the evaluation's budget before its
// arguments: the compiler adds it to every call. types are the function's signatures
// without the budget, as for expr.Function; none means any arguments, any result.
func budgeted(name string, fn func(b *budget, args ...any) (any, error), types ...any) expr.Option {
	ts := make([]reflect.Type, len(types))
	for i, t := range types {
		ts[i] = reflect.TypeOf(t)
		if ts[i].Kind() == reflect.Pointer {
			ts[i] = ts[i].Elem()
		}
	}
	return budgetedTypes(name, fn, ts)
}

// budgetedTypes is budgeted with the signatures as reflect types.
func budgetedTypes(name string, fn func(b *budget, args ...any) (any, error), types []reflect.Type) expr.Option {
	f := budgetedFunction(name, fn, types)
	return func(c *conf.Config) { c.Functions[name] = f }
}

// budgetedFunction is the function budgetedTypes declares.
func budgetedFunction(name string, fn func(b *budget, args ...any) (any, error), types []reflect.Type) *exprbuiltin.Function {
	if len(types) == 0 {
		types = []reflect.Type{reflect.TypeOf(new(func(...any) any)).Elem()}
	}
	ts := make([]reflect.Type, len(types))
	for i, t := range types {
		in := []reflect.Type{budgetType}
		for j := range t.NumIn() {
			in = append(in, t.In(j))
		}
		out := make([]reflect.Type, t.NumOut())
		for j := range out {
			out[j] = t.Out(j)
		}
		ts[i] = reflect.FuncOf(in, out, t.IsVariadic())
	}
	call := func(args ...any) (any, error) {
		b, ok := args[0].(*budget)
		if !ok {
			return nil, errors.New(name + ": no budget")
		}
		return fn(b, args[1:]...)
	}
	return &exprbuiltin.Function{Name: name, Func: call, Types: ts}
}

// isBudgeted tells whether f takes the evaluation's budget first.
func isBudgeted(f *exprbuiltin.Function) bool {
	return len(f.Types) > 0 && f.Types[0].NumIn() > 0 && f.Types[0].In(0) == budgetType
}

// checkNesting refuses an expression longer than MaxExprLength, or whose brackets nest
// deeper than MaxExprDepth,
// before it is parsed (expr's parser recurses on them). Brackets in string literals and
// comments do not count; they are read as expr's lexer reads them.
func checkNesting(src string) error {
	if len(src) > MaxExprLength {
		return fmt.Errorf("is %d bytes long, more than %d (MaxExprLength)", len(src), MaxExprLength)
	}
	depth, quote := 0, byte(0)
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case quote == 0 && strings.HasPrefix(src[i:], "//"):
			if n := strings.IndexByte(src[i:], '\n'); n >= 0 {
				i += n
			} else {
				i = len(src)
			}
		case quote == 0 && strings.HasPrefix(src[i:], "/*"):
			if n := strings.Index(src[i+2:], "*/"); n >= 0 {
				i += n + 3
			} else {
				i = len(src)
			}
		case quote != 0:
			if c == '\\' && quote != '`' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '(' || c == '[' || c == '{':
			if depth++; depth > MaxExprDepth {
				return fmt.Errorf("nests more than %d brackets (MaxExprDepth)", MaxExprDepth)
			}
		case c == ')' || c == ']' || c == '}':
			depth--
		}
	}
	return nil
}

// limitCause is the cause of an evaluation error that is a limit, "" for any other.
func limitCause(err error) string {
	var le *limitError
	switch {
	case errors.As(err, &le):
		return le.Error()
	case strings.Contains(err.Error(), "memory budget exceeded"):
		return fmt.Sprintf("limit exceeded: the expression would build more than %d array, map or range elements (MaxExprElements)", MaxExprElements)
	}
	return ""
}

// runError is the error of an evaluation that failed: past a limit, the execution fails
// with ErrInvalidExpression whatever its Catch rules; otherwise a state error with the
// code exprCode gives it.
func (ev *evaluator) runError(state, src string, err error) error {
	cause := limitCause(err)
	if cause == "" {
		return &TaskError{exprCode(err), fmt.Sprintf("state %s: expression %q: %s", state, short(src), firstLine(err))}
	}
	cause = fmt.Sprintf("state %s: expression %q: %s", state, short(src), cause)
	if ev.run != nil {
		return ev.run.fatal(ErrInvalidExpression, cause)
	}
	return &TaskError{ErrInvalidExpression, cause}
}

// The longest waits, as the service documents them; a dynamic wait past one (or
// negative) fails the state with ErrRuntime naming it, where a time.Duration would
// overflow and end the wait at once.
const (
	// MaxWaitSeconds bounds a Wait state's Seconds.$ (Seconds is 1–300, which fdl checks).
	MaxWaitSeconds = 300
	// MaxWaitDuration bounds an old-dialect wait step's duration path and how far ahead
	// its timestamp may be (2 days).
	MaxWaitDuration = 48 * time.Hour
)

// waitValue describes the value a dynamic wait gave, for messages: a number itself, else
// its JSON type.
func waitValue(v any) string {
	if n, ok := seconds(v); ok {
		return fmt.Sprint(n)
	}
	return kind(v)
}

// short is an expression's text for messages: at most 256 bytes, then "…".
func short(src string) string {
	if len(src) <= 256 {
		return src
	}
	return strings.ToValidUTF8(src[:256], "") + "…"
}
