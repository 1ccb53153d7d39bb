package emulator_test

import (
	"encoding/json"
	"testing"

	"github.com/flowmock/flowmock/emulator"
)

// TestIsObject: IsObject says what decoding into a map says (how it was written before).
func TestIsObject(t *testing.T) {
	for _, in := range []string{"", "{}", " {} ", "\n\t{\"a\":1}\r\n", `{"a":[1,{"b":null}]}`, "null", "[]", `"{}"`, "1",
		"{", "}", "{}{}", `{"a":1,}`, `{"a"}`, "{} x", "\u00a0{}", `{"a":"\xff"}`, `{"a":1,"a":2}`, " ", "{\"a\":\"\\u00e9\"}"} {
		t.Run(in, func(t *testing.T) {
			var v map[string]json.RawMessage
			want := json.Unmarshal([]byte(in), &v) == nil && v != nil
			if got := emulator.IsObject(in); got != want {
				t.Errorf("IsObject(%q) = %v, want %v", in, got, want)
			}
		})
	}
}
