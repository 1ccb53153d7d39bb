package fdl

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The parts of parsing that both dialects share: a state of the new dialect and a step of the
// old are an item of a list, named by a key and typed by another.

// item opens item i of the list (States or steps) whose items have paths under base: an
// object at the path of its name (nameKey), or of its index when it has none. It reports an
// item that is not a mapping, a what, and returns nil.
func (p *parser) item(n *yaml.Node, base, list, nameKey, what string, i int) *object {
	if n.Kind != yaml.MappingNode {
		p.report(n, join(base, indexed(list, i)), "", "a %s is a mapping, got %s", what, describe(n))
		return nil
	}
	if name := peek(n, nameKey); name != "" {
		return p.object(n, join(base, name), "")
	}
	return p.object(n, join(base, indexed(list, i)), "")
}

// itemType reads the type of an item, key, one of known; "" when missing or unknown. It
// reports an unknown type, naming a known one that differs only in case.
func itemType[T ~string](p *parser, o *object, key, what string, known []T) T {
	t := T(o.str(key, true))
	if t == "" || slices.Contains(known, t) {
		return t
	}
	names := make([]string, len(known))
	for i, k := range known {
		names[i] = string(k)
		if strings.EqualFold(string(k), string(t)) {
			p.report(o.values[key], o.path, key, "unknown %s type %q; did you mean %q?", what, t, k)
			return ""
		}
	}
	p.report(o.values[key], o.path, key, "unknown %s type %q; want one of %s", what, t, strings.Join(names, ", "))
	return ""
}

// indexed is element i of list, as paths name it: list[i].
func indexed(list string, i int) string { return list + "[" + strconv.Itoa(i) + "]" }

// join appends name to path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "/" + name
}
