package yamlsrc

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Line returns the line of the field at path below top, a path as Path.String writes it
// ("rules[0].steps[1].error"): the line of its key, or of its item in a list. When the path
// goes further than the tree, it returns the line of the deepest field it names that is
// there. It walks the tree along path only, so a checker may place problems it finds on Go
// values after Decode without recording a line for every field.
func Line(top *yaml.Node, path string) int {
	n, line := Deref(top), top.Line
	for path != "" && n != nil {
		var next *yaml.Node
		if strings.HasPrefix(path, "[") {
			next, path = item(n, path)
			if next != nil {
				line = next.Line
			}
		} else {
			var key *yaml.Node
			key, next, path = entry(n, path)
			if key != nil {
				line = key.Line
			}
		}
		n = Deref(next)
		path = strings.TrimPrefix(path, ".")
	}
	return line
}

// item returns the list item path starts with ("[2]..."), and the rest of path.
func item(n *yaml.Node, path string) (*yaml.Node, string) {
	end := strings.IndexByte(path, ']')
	if end < 0 || n.Kind != yaml.SequenceNode {
		return nil, ""
	}
	i, err := strconv.Atoi(path[1:end])
	if err != nil || i < 0 || i >= len(n.Content) {
		return nil, ""
	}
	return n.Content[i], path[end+1:]
}

// entry returns the key and value of mapping n that path starts with, the longest such key
// (keys may hold "." and "["), and the rest of path.
func entry(n *yaml.Node, path string) (key, value *yaml.Node, rest string) {
	if n.Kind != yaml.MappingNode {
		return nil, nil, ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := Deref(n.Content[i])
		if !strings.HasPrefix(path, k.Value) || key != nil && len(k.Value) <= len(key.Value) {
			continue
		}
		if r := path[len(k.Value):]; r == "" || r[0] == '.' || r[0] == '[' {
			key, value, rest = k, n.Content[i+1], r
		}
	}
	return key, value, rest
}
