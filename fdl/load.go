package fdl

import (
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxNodes bounds the YAML nodes of a definition, aliases expanded, so that a few aliases
// cannot make Parse walk an exponential tree.
const maxNodes = 100_000

// load decodes text into its one YAML document and returns the top-level mapping, or nil
// after reporting why there is none.
func (p *parser) load(text string) *yaml.Node {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.problems = append(p.problems, Problem{Line: 1, Message: "empty definition"})
			return nil
		}
		p.syntax(err, text)
		return nil
	}
	p.single(dec, text)
	if len(doc.Content) == 0 {
		p.problems = append(p.problems, Problem{Line: 1, Message: "empty definition"})
		return nil
	}
	root := doc.Content[0]
	if !p.bounded(root) {
		return nil
	}
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		p.report(root, "", "", "a definition is a mapping, got %s", describe(root))
		return nil
	}
	return root
}

// single reports a second YAML document after the first: it would be silently ignored.
func (p *parser) single(dec *yaml.Decoder, text string) {
	var extra yaml.Node
	err := dec.Decode(&extra)
	switch {
	case errors.Is(err, io.EOF):
	case err != nil:
		p.syntax(err, text)
	default:
		p.report(&extra, "", "", "a second YAML document; a definition is one document")
	}
}

var (
	lineError   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	anchorError = regexp.MustCompile(`unknown anchor '(.*)' referenced`)
)

// syntax reports a YAML syntax error at the line it names.
func (p *parser) syntax(err error, text string) {
	msg := err.Error()
	line := 1
	if m := lineError.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		if m := anchorError.FindStringSubmatch(msg); m != nil {
			line = lineOf(text, "*"+m[1])
		}
	}
	p.problems = append(p.problems, Problem{Line: line, Message: "not valid YAML or JSON: " + msg})
}

// lineOf returns the 1-based line of the first occurrence of s in text, 0 when absent.
func lineOf(text, s string) int {
	i := strings.Index(text, s)
	if i < 0 {
		return 0
	}
	return strings.Count(text[:i], "\n") + 1
}

// bounded reports an alias that contains itself and a tree whose aliases expand past
// maxNodes. After it succeeds, following aliases always ends.
func (p *parser) bounded(root *yaml.Node) bool {
	w := &aliasWalk{p: p, size: map[*yaml.Node]int{}, open: map[*yaml.Node]bool{}}
	n := w.count(root)
	if n < 0 {
		return false
	}
	if n > maxNodes {
		p.report(root, "", "", "the definition expands to more than %d YAML nodes", maxNodes)
		return false
	}
	return true
}

// aliasWalk counts the nodes of a tree with its aliases expanded.
type aliasWalk struct {
	p    *parser
	size map[*yaml.Node]int
	open map[*yaml.Node]bool
}

// count returns the expanded size of n, capped just past maxNodes, or -1 for a cycle.
func (w *aliasWalk) count(n *yaml.Node) int {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil || w.open[n.Alias] {
			w.p.report(n, "", "", "alias *%s refers to a node that contains it", n.Value)
			return -1
		}
		return w.count(n.Alias)
	}
	if s, ok := w.size[n]; ok {
		return s
	}
	w.open[n] = true
	defer delete(w.open, n)
	total := 1
	for _, c := range n.Content {
		s := w.count(c)
		if s < 0 {
			return -1
		}
		total = min(total+s, maxNodes+1)
	}
	w.size[n] = total
	return total
}

// deref follows aliases to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}
