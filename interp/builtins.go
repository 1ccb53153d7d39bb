package interp

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	exprbuiltin "github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"
)

// The built-in functions of CloudFlow's FDL (the documentation page "built-in functions"),
// with their documented argument and result types. Each is an expr.Function whose types
// let the checker refuse a wrong literal argument when the expression is compiled; an
// argument of the wrong type at run time fails the state with ErrInvalidExpression, naming
// the function and the argument. The random ones (uuid, randomInt) draw from the
// execution's Params.Random, so runs replay.

// maxCallDepth is how deeply function calls may nest in one expression, as documented.
const maxCallDepth = 10

// maxBuilt bounds the bytes a built-in function builds for one result (a string, or the
// elements of an array or object), so no expression can grow a value without bound.
const maxBuilt = 1 << 20

// fnError is a built-in function refusing its arguments.
type fnError struct{ fn, msg string }

func (e *fnError) Error() string { return e.fn + ": " + e.msg }

// exprCode is the error code of a failed evaluation: ErrInvalidExpression when a built-in
// function refused its arguments, else ErrRuntime.
func exprCode(err error) string {
	var fe *fnError
	if errors.As(err, &fe) {
		return ErrInvalidExpression
	}
	return ErrRuntime
}

// builtin is one built-in function: its name, implementation, and the signatures the
// checker allows (pointers to func types, as expr.Function takes them). The random ones
// take the evaluation's budget first, which carries the execution's random source.
type builtin struct {
	name   string
	fn     func(args ...any) (any, error)
	types  []any
	random func(b *budget, args ...any) (any, error) // set instead of fn
}

// declareBuiltins is the expr option declaring every built-in function, and now() reading
// the execution's clock; all are built once and shared by every program. They take
// precedence over expr's builtins and other functions of the same name.
func declareBuiltins(c *conf.Config) {
	fns := maps.Clone(builtinFunctions())
	for name, f := range c.Functions {
		if _, ok := fns[name]; !ok {
			fns[name] = f
		}
	}
	c.Functions = fns
}

// builtinFunctions are the built-in functions and now(), by name.
var builtinFunctions = sync.OnceValue(func() map[string]*exprbuiltin.Function {
	fns := map[string]*exprbuiltin.Function{}
	for _, b := range builtinTable() {
		fns[b.name] = function(b)
	}
	fns["now"] = budgetedFunction("now", fnNow, []reflect.Type{reflect.TypeFor[func() time.Time]()})
	return fns
})

// fnNow is the time on the execution's clock (wall time outside an execution).
func fnNow(b *budget, _ ...any) (any, error) {
	if b.clock == nil {
		return time.Now(), nil
	}
	return b.clock.Now(), nil
}

// function is b as expr declares a function (what expr.Function builds).
func function(b builtin) *exprbuiltin.Function {
	ts := make([]reflect.Type, len(b.types))
	for i, t := range b.types {
		ts[i] = reflect.TypeOf(t).Elem()
	}
	if b.random != nil {
		return budgetedFunction(b.name, b.random, ts)
	}
	return &exprbuiltin.Function{Name: b.name, Func: b.fn, Types: ts}
}

// BuiltinNames are the names of the built-in functions, sorted.
func BuiltinNames() []string {
	var names []string
	for _, b := range builtinTable() {
		names = append(names, b.name)
	}
	slices.Sort(names)
	return names
}

