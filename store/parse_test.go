package store_test

import (
	"testing"

	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/store"
)

const passDef = "Type: StateMachine\nSpecVersion: v1\nName: f\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n"

// TestParsedOnce: a definition is parsed once, when it is stored, and its parse is shared by
// the flow's record and its versions; one given parsed is kept as given.
func TestParsedOnce(t *testing.T) {
	st, _ := NewStore(t)
	given, err := fdl.Parse(passDef)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		parsed *fdl.Definition
	}{
		{name: "parsed by the store", parsed: nil},
		{name: "given parsed", parsed: given},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			f, err := s.CreateFlow(store.Flow{Name: "f", Definition: passDef, Parsed: tt.parsed})
			if err != nil {
				t.Fatal(err)
			}
			if f.Parsed == nil || f.ParseErr != nil {
				t.Fatalf("Parsed, ParseErr = %v, %v, want a parse", f.Parsed, f.ParseErr)
			}
			if tt.parsed != nil && f.Parsed != tt.parsed {
				t.Errorf("Parsed = %p, want the one given, %p", f.Parsed, tt.parsed)
			}
			v, err := s.PublishVersion("f", "")
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := s.Flow("f"); v.Parsed != f.Parsed || again.Parsed != f.Parsed {
				t.Errorf("version and lookup Parsed = %p, %p, want the flow's %p", v.Parsed, again.Parsed, f.Parsed)
			}
		})
	}
	t.Run("bad definition keeps why", func(t *testing.T) {
		f := MustCreateFlow(t, st.Session(t.Name()), "bad")
		if f.Parsed != nil || f.ParseErr == nil {
			t.Errorf("Parsed, ParseErr = %v, %v, want nil and an error", f.Parsed, f.ParseErr)
		}
	})
}
