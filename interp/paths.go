package interp

import (
	"fmt"
	"strings"

	"github.com/flowmock/flowmock/fdl"
	"github.com/theory/jsonpath"
)

// path is a compiled old-dialect "$" path: "$input.x" and "$.x" read the step input,
// "$local.y" and "$local[*].name" the local; the rest is an RFC 9535 JSONPath query on that
// root.
type path struct {
	local    bool
	query    *jsonpath.Path
	singular bool
}

// parsePath compiles src, which starts with "$".
func parsePath(src string) (path, error) {
	var p path
	rest := strings.TrimPrefix(src, "$")
	switch {
	case strings.HasPrefix(src, "$input"):
		rest = strings.TrimPrefix(src, "$input")
	case strings.HasPrefix(src, "$local"):
		rest, p.local = strings.TrimPrefix(src, "$local"), true
	}
	if rest != "" && rest[0] != '.' && rest[0] != '[' {
		return p, fmt.Errorf("path %q: want $input, $local or $ followed by . or [", src)
	}
	q, err := jsonpath.Parse("$" + rest)
	if err != nil {
		return p, fmt.Errorf("path %q: %s", src, firstLine(err))
	}
	p.query, p.singular = q, q.Query().Singular() != nil
	return p, nil
}

// get resolves p: a singular path gives its value (null when absent), any other the
// array of the values it selects.
func (p path) get(input, local any) any {
	root := input
	if p.local {
		root = local
	}
	nodes := p.query.Select(root)
	if !p.singular {
		return append([]any{}, nodes...)
	}
	if len(nodes) == 0 {
		return nil
	}
	return nodes[0]
}

// isPath says whether an old-dialect value is a "$" path rather than a constant.
func isPath(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok && strings.HasPrefix(s, "$")
}

// resolve returns v with its paths resolved against input and local: a string starting
// with "$" is a path, objects and arrays are resolved member by member, the rest constants.
func (r *runner) resolve(v any, input, local any) any {
	switch t := v.(type) {
	case string:
		if p, ok := r.paths[t]; ok {
			return p.get(input, local)
		}
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = r.resolve(x, input, local)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = r.resolve(x, input, local)
		}
		return out
	}
	return v
}

// mapped applies mappings: each target of the new object takes its source resolved
// against input and local.
func (r *runner) mapped(ms []fdl.Mapping, input, local any) map[string]any {
	out := make(map[string]any, len(ms))
	for _, m := range ms {
		out[m.Target] = r.resolve(m.Source, input, local)
	}
	return out
}

// valuePaths calls f with every "$" path in v.
func valuePaths(v any, f func(src string) error) error {
	switch t := v.(type) {
	case string:
		if _, ok := isPath(t); ok {
			return f(t)
		}
	case map[string]any:
		for _, x := range t {
			if err := valuePaths(x, f); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range t {
			if err := valuePaths(x, f); err != nil {
				return err
			}
		}
	}
	return nil
}
