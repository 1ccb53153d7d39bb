package mockfile

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

const (
	// maxName is the longest name of a flow, test case or mocked response.
	maxName = 128
	// maxIndex is the largest invocation index a key may name.
	maxIndex = math.MaxInt32
)

var (
	// namePattern is the form of the names a file defines: flow names as the service has
	// them, and test cases and mocked responses alike.
	namePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	indexKey    = regexp.MustCompile(`^(0|[1-9][0-9]*)(?:-(0|[1-9][0-9]*))?$`)
)

// Load reads and checks the mock file at path; errors name the file by path. See Parse.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mockfile: %w", err)
	}
	return Parse(path, data)
}

// Parse checks data, a mock file in YAML or JSON, and returns it as a File. name is used in
// errors. The error joins one *Error per problem, in line order: unknown keys (with a
// suggestion when only the case differs), keys written twice, values of the wrong type,
// names that are not valid, bad or overlapping invocation indexes, answers without exactly
// one of Return and Throw, a Return that is not an object, an empty Throw Error, a bad
// Delay, and test cases naming a mocked response the file does not define.
func Parse(name string, data []byte) (*File, error) {
	p := &parser{file: name, data: data, errs: yamlsrc.List{File: name, Bracketed: true}}
	f := p.parse()
	if p.errs.Len() > 0 {
		return nil, p.errs.Err()
	}
	return f, nil
}

type parser struct {
	file string
	data []byte
	errs yamlsrc.List
}

// fail records a problem at node n (nil: no line) of the field at path.
func (p *parser) fail(n *yaml.Node, path, format string, args ...any) {
	p.failAt(n, yamlsrc.Root(path), format, args...)
}

// failAt records a problem at node n (nil: no line) of the field at, rendered only if the
// problem is reported.
func (p *parser) failAt(n *yaml.Node, at *yamlsrc.Path, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs.Add(line, at, format, args...)
}

// mockFile names a mock file in the problems of yamlsrc.Read.
var mockFile = yamlsrc.Kind{
	Noun:    "the file",
	Empty:   "empty file: want a mapping with Flows and MockedResponses",
	Second:  "a second YAML document: a mock file is one document",
	Invalid: "invalid YAML: ",
}

// pair is a key and its value in a mapping, aliases followed.
type pair struct{ key, val *yaml.Node }

func (p *parser) parse() *File {
	root := p.root()
	if root == nil {
		return nil
	}
	top, meant := p.fields(root, "", []string{"Flows", "MockedResponses"}, func(key string) (string, string) {
		if key == "StateMachines" {
			return "Flows", "unknown field; a flowmock mock file calls StateMachines Flows"
		}
		return "", ""
	})

	f := &File{name: p.file, flows: map[string]map[string]*Case{}, responses: map[string]*response{}}
	defined := map[string]bool{} // every name under MockedResponses, valid or not
	if mr, ok := top["MockedResponses"]; ok && !isNull(mr.val) {
		if mr.val.Kind != yaml.MappingNode {
			p.fail(mr.val, "MockedResponses", "want a mapping of names to mocked responses, got %s", describe(mr.val))
		}
		for _, e := range p.pairs(mr.val, yamlsrc.Root("MockedResponses")) {
			path := joinPath("MockedResponses", e.key.Value)
			defined[e.key.Value] = true
			ok := p.name(e.key, path, "mocked response")
			if r := p.response(e, path); r != nil && ok {
				f.responses[e.key.Value] = r
			}
		}
	}

	fl, ok := top["Flows"]
	if !ok && meant["Flows"] {
		return f
	}
	if !ok || isNull(fl.val) {
		n := root
		if ok {
			n = fl.key
		}
		p.fail(n, "Flows", "required: a mapping of flow names to their TestCases")
		return f
	}
	if fl.val.Kind != yaml.MappingNode {
		p.fail(fl.val, "Flows", "want a mapping of flow names to their TestCases, got %s", describe(fl.val))
		return f
	}
	for _, e := range p.pairs(fl.val, yamlsrc.Root("Flows")) {
		path := joinPath("Flows", e.key.Value)
		p.name(e.key, path, "flow")
		f.flows[e.key.Value] = p.flow(e, path, f, defined)
	}
	return f
}

// root decodes the one YAML document of the file and returns its top-level mapping, or nil
// after reporting why there is none. The tree it returns has passed yamlsrc.Guard: its
// aliases end, and it nests at most yamlsrc.MaxDepth levels.
func (p *parser) root() *yaml.Node {
	root := deref(yamlsrc.Read(p.data, mockFile, &p.errs))
	if root == nil {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.fail(root, "", "want a mapping with Flows and MockedResponses, got %s", describe(root))
		return nil
	}
	return root
}

// pairs returns the entries of mapping n at path, reporting keys that are not strings, merge
// keys, keys that are not valid UTF-8 and keys written twice (which it leaves out). It
// returns nil when n is not a mapping.
func (p *parser) pairs(n *yaml.Node, at *yamlsrc.Path) []pair {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	var out []pair
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		switch {
		case k.Kind != yaml.ScalarNode:
			p.failAt(k, at, "a key must be a string, got %s", describe(k))
		case k.ShortTag() == "!!merge":
			p.failAt(k, at.Key(k.Value), "merge keys (<<) are not supported")
		case !utf8.ValidString(k.Value):
			p.failAt(k, at, "a key is not valid UTF-8")
		case seen[k.Value] != nil:
			p.failAt(k, at.Key(k.Value), "key written twice; first on line %d", seen[k.Value].Line)
		default:
			seen[k.Value] = k
			out = append(out, pair{k, v})
		}
	}
	return out
}

