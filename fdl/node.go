package fdl

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// object is one YAML mapping of a definition, read key by key. Null values count as absent.
type object struct {
	p      *parser
	node   *yaml.Node
	path   string // the state path problems name
	prefix string // the field prefix problems name, e.g. "Retry[0]."
	keys   []*yaml.Node
	values map[string]*yaml.Node
}

// object reads mapping n of the state at path, reporting keys that are not strings and keys
// written twice. Its fields are named prefix+key.
func (p *parser) object(n *yaml.Node, path, prefix string) *object {
	pairs := len(n.Content) / 2 // room made once, not grown key by key
	o := &object{p: p, node: n, path: path, prefix: prefix, values: make(map[string]*yaml.Node, pairs),
		keys: make([]*yaml.Node, 0, pairs)}
	seen := make(map[string]*yaml.Node, pairs)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if !o.key(k, seen) {
			continue
		}
		if v.ShortTag() != "!!null" {
			o.values[k.Value] = v
		}
	}
	return o
}

// peek returns the first string value of key in mapping n, "" when there is none; it
// names a state before its problems are reported.
func peek(n *yaml.Node, key string) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind == yaml.ScalarNode && k.Value == key {
			s, _ := text(v)
			return s
		}
	}
	return ""
}

// key checks key node k and records it; false means it is to be skipped.
func (o *object) key(k *yaml.Node, seen map[string]*yaml.Node) bool {
	if k.Kind != yaml.ScalarNode {
		o.p.report(k, o.path, strings.TrimSuffix(o.prefix, "."), "a key must be a string, got %s", describe(k))
		return false
	}
	if k.ShortTag() == "!!merge" {
		o.p.report(k, o.path, o.prefix+k.Value, "merge keys (<<) are not supported")
		return false
	}
	if first := seen[k.Value]; first != nil {
		o.p.report(k, o.path, o.prefix+k.Value, "key written twice; first on line %d", first.Line)
		return false
	}
	seen[k.Value] = k
	o.keys = append(o.keys, k)
	return true
}

// only reports every key not in allowed. explain, when not nil, may say why a key known
// elsewhere does not belong here; otherwise the problem suggests a key differing only in
// case, or lists the allowed keys.
func (o *object) only(allowed []string, explain func(key string) string) {
	for _, k := range o.keys {
		if slices.Contains(allowed, k.Value) {
			continue
		}
		msg := ""
		if explain != nil {
			msg = explain(k.Value)
		}
		if msg == "" {
			msg = unknownKey(k.Value, allowed)
		}
		o.p.report(k, o.path, o.prefix+k.Value, "%s", msg)
	}
}

// unknownKey says that key is unknown and what was perhaps meant.
func unknownKey(key string, allowed []string) string {
	for _, a := range allowed {
		if strings.EqualFold(a, key) {
			return fmt.Sprintf("unknown field; did you mean %q?", a)
		}
	}
	return "unknown field; want one of " + strings.Join(allowed, ", ")
}

// has tells whether key is present with a value other than null.
func (o *object) has(key string) bool { return o.values[key] != nil }

// field names key for a problem.
func (o *object) field(key string) string { return o.prefix + key }

// need reports key as missing when required and absent, and returns its value.
func (o *object) need(key string, required bool) *yaml.Node {
	v := o.values[key]
	if v == nil && required {
		o.p.report(o.node, o.path, o.field(key), "missing required field")
	}
	return v
}

// wrong reports that key has the wrong type.
func (o *object) wrong(key, want string, v *yaml.Node) {
	o.p.report(v, o.path, o.field(key), "want %s, got %s", want, describe(v))
}

// str returns the string value of key.
func (o *object) str(key string, required bool) string {
	v := o.need(key, required)
	if v == nil {
		return ""
	}
	s, ok := text(v)
	if !ok {
		o.wrong(key, "a string", v)
		return ""
	}
	if !utf8.ValidString(s) {
		o.p.report(v, o.path, o.field(key), "not valid UTF-8")
		return ""
	}
	if required && s == "" {
		o.p.report(v, o.path, o.field(key), "must not be empty")
	}
	return s
}

