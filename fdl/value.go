package fdl

import (
	"math"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// jsonObject returns mapping key as a JSON object: map[string]any whose values are
// map[string]any, []any, string, int, float64, bool or nil. A key ending in ".$" must hold
// a non-empty string: the expression that computes the value.
func (o *object) jsonObject(key string) map[string]any {
	v := o.mapping(key, false)
	if v == nil {
		return nil
	}
	m, _ := o.p.value(v, o.path, o.field(key)).(map[string]any)
	return m
}

// value converts YAML node n, at field of the state at path, to its JSON value.
func (p *parser) value(n *yaml.Node, path, field string) any {
	return p.valueAt(n, path, yamlsrc.Root(field))
}

// valueAt converts YAML node n, at field of the state at path, to its JSON value. The field
// is a yamlsrc.Path, rendered only if a problem is reported: checking stays linear in the
// size of n whatever its depth. The recursion is bounded by yamlsrc.MaxDepth (load's guard).
func (p *parser) valueAt(n *yaml.Node, path string, field *yamlsrc.Path) any {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		return p.objectValue(n, path, field)
	case yaml.SequenceNode:
		items := make([]any, len(n.Content))
		for i, c := range n.Content {
			items[i] = p.valueAt(c, path, field.Index(i))
		}
		return items
	case yaml.ScalarNode:
		return p.scalar(n, path, field)
	}
	return nil
}

// objectValue converts mapping n to a map[string]any.
func (p *parser) objectValue(n *yaml.Node, path string, field *yamlsrc.Path) map[string]any {
	m := make(map[string]any, len(n.Content)/2)
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := deref(n.Content[i])
		if !p.valueKey(k, seen, path, field) {
			continue
		}
		sub := field.Key(k.Value)
		v := p.valueAt(n.Content[i+1], path, sub)
		if strings.HasSuffix(k.Value, ".$") {
			if s, ok := v.(string); !ok || s == "" {
				p.reportAt(deref(n.Content[i+1]), path, sub, "a key ending in .$ needs an expression (a non-empty string), got %s", describe(deref(n.Content[i+1])))
			}
		}
		m[k.Value] = v
	}
	return m
}

// valueKey checks key k of a JSON object value.
func (p *parser) valueKey(k *yaml.Node, seen map[string]*yaml.Node, path string, field *yamlsrc.Path) bool {
	switch {
	case k.Kind != yaml.ScalarNode:
		p.reportAt(k, path, field, "a key must be a string, got %s", describe(k))
	case k.ShortTag() == "!!merge":
		p.reportAt(k, path, field.Key(k.Value), "merge keys (<<) are not supported")
	case !utf8.ValidString(k.Value):
		p.reportAt(k, path, field, "a key is not valid UTF-8")
	case seen[k.Value] != nil:
		p.reportAt(k, path, field.Key(k.Value), "key written twice; first on line %d", seen[k.Value].Line)
	default:
		seen[k.Value] = k
		return true
	}
	return false
}

// scalar converts scalar n to string, int, float64, bool or nil.
func (p *parser) scalar(n *yaml.Node, path string, field *yamlsrc.Path) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!str", "!!timestamp", "!!merge":
		if !utf8.ValidString(n.Value) {
			p.reportAt(n, path, field, "not valid UTF-8")
		}
		return n.Value
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int
		if n.Decode(&i) == nil {
			return i
		}
		return p.float(n, path, field)
	case "!!float":
		return p.float(n, path, field)
	}
	p.reportAt(n, path, field, "want a JSON value, got %s", describe(n))
	return nil
}

// float converts numeric scalar n to a finite float64.
func (p *parser) float(n *yaml.Node, path string, field *yamlsrc.Path) any {
	var f float64
	if n.Decode(&f) != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		p.reportAt(n, path, field, "want a finite number, got %s", describe(n))
		return nil
	}
	return f
}
