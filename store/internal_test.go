package store

import (
	"fmt"
	"slices"
	"testing"

	"github.com/flowmock/flowmock/fixtures"
)

func TestList(t *testing.T) {
	var l list[string]
	for _, name := range []string{"a", "b", "c"} {
		l.add(name, "v"+name)
	}
	l.put(10, "j", "vj") // a seq of its own, beyond the counter
	l.put(7, "g", "vg")
	l.remove("b")
	l.add("d", "vd") // the counter goes on from 3
	tests := []struct {
		name     string
		after    uint64
		limit    int
		wantVals []string
		wantNext uint64
	}{
		{"all", 0, 0, []string{"va", "vc", "vd", "vg", "vj"}, 0},
		{"first page", 0, 2, []string{"va", "vc"}, 3},
		{"from a removed seq", 2, 2, []string{"vc", "vd"}, 4},
		{"exactly the rest", 4, 2, []string{"vg", "vj"}, 0},
		{"past the end", 10, 2, []string{}, 0},
		{"largest after", ^uint64(0), 2, []string{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, next := collect(l.after(tt.after), tt.limit, func(v *string) string { return *v })
			if !slices.Equal(got, tt.wantVals) || next != tt.wantNext {
				t.Errorf("page(%d, %d) = %q, %d, want %q, %d", tt.after, tt.limit, got, next, tt.wantVals, tt.wantNext)
			}
		})
	}
	if e := l.get("b"); e != nil {
		t.Errorf("get(b) after remove = %+v, want nil", e)
	}
	if e := l.get("g"); e == nil || e.seq != 7 || e.val != "vg" {
		t.Errorf("get(g) = %+v, want seq 7, vg", e)
	}
	if got, want := len(l.entries), len(l.byName); got != want || got != 5 {
		t.Errorf("%d entries and %d names, want 5 of each", got, want)
	}
}

// TestBounds checks that creating and deleting the same names over and over does not grow a
// session.
func TestBounds(t *testing.T) {
	set, err := fixtures.Default()
	if err != nil {
		t.Fatal(err)
	}
	st := New(Config{Base: fixtures.Chain(set, fixtures.NewFaker(1)), Listed: set.Flows()})
	s := st.Session("s")
	for i := range 1000 {
		for _, name := range []string{"mine", "demo_flow", "faked_flow"} {
			if _, err := s.CreateFlow(Flow{Name: name}); err != nil && name == "mine" {
				t.Fatalf("round %d: CreateFlow(%s): %v", i, name, err)
			}
			if _, err := s.PublishVersion(name, ""); err != nil {
				t.Fatalf("round %d: PublishVersion(%s): %v", i, name, err)
			}
			if _, err := s.CreateSchedule(Schedule{Flow: name, Name: "s", Cron: "0 * * * * *"}); err != nil {
				t.Fatalf("round %d: CreateSchedule(%s): %v", i, name, err)
			}
			if err := s.DeleteFlow(name); err != nil {
				t.Fatalf("round %d: DeleteFlow(%s): %v", i, name, err)
			}
		}
	}
	ov := s.ov
	if got, want := len(ov.gone), 3; got != want {
		t.Errorf("%d tombstones, want %d", got, want)
	}
	if got := len(ov.flows.entries); got != 0 {
		t.Errorf("%d flows in the overlay, want 0", got)
	}
	if got, want := ov.live, len(set.Flows())-1; got != want {
		t.Errorf("live = %d, want %d", got, want)
	}

	f, err := s.CreateFlow(Flow{Name: "versions"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		v, err := s.PublishVersion(f.Name, "")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := v.Version, fmt.Sprint(i+1); got != want {
			t.Fatalf("version %q, want %q", got, want)
		}
		if err := s.DeleteVersion(f.Name, v.Version); err != nil {
			t.Fatal(err)
		}
	}
	if fs := ov.flows.get("versions").val; len(fs.versions.entries) != 0 || len(fs.versions.byName) != 0 {
		t.Errorf("%d versions kept, want 0", len(fs.versions.entries))
	}
}

func TestUUID(t *testing.T) {
	tests := []struct {
		name  string
		a, b  []string
		equal bool
	}{
		{"same parts", []string{"flow", "x"}, []string{"flow", "x"}, true},
		{"boundaries count", []string{"flow", "ab", "c"}, []string{"flow", "a", "bc"}, false},
		{"kinds differ", []string{"flow", "x"}, []string{"schedule", "x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := uuid(tt.a...), uuid(tt.b...)
			if got := a == b; got != tt.equal {
				t.Errorf("uuid(%q) = %s, uuid(%q) = %s: equal %v, want %v", tt.a, a, tt.b, b, got, tt.equal)
			}
		})
	}
}
