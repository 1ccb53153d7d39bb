package mockfile_test

import (
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mockfile"
)

// FuzzParse checks that Parse never panics, and that a file it accepts answers the same
// lookups after a round trip through its JSON form.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		for _, name := range files(f, dir) {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := mockfile.Parse("fuzz.yaml", data)
		if err != nil {
			if file != nil {
				t.Fatalf("Parse returned a file with its error %v", err)
			}
			return
		}
		roundTrip(t, file)
	})
}

// roundTrip checks that file, written by MarshalJSON and parsed again, answers the same
// lookups.
func roundTrip(t *testing.T, file *mockfile.File) {
	t.Helper()
	out, err := file.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	again, err := mockfile.Parse("again.json", out)
	if err != nil {
		t.Fatalf("Parse(MarshalJSON()) = %v; MarshalJSON wrote:\n%s", err, out)
	}
	if got, want := again.Document(), file.Document(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse(MarshalJSON()).Document() differs; MarshalJSON wrote:\n%s\n got: %+v\nwant: %+v", out, got, want)
	}
	if got, want := again.Flows(), file.Flows(); !slices.Equal(got, want) {
		t.Fatalf("Flows() = %q after the round trip, want %q", got, want)
	}
	if got, want := again.Unused(), file.Unused(); !slices.Equal(got, want) {
		t.Fatalf("Unused() = %q after the round trip, want %q", got, want)
	}
	doc := file.Document()
	for _, flow := range file.Flows() {
		if got, want := again.TestCases(flow), file.TestCases(flow); !slices.Equal(got, want) {
			t.Fatalf("TestCases(%q) = %q after the round trip, want %q", flow, got, want)
		}
		for _, name := range file.TestCases(flow) {
			c, _ := file.Case(flow, name)
			c2, ok := again.Case(flow, name)
			if !ok {
				t.Fatalf("Case(%q, %q) lost in the round trip", flow, name)
			}
			if got, want := c2.States(), c.States(); !slices.Equal(got, want) {
				t.Fatalf("%s/%s: States() = %q after the round trip, want %q", flow, name, got, want)
			}
			for _, state := range c.States() {
				resp, _ := c.Response(state)
				if got, _ := c2.Response(state); got != resp {
					t.Fatalf("%s/%s: Response(%q) = %q after the round trip, want %q", flow, name, state, got, resp)
				}
				for _, i := range indexes(doc.MockedResponses[resp]) {
					a, ok := c.Answer(state, i)
					a2, ok2 := c2.Answer(state, i)
					if ok != ok2 || !reflect.DeepEqual(a, a2) {
						t.Fatalf("%s/%s: Answer(%q, %d) = %+v, %v after the round trip, want %+v, %v", flow, name, state, i, a2, ok2, a, ok)
					}
				}
			}
		}
	}
}

// indexes returns the indexes worth looking up in r: each key's ends, their neighbours, and
// one past the last.
func indexes(r mockfile.MockedResponse) []int {
	out := []int{-1, 0}
	for key := range r {
		lo, hi, _ := strings.Cut(key, "-")
		for _, s := range []string{lo, hi} {
			if n, err := strconv.Atoi(s); err == nil {
				out = append(out, n-1, n, n+1)
			}
		}
	}
	return out
}
