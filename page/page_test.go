package page_test

import (
	"errors"
	"testing"
	"time"

	"github.com/flowmock/flowmock/page"
)

func TestCodecRoundTrip(t *testing.T) {
	c := page.NewCodec(42)
	want := page.Token{Offset: 60, Binding: 0xdeadbeefcafe, Data: 7}
	s := c.Encode(want)
	got, err := c.Decode(s)
	if err != nil {
		t.Fatalf("Decode(%q): %v", s, err)
	}
	if got != want {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
	if again := page.NewCodec(42).Encode(want); again != s {
		t.Fatalf("same seed minted %q, want %q", again, s)
	}
}

func TestCodecRejects(t *testing.T) {
	c := page.NewCodec(42)
	good := c.Encode(page.Token{Offset: 1})
	flipped := []byte(good)
	flipped[3] ^= 1
	tests := []struct {
		name, token string
	}{
		{"empty", ""},
		{"garbage", "not-a-token"},
		{"bit flipped", string(flipped)},
		{"other key", page.NewCodec(43).Encode(page.Token{Offset: 1})},
		{"truncated", good[:len(good)-2]},
		{"padded base64", good + "=="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.Decode(tt.token); !errors.Is(err, page.ErrForged) {
				t.Fatalf("Decode(%q) err = %v, want ErrForged", tt.token, err)
			}
		})
	}
}

func TestFilter(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		f      page.Filter
		status string
		start  time.Time
		exec   string
		want   bool
	}{
		{"zero matches all", page.Filter{}, "Running", t0, "a", true},
		{"status", page.Filter{Status: "Failed"}, "Running", t0, "a", false},
		{"begin inclusive", page.Filter{Begin: t0}, "Running", t0, "a", true},
		{"before begin", page.Filter{Begin: t0}, "Running", t0.Add(-time.Millisecond), "a", false},
		{"end inclusive", page.Filter{End: t0}, "Running", t0, "a", true},
		{"after end", page.Filter{End: t0}, "Running", t0.Add(time.Millisecond), "a", false},
		{"prefix", page.Filter{NamePrefix: "run-"}, "Running", t0, "run-1", true},
		{"prefix miss", page.Filter{NamePrefix: "run-"}, "Running", t0, "job-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Match(tt.status, tt.start, tt.exec); got != tt.want {
				t.Fatalf("Match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBindingIgnoresNothingButLimit(t *testing.T) {
	base := page.Filter{Status: "Running", NamePrefix: "run"}
	variants := map[string]page.Filter{
		"status": {Status: "Failed", NamePrefix: "run"},
		"prefix": {Status: "Running", NamePrefix: "ru"},
		"begin":  {Status: "Running", NamePrefix: "run", Begin: time.Unix(1, 0)},
		"end":    {Status: "Running", NamePrefix: "run", End: time.Unix(1, 0)},
	}
	if base.Binding("f") == base.Binding("g") {
		t.Fatal("binding does not depend on the flow")
	}
	for name, v := range variants {
		if v.Binding("f") == base.Binding("f") {
			t.Errorf("binding does not depend on %s", name)
		}
	}
	// Field boundaries must not be ambiguous.
	a := page.Filter{Status: "ab", NamePrefix: ""}
	b := page.Filter{Status: "a", NamePrefix: "b"}
	if a.Binding("f") == b.Binding("f") {
		t.Fatal("binding is ambiguous across fields")
	}
}
