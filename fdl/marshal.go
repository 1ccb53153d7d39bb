package fdl

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Marshal writes d as YAML in canonical form: keys in a fixed order, defaults written out,
// constructor keys sorted. Parsing the result gives d back, but for line numbers.
func (d *Definition) Marshal() ([]byte, error) {
	var root *yaml.Node
	switch d.Dialect {
	case StateMachine:
		root = stateMachineNode(d)
	case Flow:
		root = flowNode(d)
	default:
		return nil, fmt.Errorf("fdl: cannot marshal a definition of %v", d.Dialect)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("fdl: cannot marshal: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("fdl: cannot marshal: %w", err)
	}
	return buf.Bytes(), nil
}

// stateMachineNode is the YAML of a new-dialect definition.
func stateMachineNode(d *Definition) *yaml.Node {
	m := mapNode()
	put(m, "Type", strNode("StateMachine"))
	putStr(m, "Name", d.Name)
	putStr(m, "SpecVersion", d.SpecVersion)
	putStr(m, "Description", d.Description)
	putScope(m, &Scope{StartAt: d.StartAt, States: d.States})
	return m
}

// putScope adds StartAt and States to m.
func putScope(m *yaml.Node, sc *Scope) {
	putStr(m, "StartAt", sc.StartAt)
	put(m, "States", listNode(sc.States, stateNode))
}

// stateNode is the YAML of one state.
func stateNode(s State) *yaml.Node {
	m := mapNode()
	b := s.Common()
	put(m, "Type", strNode(string(s.Type())))
	putStr(m, "Name", b.Name)
	putStr(m, "Description", b.Description)
	putObject(m, "InputConstructor", b.InputConstructor)
	s.putFields(m)
	putObject(m, "OutputConstructor", b.OutputConstructor)
	putObject(m, "GlobalConstructor", b.GlobalConstructor)
	if r, ok := s.(Recoverer); ok {
		putRules(m, r.ErrorRules())
	}
	if t, ok := s.(Mover); ok {
		putStr(m, "Next", t.Transitions().Next)
		if t.Transitions().End {
			put(m, "End", boolNode(true))
		}
	}
	return m
}

// putRules adds the Retry and Catch rules of a state.
func putRules(m *yaml.Node, s *Rules) {
	if s.Retry != nil {
		put(m, "Retry", listNode(s.Retry, func(r Retry) *yaml.Node {
			rm := mapNode()
			put(rm, "Errors", strsNode(r.Errors))
			putStr(rm, "Description", r.Description)
			put(rm, "MaxAttempts", intNode(r.MaxAttempts))
			put(rm, "IntervalSeconds", intNode(r.IntervalSeconds))
			put(rm, "BackoffRate", floatNode(r.BackoffRate))
			if r.MaxBackoffSeconds != 0 {
				put(rm, "MaxBackoffSeconds", intNode(r.MaxBackoffSeconds))
			}
			return rm
		}))
	}
	if s.Catch != nil {
		put(m, "Catch", listNode(s.Catch, func(c Catch) *yaml.Node {
			cm := mapNode()
			put(cm, "Errors", strsNode(c.Errors))
			putStr(cm, "Description", c.Description)
			putObject(cm, "OutputConstructor", c.OutputConstructor)
			putStr(cm, "Next", c.Next)
			return cm
		}))
	}
}

// mapNode is an empty YAML mapping.
func mapNode() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

// seqNode is an empty YAML list.
func seqNode() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"} }

// listNode is the YAML list of items, each written by node.
func listNode[T any](items []T, node func(T) *yaml.Node) *yaml.Node {
	n := seqNode()
	for _, item := range items {
		n.Content = append(n.Content, node(item))
	}
	return n
}

// put adds key: v to mapping m.
func put(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, strNode(key), v)
}

// putStr adds key: s to m unless s is empty.
func putStr(m *yaml.Node, key, s string) {
	if s != "" {
		put(m, key, strNode(s))
	}
}

// putObject adds key: obj to m unless obj is nil.
func putObject(m *yaml.Node, key string, obj map[string]any) {
	if obj != nil {
		put(m, key, valueNode(obj))
	}
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func intNode(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)}
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

// floatNode writes f so that YAML reads it back as a float, never as an integer.
func floatNode(f float64) *yaml.Node {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: s}
}

// strsNode is a list of strings.
func strsNode(ss []string) *yaml.Node {
	return listNode(ss, strNode)
}

// valueNode is the YAML of a JSON value as Parse keeps it, with object keys sorted.
func valueNode(v any) *yaml.Node {
	switch v := v.(type) {
	case map[string]any:
		m := mapNode()
		for _, k := range slices.Sorted(maps.Keys(v)) {
			put(m, k, valueNode(v[k]))
		}
		return m
	case []any:
		return listNode(v, valueNode)
	case string:
		return strNode(v)
	case bool:
		return boolNode(v)
	case int:
		return intNode(v)
	case float64:
		return floatNode(v)
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}
