package fdl_test

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/fdl"
)

// FuzzParse checks that Parse never panics and that a definition it accepts survives
// Marshal: the canonical YAML parses to the same definition, line numbers aside.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"good", "bad"} {
		for _, name := range definitionFiles(f, dir) {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := fdl.Parse(text)
		if err != nil {
			return
		}
		roundTrip(t, d)
	})
}

// roundTrip checks that d, marshalled and parsed again, is d.
func roundTrip(t *testing.T, d *fdl.Definition) {
	t.Helper()
	out, err := d.Marshal()
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	again, err := fdl.Parse(string(out))
	if err != nil {
		t.Fatalf("Parse(Marshal()) = %v; Marshal wrote:\n%s", err, out)
	}
	zeroLines(reflect.ValueOf(d))
	zeroLines(reflect.ValueOf(again))
	if !reflect.DeepEqual(d, again) {
		t.Fatalf("Parse(Marshal()) differs; Marshal wrote:\n%s\nfirst: %#v\nagain: %#v", out, d, again)
	}
}

// TestRoundTripGood runs the round trip of FuzzParse on every testdata/good definition.
func TestRoundTripGood(t *testing.T) {
	for _, name := range definitionFiles(t, "good") {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, mustParse(t, string(b)))
		})
	}
}

// zeroLines sets every int field named Line, or ending in Line, reachable from v to 0.
func zeroLines(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			zeroLines(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			zeroLines(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			if strings.HasSuffix(v.Type().Field(i).Name, "Line") && f.Kind() == reflect.Int {
				f.SetInt(0)
				continue
			}
			zeroLines(f)
		}
	}
}

// TestRoundTripStrings runs the round trip on strings YAML writers get wrong: line breaks
// of every kind, edge spaces, indicators, control characters, as values and as keys.
func TestRoundTripStrings(t *testing.T) {
	tests := []struct{ name, s string }{
		{"crlf", "a\r\nb"}, {"cr", "a\rb"}, {"nel", "a\u0085b"}, {"line separator", "a\u2028b"},
		{"leading space", " lead"}, {"trailing space", "trail "}, {"trailing newline", "a\n"},
		{"newlines only", "\n\n"}, {"tab", "a\tb"}, {"dash", "- x"}, {"hash", "# c"},
		{"colon", "x: y"}, {"nul", "\x00"}, {"bom", "\ufeffa"}, {"nbsp", "a\u00a0"},
		{"tilde", "~"}, {"at", "@x"}, {"backquote", "`x"}, {"indented line", "a\n b"},
		{"number", "12"}, {"bool", "true"}, {"date", "2024-01-01"}, {"merge", "<<"},
	}
	for _, tt := range tests {
		q := strconv.Quote(tt.s)
		t.Run(tt.name+"/value", func(t *testing.T) {
			roundTrip(t, mustParse(t, "Type: StateMachine\nDescription: "+q+
				"\nStartAt: A\nStates:\n  - {Type: Pass, Name: A, End: true}\n"))
		})
		t.Run(tt.name+"/key", func(t *testing.T) {
			roundTrip(t, mustParse(t, "Type: StateMachine\nStartAt: A\nStates:\n"+
				"  - {Type: Pass, Name: A, End: true, InputConstructor: {"+q+": "+q+"}}\n"))
		})
	}
}
