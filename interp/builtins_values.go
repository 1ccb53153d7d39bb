package interp

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"
)

// The built-in functions on Base64, arrays, objects, hashes, UUIDs and JSON, and the
// nesting check.

// fnToBase64 encodes a string in standard Base64.
func fnToBase64(args ...any) (any, error) {
	s, err := onlyArg("toBase64", args, "string", strArg)
	if err != nil {
		return nil, err
	}
	if err := builtLimit("toBase64", base64.StdEncoding.EncodedLen(len(s))); err != nil {
		return nil, err
	}
	return base64.StdEncoding.EncodeToString([]byte(s)), nil
}

// fnFromBase64 decodes a standard Base64 string.
func fnFromBase64(args ...any) (any, error) {
	s, err := onlyArg("fromBase64", args, "Base64 string", strArg)
	if err != nil {
		return nil, err
	}
	data, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, &fnError{"fromBase64", fmt.Sprintf("argument 1 is not Base64: %v", err)}
	}
	if !utf8.Valid(data) {
		return nil, &fnError{"fromBase64", "argument 1 decodes to bytes that are not UTF-8 text"}
	}
	return string(data), nil
}

// fnArrayContains says whether an array holds an element equal to the value (JSON
// equality: 1 and 1.0 are equal).
func fnArrayContains(args ...any) (any, error) {
	if err := arity("arrayContains", args, 2); err != nil {
		return nil, err
	}
	a, err := arrArg("arrayContains", args, 0, "array")
	if err != nil {
		return nil, err
	}
	return slices.ContainsFunc(a, func(x any) bool { return jsonEqual(x, args[1]) }), nil
}

// fnArrayUnique is an array without its repeated elements, first occurrences kept in order.
func fnArrayUnique(args ...any) (any, error) {
	a, err := onlyArg("arrayUnique", args, "array", arrArg)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(a))
	seen := map[string]bool{}
	for _, x := range a {
		key, err := encode(x)
		if err != nil {
			return nil, &fnError{"arrayUnique", fmt.Sprintf("an element is not JSON: %v", err)}
		}
		if !seen[string(key)] {
			seen[string(key)] = true
			out = append(out, x)
		}
	}
	return out, nil
}

// fnToArray is an array of its arguments.
func fnToArray(args ...any) (any, error) {
	return append([]any{}, args...), nil
}

// fnMapKeys are the keys of an object, sorted (the service's order is not documented; a
// sorted one replays).
func fnMapKeys(args ...any) (any, error) {
	m, err := onlyArg("mapKeys", args, "object", mapArg)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, k)
	}
	return out, nil
}

// fnMapValues are the values of an object, in the order of its sorted keys.
func fnMapValues(args ...any) (any, error) {
	m, err := onlyArg("mapValues", args, "object", mapArg)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out, nil
}

// hashes are the algorithms of hash, by their documented names.
var hashes = map[string]func() hash.Hash{"MD5": md5.New, "SHA-1": sha1.New, "SHA-256": sha256.New, "SHA-512": sha512.New}

// fnHash is the lowercase hex digest of a string's UTF-8 bytes by an algorithm: MD5,
// SHA-1, SHA-256 or SHA-512 (any letter case).
func fnHash(args ...any) (any, error) {
	s, alg, err := twoStrings("hash", args, "input", "algorithm")
	if err != nil {
		return nil, err
	}
	h, ok := hashes[strings.ToUpper(alg)]
	if !ok {
		return nil, &fnError{"hash", fmt.Sprintf("argument 2 (algorithm) is %q, want MD5, SHA-1, SHA-256 or SHA-512", alg)}
	}
	d := h()
	d.Write([]byte(s))
	return hex.EncodeToString(d.Sum(nil)), nil
}

