package yamlsrc

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Deref follows aliases to the node they stand for.
func Deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// IsNull tells whether n is a null scalar.
func IsNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// Describe names the type of node n for a problem, with a short excerpt of a scalar:
// "a mapping", "a number (2.5)", `a string ("abc")`.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return describeScalar(n)
	}
	return "nothing"
}

// describeScalar names the type of scalar n.
func describeScalar(n *yaml.Node) string {
	v := n.Value
	v = excerpt(v, 40)
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!bool":
		return "a boolean (" + v + ")"
	case "!!int", "!!float":
		return "a number (" + v + ")"
	case "!!str", "!!timestamp", "!!merge":
		return fmt.Sprintf("a string (%q)", v)
	}
	return fmt.Sprintf("a value tagged %s", n.Tag)
}

// excerpt returns the first max runes of s, with "…" when there are more.
func excerpt(s string, max int) string {
	runes := 0
	for i := range s {
		if runes == max {
			return s[:i] + "…"
		}
		runes++
	}
	return s
}