// builtinTable lists the built-in functions by documented category.
func builtinTable() []builtin {
	return []builtin{
		// Common operations.
		{"format", fnFormat, []any{new(func(string, ...any) string)}, nil},
		{"length", fnLength, []any{new(func(any) int)}, nil}, // a string, an array or an object
		{"regexMatchString", fnRegexMatch, []any{new(func(string, string) bool)}, nil},
		{"split", fnSplit, []any{new(func(string, string) []any)}, nil},
		{"get", fnGet, []any{new(func(any, any) any)}, nil}, // an array and an index, or an object and a key
		{"intAdd", fnIntAdd, []any{new(func(int, int) int)}, nil},
		{"randomInt", nil, []any{new(func(int, int) int)}, randomInt},
		// Array operations.
		{"arrayContains", fnArrayContains, []any{new(func([]any, any) bool)}, nil},
		{"arrayUnique", fnArrayUnique, []any{new(func([]any) []any)}, nil},
		{"toArray", fnToArray, []any{new(func(...any) []any)}, nil},
		// Map operations.
		{"mapKeys", fnMapKeys, []any{new(func(map[string]any) []any)}, nil},
		{"mapValues", fnMapValues, []any{new(func(map[string]any) []any)}, nil},
		// Data encoding and decoding.
		{"toBase64", fnToBase64, []any{new(func(string) string)}, nil},
		{"fromBase64", fnFromBase64, []any{new(func(string) string)}, nil},
		// Hash calculation and UUID generation.
		{"hash", fnHash, []any{new(func(string, string) string)}, nil},
		{"uuid", nil, []any{new(func() string)}, uuid},
		// JSON data operations.
		{"stringToJson", fnStringToJSON, []any{new(func(string) map[string]any)}, nil},
		{"fromJSON", fnStringToJSON, []any{new(func(string) map[string]any)}, nil},
		{"jsonToString", fnJSONToString("jsonToString"), []any{new(func(any) string)}, nil},
		{"toJSON", fnJSONToString("toJSON"), []any{new(func(any) string)}, nil},
		{"jsonMerge", fnJSONMerge, []any{new(func(map[string]any, map[string]any) map[string]any)}, nil},
	}
}

// argError is the error for argument i (from 1) of fn, named what, being v instead of want.
func argError(fn string, i int, what string, v any, want string) error {
	return &fnError{fn, fmt.Sprintf("argument %d (%s) is %s, want %s", i, what, kind(v), want)}
}

// arity checks that fn got n arguments.
func arity(fn string, args []any, n int) error {
	if len(args) != n {
		return &fnError{fn, fmt.Sprintf("takes %d arguments, got %d", n, len(args))}
	}
	return nil
}

// strArg is argument i (from 0) of fn as a string.
func strArg(fn string, args []any, i int, what string) (string, error) {
	s, ok := args[i].(string)
	if !ok {
		return "", argError(fn, i+1, what, args[i], "a string")
	}
	return s, nil
}

// intArg is argument i (from 0) of fn as an integer (an integral number).
func intArg(fn string, args []any, i int, what string) (int, error) {
	switch t := args[i].(type) {
	case int:
		return t, nil
	case float64:
		if t == float64(int(t)) {
			return int(t), nil
		}
	}
	return 0, argError(fn, i+1, what, args[i], "an integer")
}

// onlyArg is the only argument of fn, named what, converted by get.
func onlyArg[T any](fn string, args []any, what string, get func(string, []any, int, string) (T, error)) (T, error) {
	if err := arity(fn, args, 1); err != nil {
		var zero T
		return zero, err
	}
	return get(fn, args, 0, what)
}

// twoStrings are the two arguments of fn, both strings, named a and b.
func twoStrings(fn string, args []any, a, b string) (string, string, error) {
	if err := arity(fn, args, 2); err != nil {
		return "", "", err
	}
	x, err := strArg(fn, args, 0, a)
	if err != nil {
		return "", "", err
	}
	y, err := strArg(fn, args, 1, b)
	return x, y, err
}

// twoInts are the two arguments of fn, both integers, named a and b.
func twoInts(fn string, args []any, a, b string) (int, int, error) {
	if err := arity(fn, args, 2); err != nil {
		return 0, 0, err
	}
	x, err := intArg(fn, args, 0, a)
	if err != nil {
		return 0, 0, err
	}
	y, err := intArg(fn, args, 1, b)
	return x, y, err
}

// arrArg is argument i (from 0) of fn as an array.
func arrArg(fn string, args []any, i int, what string) ([]any, error) {
	a, ok := args[i].([]any)
	if !ok {
		return nil, argError(fn, i+1, what, args[i], "an array")
	}
	return a, nil
}