// uuid is a random (version 4) UUID drawn from the execution's random source.
func uuid(bud *budget, args ...any) (any, error) {
	if err := arity("uuid", args, 0); err != nil {
		return nil, err
	}
	random, err := bud.randomSource("uuid")
	if err != nil {
		return nil, err
	}
	var b [16]byte
	for i := range 2 {
		v := random.Uint64()
		for j := range 8 {
			b[i*8+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

// fnStringToJSON parses JSON text holding an object (stringToJson, alias fromJSON).
func fnStringToJSON(args ...any) (any, error) {
	s, err := onlyArg("stringToJson", args, "JSON string", strArg)
	if err != nil {
		return nil, err
	}
	m, err := decodeObject(s)
	if err != nil {
		return nil, &fnError{"stringToJson", fmt.Sprintf("argument 1 is not a JSON object: %v", err)}
	}
	return m, nil
}

// fnJSONToString writes a value as compact JSON text, object keys sorted (jsonToString,
// alias toJSON); name is the name it was called by.
func fnJSONToString(name string) func(args ...any) (any, error) {
	return func(args ...any) (any, error) {
		if err := arity(name, args, 1); err != nil {
			return nil, err
		}
		data, err := encode(args[0])
		if err != nil {
			return nil, &fnError{name, fmt.Sprintf("argument 1 is not JSON: %v", err)}
		}
		if err := builtLimit(name, len(data)); err != nil {
			return nil, err
		}
		return string(data), nil
	}
}

// fnJSONMerge merges two objects key by key, the second winning on a clash.
func fnJSONMerge(args ...any) (any, error) {
	if err := arity("jsonMerge", args, 2); err != nil {
		return nil, err
	}
	a, err := mapArg("jsonMerge", args, 0, "first object")
	if err != nil {
		return nil, err
	}
	b, err := mapArg("jsonMerge", args, 1, "second object")
	if err != nil {
		return nil, err
	}
	return merge(a, b), nil
}

// equal is JSON equality of two values: numbers by value, arrays and objects deeply.
func jsonEqual(a, b any) bool {
	if x, ok := seconds(a); ok {
		y, ok := seconds(b)
		return ok && x == y
	}
	switch t := a.(type) {
	case []any:
		u, ok := b.([]any)
		return ok && slices.EqualFunc(t, u, jsonEqual)
	case map[string]any:
		u, ok := b.(map[string]any)
		return ok && maps.EqualFunc(t, u, jsonEqual)
	}
	return reflect.DeepEqual(a, b)
}

// checkCallDepth refuses an expression whose function calls nest deeper than maxCallDepth.
func checkCallDepth(n ast.Node) error {
	if d := callDepth(n); d > maxCallDepth {
		return fmt.Errorf("function calls nest %d deep, more than the %d allowed", d, maxCallDepth)
	}
	return nil
}

// callDepth is the deepest nesting of function calls in n (0: no call).
func callDepth(n ast.Node) int {
	calls := 0
	var kids []ast.Node
	switch t := n.(type) {
	case *ast.CallNode:
		calls, kids = 1, append([]ast.Node{t.Callee}, t.Arguments...)
	case *ast.BuiltinNode:
		calls, kids = 1, t.Arguments
	case *ast.UnaryNode:
		kids = []ast.Node{t.Node}
	case *ast.BinaryNode:
		kids = []ast.Node{t.Left, t.Right}
	case *ast.ChainNode:
		kids = []ast.Node{t.Node}
	case *ast.MemberNode:
		kids = []ast.Node{t.Node, t.Property}
	case *ast.SliceNode:
		kids = []ast.Node{t.Node, t.From, t.To}
	case *ast.PredicateNode:
		kids = []ast.Node{t.Node}
	case *ast.VariableDeclaratorNode:
		kids = []ast.Node{t.Value, t.Expr}
	case *ast.SequenceNode:
		kids = t.Nodes
	case *ast.ConditionalNode:
		kids = []ast.Node{t.Cond, t.Exp1, t.Exp2}
	case *ast.ArrayNode:
		kids = t.Nodes
	case *ast.MapNode:
		kids = t.Pairs
	case *ast.PairNode:
		kids = []ast.Node{t.Key, t.Value}
	}
	deepest := 0
	for _, k := range kids {
		if k != nil {
			deepest = max(deepest, callDepth(k))
		}
	}
	return calls + deepest
}
