package yamlsrc

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// The fast reader builds, for the simplest YAML, the very tree yaml.v3 builds (kinds,
// styles, tags, values, lines and columns, the document node around the top), at a tenth of
// its cost. It answers only for a strict subset and says "not mine" (nil) for anything else,
// so that Read falls back to yaml.v3, which then decides exactly as before:
//
//   - only the bytes A-Z a-z 0-9 _ . / - ':' ' ' and LF (no tab, CR, BOM, quote, comment,
//     anchor, tag, flow collection or block scalar);
//   - block mappings ("key: value", "key:" followed by a more indented block or by a list at
//     the key's indentation) and block lists ("- item", "- key: value"), by indentation;
//   - scalars that are plain words of [A-Za-z0-9_./-] joined by single spaces: starting
//     with a letter (a string, or true/false in yaml.v3's three spellings, a boolean; the
//     null words are left to yaml.v3), or only digits without a leading zero (an integer);
//   - no empty value, no trailing space, no key longer than fastMaxKey, no mapping with
//     more than fastMaxKeys keys or with a key twice, at most MaxDepth levels.
//
// Its work is linear in the input and it does not recurse. TestFastMatchesYAML,
// TestFastRandom and FuzzFastRead hold its trees, and Read's whole result, to yaml.v3's.

// Bounds of the subset.
const (
	fastMaxKeys = 64   // keys of one mapping: its duplicate check is quadratic in them
	fastMaxKey  = 1000 // bytes of a key; yaml.v3 refuses implicit keys past 1024
	fastMaxInt  = 18   // digits of an integer, well inside int64
)

// fastParser reads the lines of one source into nodes taken from one slab.
type fastParser struct {
	src     string
	nodes   []yaml.Node  // the slab every node comes from; never grown
	ptrs    []*yaml.Node // the backing of every Content
	kids    []*yaml.Node // the children of the open collections, in order
	open    []fastFrame  // the document, then the open collections, innermost last
	pending bool         // the last key (or the document) waits for a block below it
}

// fastFrame is an open collection (or the document).
type fastFrame struct {
	n      *yaml.Node
	indent int // 0-based column of its keys or dashes; -1 for the document
	start  int // its first child in kids
}

// fastRead returns the document node yaml.v3 would decode from src, or nil when src is
// outside the subset. The values of the tree are parts of src, copied once when it is bytes.
func fastRead[T string | []byte](src T) *yaml.Node {
	size, ok := fastSize(src)
	if !ok {
		return nil
	}
	p := &fastParser{
		src:   string(src),
		nodes: make([]yaml.Node, 0, size),
		ptrs:  make([]*yaml.Node, 0, size),
		kids:  make([]*yaml.Node, 0, size),
		open:  make([]fastFrame, 0, 8),
	}
	doc := p.node(yaml.DocumentNode, "", "", 0, 0)
	p.open = append(p.open, fastFrame{n: doc, indent: -1})
	p.pending = true
	rest := p.src
	for ln := 1; rest != ""; ln++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if line != "" && !p.line(line, ln) {
			return nil
		}
	}
	if p.pending {
		return nil // empty, or a key without a value
	}
	for len(p.open) > 0 {
		p.close()
	}
	doc.Line, doc.Column = doc.Content[0].Line, doc.Content[0].Column
	return doc
}

// fastSize returns how many nodes data may need at most, and false when data holds a byte
// outside the subset. A line holds one key or item; each ':' adds a value, or the block its
// key waits for; each '-' may add the mapping of an item; then the document and its top.
func fastSize[T string | []byte](src T) (int, bool) {
	size := 3
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\n', c == ':', c == '-':
			size++
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '_', c == '.', c == '/', c == ' ':
		default:
			return 0, false
		}
	}
	return size, true
}

// line reads one non-empty line, the ln-th.
func (p *fastParser) line(text string, ln int) bool {
	indent := len(text) - len(strings.TrimLeft(text, " "))
	body := text[indent:]
	if body == "" || body[len(body)-1] == ' ' {
		return false
	}
	dash := strings.HasPrefix(body, "- ")
	if !p.enter(indent, dash, ln) {
		return false
	}
	if dash {
		return p.item(body[2:], indent+2, ln)
	}
	return p.entry(body, indent, ln)
}

