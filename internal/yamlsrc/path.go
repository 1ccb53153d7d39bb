package yamlsrc

import (
	"regexp"
	"strconv"
	"strings"
)

// Path is the path of a field from the top of a source, such as Parameters.items[2].name. It
// is a chain to its parent, one small value per level, rendered to a string only when a
// problem is reported: building "a.b.c" at every level would cost memory quadratic in the
// nesting. The nil *Path is the top; Path values are immutable and may share parents.
type Path struct {
	up    *Path
	text  string // a key, or the whole of a root
	index int    // of a list item
	kind  int8
}

const (
	rootPart int8 = iota
	keyPart
	indexPart
)

// Root returns a path written out already, such as "Retry[0].Next"; "" is the top.
func Root(s string) *Path {
	if s == "" {
		return nil
	}
	return &Path{text: s, kind: rootPart}
}

// Key returns the path of key in the mapping at p.
func (p *Path) Key(key string) *Path { return &Path{up: p, text: key, kind: keyPart} }

// Index returns the path of item i of the list at p.
func (p *Path) Index(i int) *Path { return &Path{up: p, index: i, kind: indexPart} }

// String renders the path with keys as written, joined by ".", and items as [i].
func (p *Path) String() string { return p.render(false) }

// Bracketed renders the path as String does, except that a key other than letters, digits,
// '_' and '-' is written quoted in brackets: MockedResponses.OK["0"].Return["a.b"].
func (p *Path) Bracketed() string { return p.render(true) }

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// BracketKey writes key as Bracketed does: as is when plain, else quoted in brackets.
func BracketKey(key string) string {
	if plainKey.MatchString(key) {
		return key
	}
	return "[" + strconv.Quote(key) + "]"
}

// render writes the path, top first, once.
func (p *Path) render(bracketed bool) string {
	var parts []*Path
	for q := p; q != nil; q = q.up {
		parts = append(parts, q)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		q := parts[i]
		switch q.kind {
		case rootPart:
			b.WriteString(q.text)
		case indexPart:
			b.WriteString("[" + strconv.Itoa(q.index) + "]")
		case keyPart:
			k := q.text
			if bracketed {
				k = BracketKey(k)
			}
			if b.Len() > 0 && !(bracketed && strings.HasPrefix(k, "[")) {
				b.WriteByte('.')
			}
			b.WriteString(k)
		}
	}
	return b.String()
}

// Equal tells whether p and q name the same field written the same way.
func (p *Path) Equal(q *Path) bool {
	for p != nil && q != nil {
		if p == q {
			return true
		}
		if p.kind != q.kind || p.text != q.text || p.index != q.index {
			return false
		}
		p, q = p.up, q.up
	}
	return p == q
}