// mapArg is argument i (from 0) of fn as an object.
func mapArg(fn string, args []any, i int, what string) (map[string]any, error) {
	m, ok := args[i].(map[string]any)
	if !ok {
		return nil, argError(fn, i+1, what, args[i], "an object")
	}
	return m, nil
}

// budget refuses a result of fn that would be n bytes or elements, more than maxBuilt.
func builtLimit(fn string, n int) error {
	if n > maxBuilt {
		return &fnError{fn, fmt.Sprintf("the result would be %d bytes or elements, more than %d", n, maxBuilt)}
	}
	return nil
}

// fnFormat fills the {} placeholders of a template with the arguments, in order: strings
// as they are, other values as JSON.
func fnFormat(args ...any) (any, error) {
	if len(args) == 0 {
		return nil, &fnError{"format", "takes a template and its arguments, got no arguments"}
	}
	tpl, err := strArg("format", args, 0, "template")
	if err != nil {
		return nil, err
	}
	parts := strings.Split(tpl, "{}")
	if n := len(parts) - 1; n != len(args)-1 {
		return nil, &fnError{"format", fmt.Sprintf("the template has %d placeholders but %d arguments follow it", n, len(args)-1)}
	}
	var b strings.Builder
	for i, p := range parts {
		b.WriteString(p)
		if i+1 < len(parts) {
			s, err := text(args[i+1])
			if err != nil {
				return nil, &fnError{"format", fmt.Sprintf("argument %d: %v", i+2, err)}
			}
			b.WriteString(s)
		}
		if err := builtLimit("format", b.Len()); err != nil {
			return nil, err
		}
	}
	return b.String(), nil
}

// text is v as format writes it: a string as is, anything else as JSON.
func text(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	data, err := encode(v)
	return string(data), err
}

// fnLength is the length of a string (in characters), an array or an object.
func fnLength(args ...any) (any, error) {
	if err := arity("length", args, 1); err != nil {
		return nil, err
	}
	switch t := args[0].(type) {
	case string:
		return utf8.RuneCountInString(t), nil
	case []any:
		return len(t), nil
	case map[string]any:
		return len(t), nil
	}
	return nil, argError("length", 1, "value", args[0], "a string, an array or an object")
}

// fnRegexMatch says whether a string matches a regular expression (RE2 syntax); the
// pattern comes first, as in Go's regexp.MatchString.
func fnRegexMatch(args ...any) (any, error) {
	pattern, s, err := twoStrings("regexMatchString", args, "pattern", "string")
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, &fnError{"regexMatchString", fmt.Sprintf("argument 1 (pattern) is not a regular expression: %v", err)}
	}
	return re.MatchString(s), nil
}

// fnSplit splits a string around each instance of a delimiter.
func fnSplit(args ...any) (any, error) {
	s, sep, err := twoStrings("split", args, "string", "delimiter")
	if err != nil {
		return nil, err
	}
	if sep == "" {
		if err := builtLimit("split", utf8.RuneCountInString(s)); err != nil {
			return nil, err
		}
	}
	parts := strings.Split(s, sep)
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

// fnGet is the element of an array at an index (from 0), or the value of an object's key;
// null when there is none.
func fnGet(args ...any) (any, error) {
	if err := arity("get", args, 2); err != nil {
		return nil, err
	}
	switch t := args[0].(type) {
	case []any:
		i, err := intArg("get", args, 1, "index")
		if err != nil {
			return nil, err
		}
		if i < 0 || i >= len(t) {
			return nil, nil
		}
		return t[i], nil
	case map[string]any:
		k, err := strArg("get", args, 1, "key")
		if err != nil {
			return nil, err
		}
		return t[k], nil
	}
	return nil, argError("get", 1, "collection", args[0], "an array or an object")
}

// fnIntAdd adds two integers.
func fnIntAdd(args ...any) (any, error) {
	a, b, err := twoInts("intAdd", args, "first addend", "second addend")
	if err != nil {
		return nil, err
	}
	if s := a + b; (s > a) == (b > 0) {
		return s, nil
	}
	return nil, &fnError{"intAdd", fmt.Sprintf("%d + %d overflows a 64-bit integer", a, b)}
}
