package jsontext_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/flowmock/flowmock/internal/jsontext"
)

// encoded is s as encoding/json writes it with HTML escaping off.
func encoded(t testing.TB, s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// TestAppendStringIsTheEncoding: AppendString writes what encoding/json (no HTML escaping)
// writes, for every ASCII byte alone and in company, non-ASCII, invalid UTF-8 and the line
// separators, after what the slice held.
func TestAppendStringIsTheEncoding(t *testing.T) {
	in := []string{"", "plain", "a\"b\\c\nd\re\tf\bg\fh", "Type: StateMachine\n  - {Type: Pass}\n", `{"n":1}`, "<&>",
		"é", "日本語", "\u2028\u2029", "\xff", "a\xc3", "tail\\", "\U0001F600"}
	for c := 0; c < 0x80; c++ {
		in = append(in, string(rune(c)), "x"+string(rune(c))+"y\n")
	}
	for _, s := range in {
		want := "prefix" + encoded(t, s)
		if got := string(jsontext.AppendString([]byte("prefix"), s)); got != want {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x00\x1f\x7f", "\xff\xfe", "\u2028", "é<>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(jsontext.AppendString(nil, s)), encoded(t, s); got != want {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}
