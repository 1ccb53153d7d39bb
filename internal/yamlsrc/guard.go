package yamlsrc

import "go.yaml.in/yaml/v3"

const (
	// MaxDepth is the deepest nesting of mappings and lists a source may have: the top
	// mapping is level 1. A source nested deeper is refused with a problem that says so, at
	// the line where the level past it starts. A definition's states and JSON values, a mock
	// file's answers, and scenario and fixture files nest far less; the bound keeps the
	// recursive checkers after Guard on a short stack.
	MaxDepth = 128
	// MaxNodes bounds the YAML nodes that aliases add to a source when expanded, so that a
	// few aliases cannot make a checker walk an exponential tree. A source without aliases
	// is bounded by its size alone.
	MaxNodes = 100_000
)

// Guard checks the tree at top before anything else walks it: an alias that contains itself,
// aliases that expand to more than MaxNodes nodes, and nesting deeper than MaxDepth are added
// to ps, the problem naming the source as noun ("the definition"). After Guard succeeds,
// following aliases always ends, and a walk of the expanded tree is bounded by the size of
// the source plus MaxNodes steps, and by MaxDepth levels. Guard's own work is bounded the
// same way.
func Guard(top *yaml.Node, noun string, ps *List) bool {
	g := &guard{noun: noun, ps: ps, open: map[*yaml.Node]bool{}}
	return g.walk(top, 1)
}

// guard walks a tree with its aliases expanded, stopping at the first problem.
type guard struct {
	noun  string
	ps    *List
	nodes int                 // walked through an alias
	open  map[*yaml.Node]bool // the anchored nodes being walked
	via   *yaml.Node          // the outermost alias being expanded, where problems point
}

// walk checks n at level depth; false after adding a problem. A problem found through an
// alias is placed at the alias.
func (g *guard) walk(n *yaml.Node, depth int) bool {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil || g.open[n.Alias] {
			g.ps.Add(n.Line, nil, "alias *%s refers to a node that contains it", n.Value)
			return false
		}
		if g.via != nil {
			return g.walk(n.Alias, depth)
		}
		g.via = n
		defer func() { g.via = nil }()
		return g.walk(n.Alias, depth)
	}
	if g.via != nil {
		g.nodes++
		if g.nodes > MaxNodes {
			g.ps.Add(g.via.Line, nil, "the aliases of %s expand to more than %d YAML nodes", g.noun, MaxNodes)
			return false
		}
	}
	if n.Anchor != "" {
		g.open[n] = true
		defer delete(g.open, n)
	}
	for _, c := range n.Content {
		if depth >= MaxDepth && nests(c) {
			at := c
			if g.via != nil {
				at = g.via
			}
			g.ps.Add(at.Line, nil, "%s nests deeper than %d levels of mappings and lists", g.noun, MaxDepth)
			return false
		}
		if !g.walk(c, depth+1) {
			return false
		}
	}
	return true
}

// nests tells whether n is a mapping or a list, aliases followed.
func nests(n *yaml.Node) bool {
	n = Deref(n)
	return n != nil && (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode)
}
