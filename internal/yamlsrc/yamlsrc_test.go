package yamlsrc_test

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

var kind = yamlsrc.Kind{Noun: "the file", Empty: "empty", Second: "second", Invalid: "invalid YAML: "}

// read returns the problems Read finds in data, one a line.
func read(data string) string {
	ps := yamlsrc.List{File: "f.yaml"}
	yamlsrc.Read([]byte(data), kind, &ps)
	if err := ps.Err(); err != nil {
		return err.Error()
	}
	return ""
}

// nest returns depth flow lists nested in one another.
func nest(depth int) string { return strings.Repeat("[", depth) + strings.Repeat("]", depth) }

func TestRead(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"good", "a: 1\n", ""},
		{"empty", "", "f.yaml:1: empty"},
		{"comments only", "# nothing\n", "f.yaml:1: empty"},
		{"second document", "a: 1\n---\nb: 2\n", "f.yaml:2: second"},
		{"scanner error", "a: 1\nb: c: d\n", "f.yaml:2: invalid YAML: mapping values are not allowed in this context"},
		// yaml.v3 places it at the list that lacks the indicator.
		{"parser error", "a:\n  - 1\n  b: 2\n", "f.yaml:2: invalid YAML: did not find expected '-' indicator"},
		{"unknown anchor", "a: 1\nb: *x\n", "f.yaml:2: invalid YAML: unknown anchor 'x' referenced"},
		{"alias cycle", "a: &a [1, *a]\n", "f.yaml:1: alias *a refers to a node that contains it"},
		{"alias bomb", "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
			"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
			"f.yaml:5: the aliases of the file expand to more than 100000 YAML nodes"},
		{"deepest", nest(yamlsrc.MaxDepth), ""},
		{"too deep", nest(yamlsrc.MaxDepth + 1), "f.yaml:1: the file nests deeper than 128 levels of mappings and lists"},
		{"too deep by alias", "a: &a " + nest(yamlsrc.MaxDepth-1) + "\nb: [*a]\n",
			"f.yaml:2: the file nests deeper than 128 levels of mappings and lists"},
		{"too deep, block style", deepBlock(yamlsrc.MaxDepth + 1),
			fmt.Sprintf("f.yaml:%d: the file nests deeper than 128 levels of mappings and lists", yamlsrc.MaxDepth+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := read(tc.data); got != tc.want {
				t.Errorf("problems:\n got: %s\nwant: %s", got, tc.want)
			}
		})
	}
}

// deepBlock returns depth mappings nested in block style, one a line.
func deepBlock(depth int) string {
	var b strings.Builder
	for i := range depth {
		fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i))
	}
	return b.String()
}

func TestPath(t *testing.T) {
	var top *yamlsrc.Path
	p := yamlsrc.Root("Retry[0]").Key("a.b").Index(2).Key("x")
	for _, tc := range []struct{ name, got, want string }{
		{"top", top.String(), ""},
		{"key at the top", top.Key("a").String(), "a"},
		{"index at the top", top.Index(1).String(), "[1]"},
		{"plain", p.String(), "Retry[0].a.b[2].x"},
		{"bracketed", p.Bracketed(), `Retry[0]["a.b"][2].x`},
		{"bracketed at the top", top.Key("0 1").Bracketed(), `["0 1"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	if !p.Equal(yamlsrc.Root("Retry[0]").Key("a.b").Index(2).Key("x")) || p.Equal(p.Key("y")) || !top.Equal(nil) {
		t.Error("Equal does not tell paths written alike from others")
	}
}

func TestListCapsWhatItShows(t *testing.T) {
	ps := yamlsrc.List{File: "f.yaml"}
	for i := range 5000 {
		ps.Add(1+i%1000, yamlsrc.Root("a").Index(i), "bad")
	}
	got := ps.Problems()
	if len(got) != yamlsrc.MaxShown || ps.Len() != 5000 {
		t.Fatalf("%d problems shown of %d, want %d of 5000", len(got), ps.Len(), yamlsrc.MaxShown)
	}
	if first, want := got[0].Error(), "f.yaml:1: a[0]: bad"; first != want {
		t.Errorf("first problem %q, want %q (in line order)", first, want)
	}
	if last, want := got[len(got)-1].Message, "4981 more problems not shown"; last != want {
		t.Errorf("last problem %q, want %q", last, want)
	}
}

func TestLine(t *testing.T) {
	src := "name: x\nrules:\n  - name: r\n    steps:\n      - a.b: 1\n        c: 2\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	top := doc.Content[0]
	for _, tc := range []struct {
		path string
		want int
	}{
		{"", 1}, {"name", 1}, {"rules", 2}, {"rules[0]", 3}, {"rules[0].steps[0].a.b", 5},
		{"rules[0].steps[0].c", 6}, {"rules[0].steps[0].missing", 5}, {"rules[7].name", 2}, {"nope", 1},
	} {
		t.Run(tc.path, func(t *testing.T) {
			if got := yamlsrc.Line(top, tc.path); got != tc.want {
				t.Errorf("Line(%q) = %d, want %d", tc.path, got, tc.want)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	type inner struct {
		N int `json:"n"`
	}
	type outer struct {
		Name  string           `json:"name"`
		Items []inner          `json:"items"`
		Tags  map[string]inner `json:"tags"`
	}
	src := "name: x\nitems:\n  - n: 1\n  - n: 2.5\ntags:\n  a.b: {n: 1, m: 2}\nbogus: 1\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	ps := yamlsrc.List{File: "f.yaml"}
	var v outer
	failed := yamlsrc.Decode(doc.Content[0], &v, &ps)
	want := `f.yaml:4: items[1].n: want an integer, got "2.5"
f.yaml:6: tags.a.b.m: unknown field (known: n)
f.yaml:7: bogus: unknown field (known: name, items, tags)`
	if got := ps.Err(); got == nil || got.Error() != want {
		t.Errorf("problems:\n got: %v\nwant: %s", got, want)
	}
	if got, want := strings.Join(failed, " "), "items[1].n tags.a.b.m bogus"; got != want {
		t.Errorf("failed = %q, want %q", got, want)
	}
	if v.Name != "x" || len(v.Items) != 2 || v.Items[0].N != 1 || v.Tags["a.b"].N != 1 {
		t.Errorf("decoded %+v", v)
	}
}
