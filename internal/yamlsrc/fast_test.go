package yamlsrc

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// definition is the definition of package mock's BenchmarkCreateDescribeFlow and fdl's
// BenchmarkParseSmall.
const definition = "Type: StateMachine\nSpecVersion: v1\nName: bench_1\nStartAt: Greet\nStates:\n  - Type: Pass\n    Name: Greet\n    End: true\n"

func TestFastMatchesYAML(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		fast       bool // the fast reader answers
	}{
		{"definition", definition, true},
		{"one pair", "a: b", true},
		{"leading blank lines", "\n\na: b\n\nc: d\n", true},
		{"indented top", "  a: b\n  c: d\n", true},
		{"nested mappings", "a:\n  b:\n    c: d\n  e: f\ng: h\n", true},
		{"list under its key", "a:\n- b\n- c\nd: e\n", true},
		{"indented list", "a:\n    - b\n    - c\n", true},
		{"compact mappings", "- a: 1\n  b: x y\n- c:\n  - d\n- e\n", true},
		{"list in a compact mapping", "- a:\n    - b\n  c: 2\n", true},
		{"top list", "- a\n- 12\n- true\n- FALSE\n", true},
		{"keys of every tag", "1: a\ntrue: b\nx y: c\n", true},
		{"paths and dashes", "a: b/c-d_e.f/\nb-c: x - y\n", true},
		{"dot first", "a: ./b\n", false},
		{"deep", nested(MaxDepth), true},

		{"too deep", nested(MaxDepth + 1), false},
		{"empty", "", false},
		{"blank", "\n\n", false},
		{"comment", "a: b # c\n", false},
		{"tab", "a:\tb\n", false},
		{"crlf", "a: b\r\n", false},
		{"trailing space", "a: b \n", false},
		{"blank line of spaces", "a: b\n  \nc: d\n", false},
		{"null value", "a:\nb: c\n", false},
		{"null at the end", "a: b\nc:\n", false},
		{"null word", "a: null\n", false},
		{"tilde", "a: ~\n", false},
		{"float", "a: 1.5\n", false},
		{"leading zero", "a: 012\n", false},
		{"signed", "a: -1\n", false},
		{"long int", "a: 1234567890123456789\n", false},
		{"timestamp", "a: 2001-12-14\n", false},
		{"dot word", "a: .inf\n", false},
		{"double space", "a: b  c\n", false},
		{"two spaces after colon", "a:  b\n", false},
		{"colon in value", "a: b:c\n", false},
		{"colon in key", "a:b: c\n", false},
		{"flow", "a: [b]\n", false},
		{"quoted", "a: \"b\"\n", false},
		{"anchor", "a: &x b\n", false},
		{"block scalar", "a: |\n  b\n", false},
		{"continued scalar", "a: b\n  c\n", false},
		{"continued item", "- a\n  b\n", false},
		{"bad indent", "a:\n  b: c\n d: e\n", false},
		{"more indented key", "a: b\n  c: d\n", false},
		{"document marker", "---\na: b\n", false},
		{"second document", "a: b\n---\nc: d\n", false},
		{"document end", "a: b\n...\n", false},
		{"top scalar", "a\n", false},
		{"dash alone", "-\n  a: b\n", false},
		{"nested dash", "- - a\n", false},
		{"dash space space", "-  a\n", false},
		{"duplicate key", "a: b\na: c\n", false},
		{"list in a mapping", "a: b\n- c\n", false},
		{"mapping after list", "- a\nb: c\n", false},
		{"long key", strings.Repeat("k", fastMaxKey+1) + ": v\n", false},
		{"unicode", "a: é\n", false},
		{"json", `{"a": 1}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fastRead([]byte(tc.data))
			if (got != nil) != tc.fast {
				t.Fatalf("fast reader answers: got %t, want %t", got != nil, tc.fast)
			}
			if diff := againstYAML([]byte(tc.data)); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// nested returns a source of depth levels of mappings.
func nested(depth int) string {
	var b strings.Builder
	for i := range depth - 1 {
		fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i))
	}
	fmt.Fprintf(&b, "%sk: v\n", strings.Repeat(" ", depth-1))
	return b.String()
}

// againstYAML compares the fast reader with yaml.v3 on data: where it answers, its tree must
// be yaml.v3's; and Read must return the same tree and problems with and without it. It
// returns "" when they agree, else what differs.
func againstYAML(data []byte) string {
	if fast := fastRead(data); fast != nil {
		var ps List
		slow := decode(data, Kind{}, &ps)
		if slow == nil {
			return fmt.Sprintf("fast reader answers, yaml.v3 fails: %v", ps.Err())
		}
		if diff := sameTree(fast, slow, "document"); diff != "" {
			return "fast reader against yaml.v3: " + diff
		}
	}
	kind := Kind{Noun: "the file", Empty: "empty", Second: "second", Invalid: "invalid YAML: "}
	withPs, withoutPs := List{File: "f"}, List{File: "f"}
	with, without := Read(data, kind, &withPs), top(decode(data, kind, &withoutPs), kind, &withoutPs)
	stringPs := List{File: "f"}
	if got := ReadString(string(data), kind, &stringPs); (got == nil) != (with == nil) || got != nil && sameTree(got, with, "top") != "" {
		return "ReadString's node differs from Read's"
	}
	if got, want := fmt.Sprint(stringPs.Err()), fmt.Sprint(withPs.Err()); got != want {
		return fmt.Sprintf("ReadString's problems: got %q, want %q", got, want)
	}
	if got, want := fmt.Sprint(withPs.Err()), fmt.Sprint(withoutPs.Err()); got != want {
		return fmt.Sprintf("Read's problems: got %q, want %q", got, want)
	}
	if (with == nil) != (without == nil) {
		return fmt.Sprintf("Read's node: got %v, want %v", with, without)
	}
	if with != nil {
		return sameTree(with, without, "top")
	}
	return ""
}

// sameTree returns "" when the trees at a and b are equal in every field, else the first
// difference, placed by path at.
func sameTree(a, b *yaml.Node, at string) string {
	ac, bc := *a, *b
	ac.Content, bc.Content = nil, nil
	if !reflect.DeepEqual(ac, bc) {
		return fmt.Sprintf("%s: got %+v, want %+v", at, ac, bc)
	}
	if len(a.Content) != len(b.Content) {
		return fmt.Sprintf("%s: got %d children, want %d", at, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if diff := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s[%d]", at, i)); diff != "" {
			return diff
		}
	}
	return ""
}

// FuzzFastRead holds the fast reader to yaml.v3 (see againstYAML), seeded with every
// YAML source of the project's tests and data.
func FuzzFastRead(f *testing.F) {
	for _, s := range []string{definition, "- a: 1\n  b: x y\n- c:\n  - d\n- e\n", "a:\n- b\n- c\nd: e\n", "  a:\n    b: 1\n"} {
		f.Add([]byte(s))
	}
	for _, dir := range []string{
		"../../fdl/testdata", "../../corpus/testdata", "../../interp/testdata", "../../fixtures/data",
		"../../mockfile/testdata", "../../scenarios",
	} {
		for _, data := range sources(f, dir) {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if diff := againstYAML(data); diff != "" {
			t.Error(diff)
		}
	})
}

// sources returns the YAML and JSON files below dir.
func sources(f *testing.F, dir string) [][]byte {
	var out [][]byte
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".yaml", ".yml", ".json":
			data, err := os.ReadFile(path)
			out = append(out, data)
			return err
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	return out
}

// BenchmarkRead reads the definition of package mock's BenchmarkCreateDescribeFlow, with
// the fast reader (from a string and from bytes) and with yaml.v3 alone.
func BenchmarkRead(b *testing.B) {
	for _, bc := range []struct {
		name string
		read func(string, *List) *yaml.Node
	}{
		{"ReadString", func(s string, ps *List) *yaml.Node { return ReadString(s, Kind{}, ps) }},
		{"Read", func(s string, ps *List) *yaml.Node { return Read([]byte(s), Kind{}, ps) }},
		{"yaml.v3", func(s string, ps *List) *yaml.Node { return top(decode([]byte(s), Kind{}, ps), Kind{}, ps) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var ps List
				if bc.read(definition, &ps) == nil {
					b.Fatal(ps.Err())
				}
			}
		})
	}
}

// TestFastRandom holds the fast reader to yaml.v3 on sources drawn from its subset, with a
// word outside it now and then, so that most of them are its to read: the fuzz target's
// mutations mostly leave the subset.
func TestFastRandom(t *testing.T) {
	n, fast := 3000, 0
	if testing.Short() {
		n = 300
	}
	g := &sourceGen{rng: rand.New(rand.NewPCG(18, 2026))}
	for i := range n {
		var b strings.Builder
		g.block(&b, g.rng.IntN(3), 1, g.rng.IntN(2) == 0)
		data := []byte(b.String())
		if fastRead(data) != nil {
			fast++
		}
		if diff := againstYAML(data); diff != "" {
			t.Fatalf("source %d %q: %s", i, data, diff)
		}
	}
	if fast < n/4 {
		t.Errorf("the fast reader answered %d of %d sources, want at least a quarter", fast, n)
	}
	t.Logf("the fast reader answered %d of %d sources", fast, n)
}

// sourceGen draws sources: block mappings and lists of words.
type sourceGen struct{ rng *rand.Rand }

var (
	goodWords = []string{"a", "b c", "x-y", "S/t.u", "true", "False", "TRUE", "yes", "0", "7", "123", "Type", "Name", "End", "on"}
	badWords  = []string{"null", "012", "1.5", "-1", ".5", "a  b", "~", "", "a:b", "1e3", "0x1", "2001-12-14", "'q'", "a #c"}
)

// word returns a word of the subset, or one outside it once in 40.
func (g *sourceGen) word() string {
	if g.rng.IntN(40) == 0 {
		return badWords[g.rng.IntN(len(badWords))]
	}
	return goodWords[g.rng.IntN(len(goodWords))]
}

// block writes a mapping (or a list, seq) at indent, depth levels deep.
func (g *sourceGen) block(b *strings.Builder, indent, depth int, seq bool) {
	pad := strings.Repeat(" ", indent)
	for i := range 1 + g.rng.IntN(4) {
		if seq {
			b.WriteString(pad + "- ")
			if g.rng.IntN(2) == 0 {
				b.WriteString(g.word() + "\n")
				continue
			}
			g.entry(b, indent+2, depth+1, fmt.Sprintf("k%d", i))
			for j := range g.rng.IntN(3) {
				b.WriteString(pad + "  ")
				g.entry(b, indent+2, depth+1, fmt.Sprintf("j%d", j))
			}
			continue
		}
		b.WriteString(pad)
		key := g.word()
		if g.rng.IntN(4) > 0 {
			key = fmt.Sprintf("%s%d", key, i) // mostly unique keys
		}
		g.entry(b, indent, depth, key)
	}
}

// entry writes key and its value, a word or a block below it.
func (g *sourceGen) entry(b *strings.Builder, indent, depth int, key string) {
	if depth > 6 || g.rng.IntN(3) > 0 {
		b.WriteString(key + ": " + g.word() + "\n")
		return
	}
	b.WriteString(key + ":\n")
	seq := g.rng.IntN(2) == 0
	deeper := indent + 1 + g.rng.IntN(3)
	if seq && g.rng.IntN(2) == 0 {
		deeper = indent // a list at its key's indentation
	}
	g.block(b, deeper, depth+1, seq)
}