// fields returns the entries of mapping n by key, reporting keys not in known. explain, when
// not nil, may name the known key an unknown one stands for and say why it is wrong;
// otherwise the problem suggests a known key differing only in case, or lists the known
// keys. meant holds the known keys an unknown key was taken for, so that the caller does not
// report them missing as well.
func (p *parser) fields(n *yaml.Node, path string, known []string, explain func(key string) (meant, msg string)) (out map[string]pair, meant map[string]bool) {
	out, meant = map[string]pair{}, map[string]bool{}
	for _, e := range p.pairs(n, yamlsrc.Root(path)) {
		if slices.Contains(known, e.key.Value) {
			out[e.key.Value] = e
			continue
		}
		var want, msg string
		if explain != nil {
			want, msg = explain(e.key.Value)
		}
		if msg == "" {
			want, msg = unknownField(e.key.Value, known)
		}
		if want != "" {
			meant[want] = true
		}
		p.fail(e.key, joinPath(path, e.key.Value), "%s", msg)
	}
	return out, meant
}

// unknownField says that key is unknown and what was perhaps meant.
func unknownField(key string, known []string) (meant, msg string) {
	for _, k := range known {
		if strings.EqualFold(k, key) {
			return k, fmt.Sprintf("unknown field (did you mean %q?)", k)
		}
	}
	return "", "unknown field (known: " + strings.Join(known, ", ") + ")"
}

// name checks the name a key defines; what is "flow", "test case" or "mocked response".
func (p *parser) name(k *yaml.Node, path, what string) bool {
	s := k.Value
	switch {
	case s == "":
		p.fail(k, path, "a %s name must not be empty", what)
	case len(s) > maxName:
		p.fail(k, path, "a %s name has at most %d characters, got %d", what, maxName, len(s))
	case !namePattern.MatchString(s):
		p.fail(k, path, `%q is not a valid %s name: use letters, digits, "_" and "-", starting with a letter or "_"`, s, what)
	default:
		return true
	}
	return false
}

// flow reads the test cases of one flow.
func (p *parser) flow(e pair, path string, f *File, defined map[string]bool) map[string]*Case {
	cases := map[string]*Case{}
	const want = "a mapping with TestCases"
	if isNull(e.val) {
		p.fail(e.key, path+".TestCases", "required: a mapping of test case names to the task states they mock")
		return cases
	}
	if e.val.Kind != yaml.MappingNode {
		p.fail(e.val, path, "want %s, got %s", want, describe(e.val))
		return cases
	}
	fs, meant := p.fields(e.val, path, []string{"TestCases"}, nil)
	tc, ok := fs["TestCases"]
	switch {
	case !ok && meant["TestCases"]:
		return cases
	case !ok || isNull(tc.val):
		n := e.key
		if ok {
			n = tc.key
		}
		p.fail(n, path+".TestCases", "required: a mapping of test case names to the task states they mock")
		return cases
	case tc.val.Kind != yaml.MappingNode:
		p.fail(tc.val, path+".TestCases", "want a mapping of test case names to the task states they mock, got %s", describe(tc.val))
		return cases
	case len(tc.val.Content) == 0:
		p.fail(tc.key, path+".TestCases", "needs at least one test case")
		return cases
	}
	for _, c := range p.pairs(tc.val, yamlsrc.Root(path+".TestCases")) {
		cpath := joinPath(path+".TestCases", c.key.Value)
		p.name(c.key, cpath, "test case")
		cases[c.key.Value] = p.testCase(c, cpath, e.key.Value, f, defined)
	}
	return cases
}

// testCase reads the states one test case mocks.
func (p *parser) testCase(e pair, path, flow string, f *File, defined map[string]bool) *Case {
	c := &Case{Flow: flow, Name: e.key.Value, states: map[string]binding{}}
	if isNull(e.val) {
		return c // mocks nothing: every task runs unmocked
	}
	if e.val.Kind != yaml.MappingNode {
		p.fail(e.val, path, "want a mapping of task state names to mocked response names, got %s", describe(e.val))
		return c
	}
	for _, s := range p.pairs(e.val, yamlsrc.Root(path)) {
		spath := joinPath(path, s.key.Value)
		if s.key.Value == "" {
			p.fail(s.key, spath, "a state name must not be empty")
			continue
		}
		name, ok := text(s.val)
		if !ok || name == "" {
			p.fail(s.val, spath, "want the name of a mocked response, got %s", describe(s.val))
			continue
		}
		r := f.responses[name]
		if r == nil {
			if !defined[name] {
				p.fail(s.val, spath, "mocked response %q is not defined%s", name, suggestResponse(name, defined))
			}
			continue
		}
		c.states[s.key.Value] = binding{resp: r, line: s.key.Line}
	}
	return c
}

// suggestResponse names a defined mocked response differing from name only in case, or
// lists the defined ones when they are few.
func suggestResponse(name string, defined map[string]bool) string {
	names := make([]string, 0, len(defined))
	for n := range defined {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return fmt.Sprintf(" (did you mean %q?)", n)
		}
	}
	switch {
	case len(names) == 0:
		return " (MockedResponses defines none)"
	case len(names) <= 10:
		return " (defined: " + strings.Join(names, ", ") + ")"
	}
	return " in MockedResponses"
}
