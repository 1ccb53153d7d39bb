package interp

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// reflected is v as encoding/json writes it, without HTML escaping.
func reflected(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n"), err
}

// TestEncodeAsEncodingJSON checks that encode writes the bytes encoding/json writes.
func TestEncodeAsEncodingJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
	}{
		{"null", nil},
		{"strings", []any{"", "plain", `q"b\s`, "\b\f\n\r\t\x00\x1f\x7f", "<&>", "é€😀", "\u2028\u2029", "bad \xff\xfe utf8", "\xed\xa0\x80"}},
		{"numbers", []any{0, -1, math.MaxInt, math.MinInt, 0.0, 1.5, 1e20, 1e21, 1e-6, 1e-7, 123456789.125, 5e-324, math.MaxFloat64, -1e-9, math.Copysign(0, -1)}},
		{"booleans", []any{true, false}},
		{"object keys sorted", map[string]any{"b": 1, "a": map[string]any{"z": nil, "é": "x", "A": []any{}}, "": true, "\n": 2}},
		{"nil containers", []any{map[string]any(nil), []any(nil)}},
		{"many keys", func() map[string]any {
			m := map[string]any{}
			for _, k := range strings.Fields("q w e r t y u i o p a s d f g h j k l z x c v b n m") {
				m[k] = k
			}
			return m
		}()},
		{"other types", map[string]any{"n": json.Number("12.50"), "raw": json.RawMessage(`{ "a" : 1 }`), "u": uint8(3), "s": []string{"x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, werr := reflected(tt.v)
			got, err := encode(tt.v)
			if werr != nil || err != nil {
				t.Fatalf("errors: got %v, want %v", err, werr)
			}
			if string(got) != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

// TestEncodeRefused checks that what encoding/json refuses is refused with its error.
func TestEncodeRefused(t *testing.T) {
	for _, tt := range []struct {
		name string
		v    any
	}{{"NaN", math.NaN()}, {"infinity in an object", map[string]any{"a": []any{math.Inf(1)}}}, {"channel", make(chan int)}} {
		t.Run(tt.name, func(t *testing.T) {
			_, werr := reflected(tt.v)
			_, err := encode(tt.v)
			if err == nil || werr == nil || err.Error() != werr.Error() {
				t.Errorf("got error %v, want %v", err, werr)
			}
		})
	}
}

// FuzzEncode checks encode against encoding/json on decoded JSON texts and strings.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x"],"b":null}`, `"\u2028<>&\ud800"`, `[1e300,-0,1e-7,0.000001]`, `{"é":{"":true}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, v := range []any{text, map[string]any{text: text}} {
			want, _ := reflected(v)
			if got, err := encode(v); err != nil || string(got) != want {
				t.Fatalf("encode(%q) = %s, %v; want %s", v, got, err, want)
			}
		}
		v, err := decode([]byte(text))
		if err != nil {
			return
		}
		want, werr := reflected(v)
		got, err := encode(v)
		if (err != nil) != (werr != nil) || (err == nil && string(got) != want) {
			t.Fatalf("encode(%s) = %s, %v; want %s, %v", text, got, err, want, werr)
		}
	})
}

// FuzzDecode checks that the parser reads what it reads as encoding/json does.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5,"x",true,false,null],"b":{}}`, ` [ ] `, `"\u00e9\ud83d\ude00\ud800x\/\"\\\b\f\n\r\t"`,
		`{"a":1,"a":2}`, `-0`, `1e400`, `123456789012345678901234567890`, `0.1E-2`, `{"a":1,}`, `[1,]`, `{} ]`, `{}x`, `"é€"`, `01`, `-`, `1.`, `tru`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, ok := parseFast(text)
		if !ok {
			return
		}
		want, err := decodeReflected([]byte(text))
		if err != nil {
			t.Fatalf("parseFast(%q) = %#v, but encoding/json refuses it: %v", text, got, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("parseFast(%q) = %#v, want %#v", text, got, want)
		}
	})
}

// TestParseFastReads checks that the parser reads the common texts itself.
func TestParseFastReads(t *testing.T) {
	for _, text := range []string{`{"status":"ready","n":1,"amount":12.5}`, `{"a":[{"b":null}],"c":"é\n"}`, ` [true, false] `} {
		t.Run(text, func(t *testing.T) {
			if _, ok := parseFast(text); !ok {
				t.Errorf("parseFast(%q) left it to encoding/json", text)
			}
		})
	}
}

// TestBlank checks blank against bytes.TrimSpace, which decodeObject used.
func TestBlank(t *testing.T) {
	for _, s := range []string{"", " \t\r\n", "\f\v\u00a0\u0085\u2003", "x", " {}", "\xff", "\u00a0x"} {
		t.Run(s, func(t *testing.T) {
			want := len(bytes.TrimSpace([]byte(s))) == 0
			if got := blank(s); got != want {
				t.Errorf("blank(%q) = %v, want %v", s, got, want)
			}
			if got := blank([]byte(s)); got != want {
				t.Errorf("blank([]byte(%q)) = %v, want %v", s, got, want)
			}
		})
	}
}

// TestDeepAndLarge: values 10,000 deep and 1 MB long read and write as encoding/json
// reads and writes them (the parser leaves texts deeper than maxFastDepth to it).
func TestDeepAndLarge(t *testing.T) {
	for _, tt := range []struct{ name, text string }{
		{"deep arrays", strings.Repeat("[", 10000) + strings.Repeat("]", 10000)},
		{"deep objects", strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000)},
		{"too deep", strings.Repeat("[", 10001) + strings.Repeat("]", 10001)},
		{"long string", `"` + strings.Repeat("é\\n", 1<<19) + `"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decode(tt.text)
			want, werr := decodeReflected([]byte(tt.text))
			if (err == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
				t.Fatalf("decode: got %v, want error %v and the same value", err, werr)
			}
			if err != nil {
				return
			}
			data, err := encode(got)
			wantData, werr := reflected(got)
			if err != nil || werr != nil || string(data) != wantData {
				t.Errorf("encode: got %d bytes, %v; want %d bytes, %v", len(data), err, len(wantData), werr)
			}
		})
	}
}

// TestCompact checks compact against json.Compact.
func TestCompact(t *testing.T) {
	for _, s := range []string{`{"a":1}`, `{"a": 1}`, `{"a":" x "}`, `{"a":"\" x"}`, `{"a":"\\" ,"b":1}`, "{\n}", `[1,"\\\\",2]`} {
		t.Run(s, func(t *testing.T) {
			var b bytes.Buffer
			if err := json.Compact(&b, []byte(s)); err != nil {
				t.Fatal(err)
			}
			if got, want := compact(s), b.String() == s; got != want {
				t.Errorf("compact(%q) = %v, want %v", s, got, want)
			}
		})
	}
}
