package interp

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/fdl"
)

// evalBuiltin compiles and runs src as a new-dialect expression over $Input = input, with
// a fixed random source; it returns the JSON of the result, or the error's code and text.
func evalBuiltin(t *testing.T, src string, input map[string]any) (got string, code string, msg string) {
	t.Helper()
	ps := newPrograms()
	n := uint64(0)
	ev := evaluator{ps: ps, random: source(func() uint64 { n++; return n * 0x9e3779b97f4a7c15 })}
	if err := ps.compile(newPlain, src); err != nil {
		return "", ErrInvalidExpression, err.Error()
	}
	v, err := ev.eval(newPlain, src, fixedVars(map[string]any{"$Input": input, "$Context": map[string]any{}, "$Global": map[string]any{}}), "S")
	if err != nil {
		var se *TaskError
		if !errors.As(err, &se) {
			t.Fatalf("eval %s: %v is not a TaskError", src, err)
		}
		return "", se.Code, se.Cause
	}
	data, err := encode(v)
	if err != nil {
		t.Fatalf("encode %v: %v", v, err)
	}
	return string(data), "", ""
}

// TestBuiltinExamples runs the documentation's examples (input → output) and a few more
// per function.
func TestBuiltinExamples(t *testing.T) {
	in := map[string]any{"name": "Tom", "age": 10, "tags": []any{"a", "b", "a"}, "big": 1e3,
		"obj": map[string]any{"b": 2, "a": 1}, "json": `{"name": "Tom", "age": 10}`}
	tests := []struct{ name, src, want string }{
		// Documented examples.
		{"format doc", `format("hello {}","world")`, `"hello world"`},
		{"length array doc", `length([1, 2, 3])`, `3`},
		{"length map doc", `length({"name": "Tom", "age": 10})`, `2`},
		{"length string doc", `length("name")`, `4`},
		{"arrayContains doc true", `arrayContains(["Tom",10],10)`, `true`},
		{"arrayContains doc false", `arrayContains(["Tom",10],"Jack")`, `false`},
		{"arrayUnique doc", `arrayUnique([1, 2, 3, 1])`, `[1,2,3]`},
		{"fromBase64 doc", `fromBase64("Rm5G")`, `"FnF"`},
		{"stringToJson doc", `stringToJson('{"name": "Tom", "age": 10}')`, `{"age":10,"name":"Tom"}`},
		{"fromJSON doc alias", `fromJSON('{"name": "Tom", "age": 10}')`, `{"age":10,"name":"Tom"}`},
		{"hash doc", `hash("abc","MD5")`, `"900150983cd24fb0d6963f7d28e17f72"`},
		{"jsonMerge doc", `jsonMerge({"name": "Tom", "age": 10},{"name": "Tom", "address": "beijing"})`, `{"address":"beijing","age":10,"name":"Tom"}`},
		{"format in constructor doc", `format('Hello, {}', $Input.name)`, `"Hello, Tom"`},
		// More per function.
		{"format values as JSON", `format("{} is {}; {}", $Input.name, $Input.age, $Input.obj)`, `"Tom is 10; {\"a\":1,\"b\":2}"`},
		{"format no placeholder", `format("plain")`, `"plain"`},
		{"length unicode", `length("云工作流")`, `4`},
		{"length input array", `length($Input.tags)`, `3`},
		{"regexMatchString match", `regexMatchString("^T[a-z]+$", $Input.name)`, `true`},
		{"regexMatchString no match", `regexMatchString("^\\d+$", "12a")`, `false`},
		{"split", `split("a,b,,c", ",")`, `["a","b","","c"]`},
		{"get array", `get([10, 20, 30], 1)`, `20`},
		{"get array out of range", `get([10], 5)`, `null`},
		{"get map", `get($Input.obj, "b")`, `2`},
		{"get map missing", `get($Input.obj, "z")`, `null`},
		{"intAdd", `intAdd(40, 2)`, `42`},
		{"intAdd integral float", `intAdd($Input.big, 1)`, `1001`},
		{"randomInt one value", `randomInt(7, 8)`, `7`},
		{"arrayContains object", `arrayContains([{"a": 1}], {"a": 1.0})`, `true`},
		{"arrayUnique strings", `arrayUnique($Input.tags)`, `["a","b"]`},
		{"arrayUnique mixed", `arrayUnique([1, 1.0, "1", [1], [1]])`, `[1,"1",[1]]`},
		{"toArray", `toArray(1, "two", {"three": 3})`, `[1,"two",{"three":3}]`},
		{"toArray none", `toArray()`, `[]`},
		{"mapKeys sorted", `mapKeys($Input.obj)`, `["a","b"]`},
		{"mapValues by sorted keys", `mapValues($Input.obj)`, `[1,2]`},
		{"toBase64", `toBase64("FnF")`, `"Rm5G"`},
		{"base64 round trip", `fromBase64(toBase64("云工作流"))`, `"云工作流"`},
		{"hash SHA-1", `hash("abc", "SHA-1")`, `"a9993e364706816aba3e25717850c26c9cd0d89d"`},
		{"hash SHA-256", `hash("abc", "SHA-256")`, `"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"`},
		{"hash sha-512 any case", `length(hash("abc", "sha-512"))`, `128`},
		{"stringToJson from input", `stringToJson($Input.json).name`, `"Tom"`},
		{"jsonToString", `jsonToString({"b": [1, true], "a": nil})`, `"{\"a\":null,\"b\":[1,true]}"`},
		{"toJSON alias", `toJSON("x")`, `"\"x\""`},
		{"jsonMerge second wins", `jsonMerge({"a": 1}, {"a": 2})`, `{"a":2}`},
		{"nested ten deep", strings.Repeat("toArray(", 10) + strings.Repeat(")", 10), `[[[[[[[[[[]]]]]]]]]]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, code, msg := evalBuiltin(t, tt.src, in)
			if code != "" || got != tt.want {
				t.Errorf("%s = %s (error %s %s), want %s", tt.src, got, code, msg, tt.want)
			}
		})
	}
}

// TestBuiltinErrors: wrong argument types and counts, bad values and over-deep nesting
// are FnF.InvalidExpression naming the function (at compile time when the checker sees
// the types, else when the expression runs).
func TestBuiltinErrors(t *testing.T) {
	in := map[string]any{"n": 5, "s": "x", "f": 1.5, "arr": []any{1}, "obj": map[string]any{}}
	tests := []struct{ name, src, want string }{
		{"format template literal number", `format(1, "a")`, "format"},
		{"format template input number", `format($Input.n)`, "format: argument 1 (template) is a number, want a string"},
		{"format too few arguments", `format("{} {}", "a")`, "format: the template has 2 placeholders but 1 arguments follow it"},
		{"format too many arguments", `format("{}", "a", "b")`, "format: the template has 1 placeholders but 2 arguments follow it"},
		{"length number", `length($Input.n)`, "length: argument 1 (value) is a number, want a string, an array or an object"},
		{"length no argument", `length()`, "length"},
		{"regexMatchString bad pattern", `regexMatchString("(", "x")`, "regexMatchString: argument 1 (pattern) is not a regular expression"},
		{"regexMatchString object", `regexMatchString($Input.s, $Input.obj)`, "regexMatchString: argument 2 (string) is an object, want a string"},
		{"split array", `split($Input.arr, ",")`, "split: argument 1 (string) is an array, want a string"},
		{"get string", `get($Input.s, 1)`, "get: argument 1 (collection) is a string, want an array or an object"},
		{"get array by key", `get($Input.arr, $Input.s)`, "get: argument 2 (index) is a string, want an integer"},
		{"intAdd fraction", `intAdd($Input.f, 1)`, "intAdd: argument 1 (first addend) is a number, want an integer"},
		{"intAdd string literal", `intAdd("1", 2)`, "intAdd"},
		{"intAdd overflow", `intAdd(9223372036854775807, $Input.n)`, "intAdd: 9223372036854775807 + 5 overflows"},
		{"randomInt empty range", `randomInt($Input.n, $Input.n)`, "randomInt: min 5 is not below max 5"},
		{"arrayContains object", `arrayContains($Input.obj, 1)`, "arrayContains: argument 1 (array) is an object, want an array"},
		{"arrayUnique string", `arrayUnique($Input.s)`, "arrayUnique: argument 1 (array) is a string, want an array"},
		{"mapKeys array", `mapKeys($Input.arr)`, "mapKeys: argument 1 (object) is an array, want an object"},
		{"mapValues null", `mapValues($Input.missing)`, "mapValues: argument 1 (object) is null, want an object"},
		{"toBase64 number", `toBase64($Input.n)`, "toBase64: argument 1 (string) is a number, want a string"},
		{"fromBase64 not base64", `fromBase64("%%%")`, "fromBase64: argument 1 is not Base64"},
		{"fromBase64 binary", `fromBase64("/w==")`, "fromBase64: argument 1 decodes to bytes that are not UTF-8 text"},
		{"hash unknown algorithm", `hash("abc", "CRC32")`, `hash: argument 2 (algorithm) is "CRC32", want MD5, SHA-1, SHA-256 or SHA-512`},
		{"stringToJson array", `stringToJson("[1]")`, "stringToJson: argument 1 is not a JSON object"},
		{"stringToJson broken", `stringToJson("{")`, "stringToJson: argument 1 is not a JSON object"},
		{"jsonMerge array", `jsonMerge($Input.obj, $Input.arr)`, "jsonMerge: argument 2 (second object) is an array, want an object"},
		{"uuid with argument", `uuid(1)`, "uuid"},
		{"unknown function", `nosuch(1)`, "nosuch"},
		{"nested eleven deep", strings.Repeat("toArray(", 11) + strings.Repeat(")", 11), "function calls nest 11 deep, more than the 10 allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, code, msg := evalBuiltin(t, tt.src, in)
			if code != ErrInvalidExpression || !strings.Contains(msg, tt.want) {
				t.Errorf("%s = %s, error %s %q; want %s containing %q", tt.src, got, code, msg, ErrInvalidExpression, tt.want)
			}
		})
	}
}

// TestBuiltinRandomReplays: uuid and randomInt draw from the random source, so the same
// source gives the same values; uuid is a version 4 UUID.
func TestBuiltinRandomReplays(t *testing.T) {
	src := `toArray(uuid(), uuid(), randomInt(0, 1000000))`
	first, code, msg := evalBuiltin(t, src, nil)
	if code != "" {
		t.Fatalf("%s: %s %s", src, code, msg)
	}
	again, _, _ := evalBuiltin(t, src, nil)
	if again != first {
		t.Errorf("same source: %s then %s", first, again)
	}
	var got []any
	if err := json.Unmarshal([]byte(first), &got); err != nil {
		t.Fatal(err)
	}
	u1, u2 := got[0].(string), got[1].(string)
	if u1 == u2 || len(u1) != 36 || u1[14] != '4' || !strings.ContainsRune("89ab", rune(u1[19])) {
		t.Errorf("uuids %s, %s: want two different version 4 UUIDs", u1, u2)
	}
}

// TestBuiltinBudget: a function that would build a value larger than maxBuilt fails.
func TestBuiltinBudget(t *testing.T) {
	in := map[string]any{"s": strings.Repeat("x", maxBuilt/2+1)}
	for _, src := range []string{`format("{}{}", $Input.s, $Input.s)`, `toBase64(toBase64(toBase64($Input.s)))`, `jsonToString([$Input.s, $Input.s])`} {
		t.Run(src, func(t *testing.T) {
			_, code, msg := evalBuiltin(t, src, in)
			if code != ErrInvalidExpression || !strings.Contains(msg, "more than") {
				t.Errorf("%s: error %s %q, want %s naming the limit", src, code, msg, ErrInvalidExpression)
			}
		})
	}
}

// TestCheckExpressions: CreateFlow's check refuses an unknown function or over-deep
// nesting, naming the state and field, and accepts every documented function.
func TestCheckExpressions(t *testing.T) {
	def := func(expr string) string {
		return "Type: StateMachine\nName: f\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    OutputConstructor:\n      x.$: " + expr + "\n    End: true\n"
	}
	tests := []struct{ name, text, want string }{
		{"documented functions", def(`toArray(uuid(), hash(format("{}", $Input.a), "MD5"), mapKeys(jsonMerge({}, {})))`), ""},
		{"unknown function", def("uuidv4()"), "state A, field OutputConstructor: expression \"uuidv4()\": unknown name uuidv4"},
		{"too deep", def(strings.Repeat("toArray(", 11) + strings.Repeat(")", 11)), "function calls nest 11 deep"},
		{"old dialect not checked", "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := fdl.Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			err = CheckExpressions(d)
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("CheckExpressions = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestBuiltinHostile: deep nesting, huge literals and huge inputs end in a clear error or a
// bounded result, never a crash.
func TestBuiltinHostile(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	tests := []struct {
		name, src string
		in        map[string]any
		want      string // error text, "" for success
	}{
		{"10000-deep calls", strings.Repeat("toArray(", 10000) + strings.Repeat(")", 10000), nil, "InvalidExpression"},
		{"10000-deep brackets", strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000), nil, "MaxExprLength"},
		{"64-deep brackets", strings.Repeat("(", 64) + "1" + strings.Repeat(")", 64), nil, ""},
		{"1 MB literal", `length("` + big + `")`, nil, "MaxExprLength"},
		{"8 KB literal", `length("` + big[:8000] + `")`, nil, ""},
		{"50 KB split into characters", `length(split($Input.s, ""))`, map[string]any{"s": big[:50000]}, ""},
		{"1 MB split into characters", `length(split($Input.s, ""))`, map[string]any{"s": big}, "MaxExprSteps"},
		{"split past the budget", `split($Input.s, "")`, map[string]any{"s": big + "y"}, "more than"},
		{"regex on 1 MB", `regexMatchString("^x+$", $Input.s)`, map[string]any{"s": big}, ""},
		{"huge regex repeat", `regexMatchString("x{1001}", "x")`, nil, "not a regular expression"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, code, msg := evalBuiltin(t, tt.src, tt.in)
			got := code + " " + msg
			if (tt.want == "") != (code == "") || !strings.Contains(got, tt.want) {
				t.Errorf("error %q, want %q", got, tt.want)
			}
		})
	}
}

// TestBuiltinsInREADME: the README's table names every built-in function.
func TestBuiltinsInREADME(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range BuiltinNames() {
		if !strings.Contains(string(data), "`"+name+"(") && !strings.Contains(string(data), "`"+name+"`") {
			t.Errorf("README.md does not list the built-in function %s", name)
		}
	}
}
