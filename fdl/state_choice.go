package fdl

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Choice moves to the Next of the first of its Branches whose Condition holds, tried in
// order, else to Default.
type Choice struct {
	Base
	Branches []ChoiceBranch
	Default  string
}

// Type returns ChoiceState.
func (*Choice) Type() StateType { return ChoiceState }

// Accept returns v.VisitChoice(s).
func (s *Choice) Accept(v Visitor) error { return v.VisitChoice(s) }

// ChoiceBranch is one branch of a Choice state.
type ChoiceBranch struct {
	Line int
	// Condition is the expression as written, e.g. `$Input.status == "ready"`.
	Condition string
	Next      string
}

// choice reads a Choice state.
func (p *parser) choice(o *object, b Base) *Choice {
	s := &Choice{Base: b}
	items := o.list("Branches", true)
	if items != nil && len(items) == 0 {
		p.report(o.values["Branches"], o.path, "Branches", "a Choice state needs at least one branch")
	}
	s.Branches = make([]ChoiceBranch, 0, len(items))
	for i, n := range items {
		if b, ok := p.choiceBranch(o, n, i); ok {
			s.Branches = append(s.Branches, b)
		}
	}
	s.Default = o.name("Default", true)
	p.ref(o, "Default", s.Default)
	return s
}

// choiceBranch reads branch i of a Choice state.
func (p *parser) choiceBranch(o *object, n *yaml.Node, i int) (ChoiceBranch, bool) {
	field := fmt.Sprintf("Branches[%d]", i)
	if n.Kind != yaml.MappingNode {
		p.report(n, o.path, field, "want a mapping, got %s", describe(n))
		return ChoiceBranch{}, false
	}
	bo := p.object(n, o.path, field+".")
	bo.only([]string{"Condition", "Next"}, nil)
	b := ChoiceBranch{Line: n.Line, Condition: bo.condition("Condition"), Next: bo.name("Next", true)}
	p.ref(bo, "Next", b.Next)
	return b, true
}

// putFields adds the fields of a Choice state.
func (s *Choice) putFields(m *yaml.Node) {
	put(m, "Branches", listNode(s.Branches, func(b ChoiceBranch) *yaml.Node {
		bm := mapNode()
		putStr(bm, "Condition", b.Condition)
		putStr(bm, "Next", b.Next)
		return bm
	}))
	putStr(m, "Default", s.Default)
}
