package interp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Values: the interpreter holds JSON as Go values, objects as map[string]any, arrays as
// []any, numbers as int when integral and within int64 (so large IDs keep every digit)
// and float64 otherwise, strings, booleans and nil. Values are shared between states and
// branches and never changed in place: every constructor, mapping and merge builds a new
// map.

// decode parses JSON text into a value.
func decode[T ~string | ~[]byte](data T) (any, error) {
	if v, ok := parseFast(string(data)); ok {
		return v, nil
	}
	return decodeReflected([]byte(data))
}

// decodeReflected is decode by encoding/json, for any text: it gives the value, or the
// error that says what is wrong with the text.
func decodeReflected(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("text after the JSON value")
	}
	return numbers(v), nil
}

// numbers replaces the json.Numbers of v with int or float64.
func numbers(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = numbers(x)
		}
	case []any:
		for i, x := range t {
			t[i] = numbers(x)
		}
	case json.Number:
		return number(t)
	}
	return v
}

// number converts n to int when it is integral and fits, else to float64.
func number(n json.Number) any {
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil && i >= math.MinInt && i <= math.MaxInt {
		return int(i)
	}
	f, _ := n.Float64()
	return f
}

// decodeObject parses JSON text that must hold an object; empty text is {}.
func decodeObject[T ~string | ~[]byte](data T) (map[string]any, error) {
	if blank(data) {
		return map[string]any{}, nil
	}
	v, err := decode(data)
	if err != nil {
		return nil, err
	}
	return asObject(v)
}

// asObject is v, a decoded value that must be an object.
func asObject(v any) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want a JSON object, got %s", kind(v))
	}
	return m, nil
}

// normalize turns the result of an expression into a JSON value: Go values that are not
// already one (other number types, typed slices and maps, times, structs) go through
// encoding/json.
func normalize(v any) (any, error) {
	switch t := v.(type) {
	case nil, string, bool, int:
		return v, nil
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, fmt.Errorf("%v is not a JSON number", t)
		}
		return t, nil
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			n, err := normalize(x)
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			n, err := normalize(x)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	}
	data, err := encode(v)
	if err != nil {
		return nil, err
	}
	return decode(data)
}

// merge returns a new object with the keys of a, then those of b (b wins).
func merge(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// kind names the JSON type of v for messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int, float64:
		return "a number"
	}
	return reflect.TypeOf(v).String()
}

// seconds converts a number of seconds to a duration.
func seconds(v any) (float64, bool) {
	switch t := v.(type) {
	case int:
		return float64(t), true
	case float64:
		return t, true
	}
	return 0, false
}

// blank tells whether data is empty or white space (as bytes.TrimSpace sees it).
func blank[T ~string | ~[]byte](data T) bool {
	for i := 0; i < len(data); {
		r, size := rune(data[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(string(data[i:min(i+utf8.UTFMax, len(data))]))
		}
		if !unicode.IsSpace(r) {
			return false
		}
		i += size
	}
	return true
}

// compact tells whether the JSON text s has no white space outside its strings: whether
// json.Compact would leave it as it is.
func compact(s string) bool {
	in, escaped := false, false
	for i := range len(s) {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case in && c == '\\':
			escaped = true
		case c == '"':
			in = !in
		case !in && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return false
		}
	}
	return true
}