// enter makes the collection a line at indent belongs to the innermost open one, opening
// the block a waiting key expects or closing the blocks the line is left of.
func (p *fastParser) enter(indent int, dash bool, ln int) bool {
	top := p.top()
	if p.pending {
		p.pending = false
		if indent > top.indent {
			return p.openBlock(dash, indent, ln)
		}
		// a list may start at its key's indentation
		return indent == top.indent && dash && top.n.Kind == yaml.MappingNode && p.openBlock(true, indent, ln)
	}
	for top.indent > indent {
		p.close()
		top = p.top()
	}
	if top.indent != indent {
		return false
	}
	if top.n.Kind == yaml.SequenceNode && !dash {
		p.close() // the end of a list at its key's indentation
		top = p.top()
		if top.indent != indent {
			return false
		}
	}
	return (top.n.Kind == yaml.SequenceNode) == dash
}

// openBlock opens a list (seq) or a mapping at indent, as the value the innermost open
// collection waits for.
func (p *fastParser) openBlock(seq bool, indent, ln int) bool {
	if len(p.open) > MaxDepth { // the document and MaxDepth levels are open
		return false
	}
	kind, tag := yaml.MappingNode, "!!map"
	if seq {
		kind, tag = yaml.SequenceNode, "!!seq"
	}
	n := p.node(kind, tag, "", ln, indent+1)
	if n == nil {
		return false
	}
	p.kids = append(p.kids, n)
	p.open = append(p.open, fastFrame{n: n, indent: indent, start: len(p.kids)})
	return true
}

// item reads what follows "- " at col: a scalar, or the first key of a mapping.
func (p *fastParser) item(body string, col, ln int) bool {
	if !strings.Contains(body, ":") {
		return p.scalar(body, ln, col) != nil
	}
	return p.openBlock(false, col, ln) && p.entry(body, col, ln)
}

// entry reads "key: value" or "key:" at col into the innermost open mapping.
func (p *fastParser) entry(body string, col, ln int) bool {
	key, value, ok := strings.Cut(body, ":")
	if !ok || len(key) > fastMaxKey {
		return false
	}
	k := p.scalar(key, ln, col)
	if k == nil || !p.newKey(k) {
		return false
	}
	if value == "" {
		p.pending = true
		return true
	}
	if value[0] != ' ' {
		return false
	}
	return p.scalar(value[1:], ln, col+len(key)+2) != nil
}

// newKey tells whether key k, just added, is new in the innermost open mapping and the
// mapping is small enough to check.
func (p *fastParser) newKey(k *yaml.Node) bool {
	f := p.top()
	keys := p.kids[f.start : len(p.kids)-1]
	if len(keys) >= 2*fastMaxKeys {
		return false
	}
	for i := 0; i < len(keys); i += 2 {
		if keys[i].Value == k.Value {
			return false
		}
	}
	return true
}

// scalar adds s, at 0-based column col, as the next child of the innermost open
// collection; nil when s is outside the subset.
func (p *fastParser) scalar(s string, ln, col int) *yaml.Node {
	tag := plainTag(s)
	if tag == "" {
		return nil
	}
	n := p.node(yaml.ScalarNode, tag, s, ln, col+1)
	if n != nil {
		p.kids = append(p.kids, n)
	}
	return n
}

// plainTag returns the tag yaml.v3 resolves plain scalar s to, or "" when s is outside the
// subset.
func plainTag(s string) string {
	if s == "" {
		return ""
	}
	if c := s[0]; c >= '0' && c <= '9' {
		if len(s) > fastMaxInt || c == '0' && len(s) > 1 || strings.TrimLeft(s, "0123456789") != "" {
			return "" // octal, float, timestamp, …
		}
		return "!!int"
	}
	if !isLetter(s[0]) || !plainWords(s) {
		return ""
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case "null", "Null", "NULL":
		return ""
	}
	return "!!str"
}

// plainWords tells whether s is words of [A-Za-z0-9_./-] joined by single spaces.
func plainWords(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isLetter(c), c >= '0' && c <= '9', c == '_', c == '.', c == '/', c == '-':
		case c == ' ':
			if i+1 == len(s) || s[i+1] == ' ' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// node takes a node from the slab; nil when it is used up (fastSize was wrong).
func (p *fastParser) node(kind yaml.Kind, tag, value string, line, column int) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		return nil
	}
	p.nodes = append(p.nodes, yaml.Node{Kind: kind, Tag: tag, Value: value, Line: line, Column: column})
	return &p.nodes[len(p.nodes)-1]
}

func (p *fastParser) top() *fastFrame { return &p.open[len(p.open)-1] }

// close ends the innermost open collection: its children become its Content.
func (p *fastParser) close() {
	f := p.open[len(p.open)-1]
	p.open = p.open[:len(p.open)-1]
	from := len(p.ptrs)
	p.ptrs = append(p.ptrs, p.kids[f.start:]...)
	f.n.Content = p.ptrs[from:len(p.ptrs):len(p.ptrs)]
	p.kids = p.kids[:f.start]
}
