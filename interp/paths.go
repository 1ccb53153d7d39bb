package interp

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowmock/flowmock/fdl"
	"github.com/theory/jsonpath"
)

// root is what an old-dialect "$" path reads.
type root uint8

const (
	rootInput   root = iota // $input, $: the step input
	rootLocal               // $local: the step's (or its list's) local
	rootContext             // $context: execution, flow, step and task
)

// path is a compiled old-dialect "$" path: "$input.x" and "$.x" read the step input,
// "$local.y" and "$local[*].name" the local, "$context.task.token" the context; the rest
// is an RFC 9535 JSONPath query on that root.
type path struct {
	src      string
	root     root
	query    *jsonpath.Path
	singular bool
}

// scope is what the paths of one old-dialect step read.
type scope struct {
	input, local any
	context      map[string]any
}

// contextFields are the members of $context, as the official samples use them.
var contextFields = []string{"execution", "flow", "step", "task"}

// parsePath compiles src, which starts with "$".
func parsePath(src string) (path, error) {
	p := path{src: src}
	rest := strings.TrimPrefix(src, "$")
	switch {
	case strings.HasPrefix(src, "$input"):
		rest = strings.TrimPrefix(src, "$input")
	case strings.HasPrefix(src, "$local"):
		rest, p.root = strings.TrimPrefix(src, "$local"), rootLocal
	case strings.HasPrefix(src, "$context"):
		rest, p.root = strings.TrimPrefix(src, "$context"), rootContext
	}
	if rest != "" && rest[0] != '.' && rest[0] != '[' {
		return p, fmt.Errorf("path %q: want $input, $local, $context or $ followed by . or [", src)
	}
	if p.root == rootContext {
		field, _, _ := strings.Cut(strings.TrimPrefix(rest, "."), ".")
		if !slices.Contains(contextFields, field) {
			return p, fmt.Errorf("path %q: $context has no field %q; want one of %s", src, field, strings.Join(contextFields, ", "))
		}
	}
	q, err := jsonpath.Parse("$" + rest)
	if err != nil {
		return p, fmt.Errorf("path %q: %s", src, firstLine(err))
	}
	p.query, p.singular = q, q.Query().Singular() != nil
	return p, nil
}

// get resolves p in sc: a singular path gives its value (null when absent), any other
// the array of the values it selects. A singular $context path that selects nothing is an
// error naming it: the context has no optional fields.
func (p path) get(sc scope) (any, error) {
	var v any
	switch p.root {
	case rootInput:
		v = sc.input
	case rootLocal:
		v = sc.local
	case rootContext:
		v = sc.context
	}
	nodes := p.query.Select(v)
	if !p.singular {
		return append([]any{}, nodes...), nil
	}
	if len(nodes) == 0 {
		if p.root == rootContext {
			return nil, &TaskError{ErrRuntime, fmt.Sprintf("%s does not exist here: %s", p.src, contextHere(sc.context))}
		}
		return nil, nil
	}
	return nodes[0], nil
}

// contextHere says which fields the context has, for an error.
func contextHere(c map[string]any) string {
	var have []string
	for _, f := range contextFields {
		if m, ok := c[f].(map[string]any); ok {
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, "$context."+f+"."+k)
			}
			slices.Sort(keys)
			have = append(have, keys...)
		}
	}
	return "the context has " + strings.Join(have, ", ")
}

// isPath says whether an old-dialect value is a "$" path rather than a constant.
func isPath(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok && strings.HasPrefix(s, "$")
}

// resolve returns v with its paths resolved in sc: a string starting with "$" is a path,
// objects and arrays are resolved member by member, the rest constants.
func (r *runner) resolve(v any, sc scope) (any, error) {
	switch t := v.(type) {
	case string:
		if p, ok := r.prog.paths[t]; ok {
			return p.get(sc)
		}
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			y, err := r.resolve(x, sc)
			if err != nil {
				return nil, err
			}
			out[k] = y
		}
		return out, nil
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			y, err := r.resolve(x, sc)
			if err != nil {
				return nil, err
			}
			out[i] = y
		}
		return out, nil
	}
	return v, nil
}

// mapped applies mappings: each target of the new object takes its source resolved in sc.
func (r *runner) mapped(ms []fdl.Mapping, sc scope) (map[string]any, error) {
	out := make(map[string]any, len(ms))
	for _, m := range ms {
		v, err := r.resolve(m.Source, sc)
		if err != nil {
			return nil, err
		}
		out[m.Target] = v
	}
	return out, nil
}

// context is $context of a step (step "" for the flow's own mappings): the execution and
// flow names, the step's name and the ID of its event (eventId, which grows with the
// history), and for a task step its task token.
func (r *runner) context(step string, eventID int64, token string) map[string]any {
	c := map[string]any{
		"execution": map[string]any{"name": r.e.p.Name},
		"flow":      map[string]any{"name": r.e.p.Flow},
	}
	if step != "" {
		c["step"] = map[string]any{"name": step, "eventId": eventID}
	}
	if token != "" {
		c["task"] = map[string]any{"token": token}
	}
	return c
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

// nextEventID is the ID the next history event will have: the $context.step.eventId of
// a step's inputMappings, which run before its StepEntered.
func (e *Execution) nextEventID() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return int64(len(e.events)) + 1
}

// taskToken is the task token of a step's context, "" outside a task step.
func taskToken(c map[string]any) string {
	t, _ := c["task"].(map[string]any)
	s, _ := t["token"].(string)
	return s
}
