package store_test

import (
	"strings"
	"testing"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/store"
)

// TestSessionBytes: what each change counts in a session's bytes, and what gives them back.
func TestSessionBytes(t *testing.T) {
	var limited []string
	st := store.New(store.Config{MaxSessionBytes: 1000, Limited: func(l string) { limited = append(limited, l) }})
	s := st.Session("b")
	def := strings.Repeat("d", 300)
	steps := []struct {
		name string
		do   func() error
		want int // bytes after
		code flowmock.Code
	}{
		{"create", func() error {
			_, err := s.CreateFlow(store.Flow{Name: "f", Definition: def, Description: "xy"})
			return err
		}, 302, ""},
		{"publish", func() error { _, err := s.PublishVersion("f", "v"); return err }, 603, ""},
		{"update grows", func() error {
			d := def + def
			_, err := s.UpdateFlow("f", store.FlowPatch{Definition: &d})
			return err
		}, 903, ""},
		{"create past the cap", func() error { _, err := s.CreateFlow(store.Flow{Name: "g", Definition: def}); return err }, 903, flowmock.InvalidArgument},
		{"delete version", func() error { return s.DeleteVersion("f", "1") }, 602, ""},
		{"create fits again", func() error { _, err := s.CreateFlow(store.Flow{Name: "g", Definition: def}); return err }, 902, ""},
		{"delete flow", func() error { return s.DeleteFlow("f") }, 300, ""},
	}
	for _, step := range steps {
		err := step.do()
		if got := flowmock.ErrorCode(err); got != step.code {
			t.Fatalf("%s: error %v, want code %q", step.name, err, step.code)
		}
		if err != nil && !strings.Contains(err.Error(), "--max-session-bytes") {
			t.Errorf("%s: error %q does not name --max-session-bytes", step.name, err)
		}
		if got := s.Bytes(); got != step.want {
			t.Errorf("%s: bytes = %d, want %d", step.name, got, step.want)
		}
	}
	if len(limited) != 1 || limited[0] != store.LimitSessionBytes {
		t.Errorf("limits reached = %v, want [%s]", limited, store.LimitSessionBytes)
	}
	st.Reset("b")
	if got := s.Bytes(); got != 0 {
		t.Errorf("after a reset: bytes = %d, want 0", got)
	}
}