// name returns the string value of key, which names a state or step and so must not be
// empty.
func (o *object) name(key string, required bool) string {
	s := o.str(key, required)
	if s == "" && !required && o.has(key) {
		if _, ok := text(o.values[key]); ok {
			o.p.report(o.values[key], o.path, o.field(key), "must not be empty")
		}
	}
	return s
}

// condition returns the condition at key, which must not be blank. Its syntax is left to
// the expression engine.
func (o *object) condition(key string) string {
	s := o.str(key, true)
	if s != "" && strings.TrimSpace(s) == "" {
		o.p.report(o.values[key], o.path, o.field(key), "must not be blank")
	}
	return s
}

// text returns the text of a scalar that YAML reads as a string.
func text(v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		return "", false
	}
	switch v.ShortTag() {
	case "!!str", "!!timestamp", "!!merge":
		return v.Value, true
	}
	return "", false
}

// integer returns the integer value of key and whether it is present and an integer.
func (o *object) integer(key string, required bool) (int, bool) {
	v := o.need(key, required)
	if v == nil {
		return 0, false
	}
	f, ok := number(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		o.wrong(key, "an integer", v)
		return 0, false
	}
	return int(f), true
}

// number returns the numeric value of key and whether it is present and a number.
func (o *object) number(key string) (float64, bool) {
	v := o.values[key]
	if v == nil {
		return 0, false
	}
	f, ok := number(v)
	if !ok {
		o.wrong(key, "a number", v)
		return 0, false
	}
	return f, true
}

// number returns the value of a finite numeric scalar.
func number(v *yaml.Node) (float64, bool) {
	if v.Kind != yaml.ScalarNode || (v.ShortTag() != "!!int" && v.ShortTag() != "!!float") {
		return 0, false
	}
	var f float64
	if err := v.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// boolean returns the boolean value of key, false when absent.
func (o *object) boolean(key string) bool {
	v := o.values[key]
	if v == nil {
		return false
	}
	if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" && (v.Value == "true" || v.Value == "false") {
		return v.Value == "true" // what Decode makes of them, without a decoder
	}
	var b bool
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" || v.Decode(&b) != nil {
		o.wrong(key, "true or false", v)
		return false
	}
	return b
}

// list returns the elements of list key; nil when absent or not a list.
func (o *object) list(key string, required bool) []*yaml.Node {
	v := o.need(key, required)
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		o.wrong(key, "a list", v)
		return nil
	}
	items := make([]*yaml.Node, len(v.Content))
	for i, c := range v.Content {
		items[i] = deref(c)
	}
	return items
}

// mapping returns the mapping value of key; nil when absent or not a mapping.
func (o *object) mapping(key string, required bool) *yaml.Node {
	v := o.need(key, required)
	if v == nil {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		o.wrong(key, "a mapping", v)
		return nil
	}
	return v
}

// strs returns list key of strings; required means present and not empty.
func (o *object) strs(key string, required bool) []string {
	items := o.list(key, required)
	if items == nil {
		return nil
	}
	if required && len(items) == 0 {
		o.p.report(o.values[key], o.path, o.field(key), "must list at least one")
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		s, ok := text(it)
		if !ok || s == "" {
			o.p.report(it, o.path, fmt.Sprintf("%s[%d]", o.field(key), i), "want a non-empty string, got %s", describe(it))
			continue
		}
		out = append(out, s)
	}
	return out
}

// oneOf checks that s, the value of key, is one of want.
func (o *object) oneOf(key, s string, want ...string) {
	if s == "" || slices.Contains(want, s) {
		return
	}
	o.p.report(o.values[key], o.path, o.field(key), "want one of %s, got %q", strings.Join(want, ", "), s)
}

// within checks that n, the value of key, lies in [lo, hi].
func (o *object) within(key string, n, lo, hi int) {
	if n < lo || n > hi {
		o.p.report(o.values[key], o.path, o.field(key), "%d is out of range %d-%d", n, lo, hi)
	}
}

// atLeast checks that n, the value of key, is at least lo.
func (o *object) atLeast(key string, n, lo int) {
	if n < lo {
		o.p.report(o.values[key], o.path, o.field(key), "%d is less than %d", n, lo)
	}
}

// describe names the type of node n for a problem, with a short excerpt of a scalar.
func describe(n *yaml.Node) string { return yamlsrc.Describe(n) }
