package fdl

import (
	"cmp"
	"fmt"
	"slices"
	"sync/atomic"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// Dialect is the language a definition is written in.
type Dialect int

const (
	// StateMachine is the CloudFlow dialect: Type: StateMachine, StartAt and a list of States.
	StateMachine Dialect = iota + 1
	// Flow is the older Serverless Workflow dialect: type: flow, version and a list of steps.
	Flow
)

// String returns the dialect's marker value: "StateMachine" or "flow".
func (d Dialect) String() string {
	switch d {
	case StateMachine:
		return "StateMachine"
	case Flow:
		return "flow"
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

// Definition is a parsed and checked flow definition of either dialect.
type Definition struct {
	Dialect Dialect

	// Name is the new dialect's top-level Name, "" when absent. The old dialect has none.
	// Parse does not compare it with a flow's name: the caller does, using NameLine.
	Name string
	// NameLine is the line of Name, 0 when absent.
	NameLine int
	// Description is the new dialect's top-level Description.
	Description string
	// SpecVersion is the new dialect's SpecVersion ("v1"), "" when absent.
	SpecVersion string
	// StartAt names the first of States (new dialect).
	StartAt string
	// States are the top-level states in the order written (new dialect).
	States []State

	// Version is the old dialect's version (v1, v1.0 or v1beta1).
	Version string
	// TimeoutSeconds is the old dialect's flow timeout, 0 when absent.
	TimeoutSeconds int
	// InputMappings and OutputMappings are the old dialect's flow-level mappings.
	InputMappings  []Mapping
	OutputMappings []Mapping
	// Steps are the old dialect's top-level steps in the order written.
	Steps []*Step

	// compiled is what Compiled built.
	compiled atomic.Pointer[compiled]
}

// Parse parses and checks a definition in either dialect; JSON is read as the YAML it is.
// On failure the definition is nil and the error is a Problems holding every problem found
// (at most MaxProblems), in line order.
func Parse(text string) (*Definition, error) {
	p := &parser{}
	root := p.load(text)
	var d *Definition
	if root != nil {
		d = p.definition(root)
	}
	if len(p.problems) > 0 {
		return nil, p.sorted()
	}
	return d, nil
}

// maxCollected bounds the problems collected before sorting, so a hostile text cannot make
// Parse spend long on problems nobody will read.
const maxCollected = 1000

// parser collects the problems of one definition.
type parser struct {
	problems []pending
	// refs holds the state names referred to by the scopes being parsed, innermost last.
	refs []ref
}

// report records a problem at node n (nil: no line) of the state at path.
func (p *parser) report(n *yaml.Node, path, field, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.reportLine(line, path, field, format, args...)
}

// reportLine records a problem at line of the state at path.
func (p *parser) reportLine(line int, path, field, format string, args ...any) {
	if len(p.problems) >= maxCollected {
		return
	}
	p.problems = append(p.problems, pending{Problem: Problem{Line: line, State: path, Field: field, Message: fmt.Sprintf(format, args...)}})
}

// reportAt records a problem at node n of the state at path, in the field at, a path
// rendered only if the problem is among those Parse returns.
func (p *parser) reportAt(n *yaml.Node, path string, at *yamlsrc.Path, format string, args ...any) {
	if len(p.problems) >= maxCollected {
		return
	}
	p.problems = append(p.problems, pending{Problem: Problem{Line: n.Line, State: path, Message: fmt.Sprintf(format, args...)}, at: at})
}

// pending is a problem whose field, when at is not nil, is not rendered yet.
type pending struct {
	Problem
	at *yamlsrc.Path
}

// sorted returns the problems in line order, at most MaxProblems of them.
func (p *parser) sorted() Problems {
	ps := slices.Clone(p.problems)
	slices.SortStableFunc(ps, func(a, b pending) int { return cmp.Compare(a.Line, b.Line) })
	ps = slices.CompactFunc(ps, func(a, b pending) bool { return a.Problem == b.Problem && a.at.Equal(b.at) })
	shown := ps
	if len(ps) > MaxProblems {
		shown = ps[:MaxProblems-1]
	}
	out := make(Problems, len(shown), MaxProblems)
	for i, f := range shown {
		out[i] = f.Problem
		if f.at != nil {
			out[i].Field = f.at.String()
		}
	}
	if len(ps) > MaxProblems {
		rest := len(ps) - (MaxProblems - 1)
		out = append(out, Problem{Line: ps[MaxProblems-1].Line, Message: fmt.Sprintf("%d more problems not shown", rest)})
	}
	return out
}

// definition tells the dialect of root and parses it.
func (p *parser) definition(root *yaml.Node) *Definition {
	o := p.object(root, "", "")
	switch dialect := p.dialect(o); dialect {
	case StateMachine:
		return p.stateMachine(o)
	case Flow:
		return p.flow(o)
	}
	return nil
}

// dialect reads the marker key: "Type: StateMachine" or "type: flow".
func (p *parser) dialect(o *object) Dialect {
	if v := o.values["Type"]; v != nil {
		if scalarIs(v, "StateMachine") {
			return StateMachine
		}
		hint := ""
		if scalarIs(v, "flow") {
			hint = `; the old dialect is written "type: flow"`
		}
		p.report(v, "", "Type", `want "StateMachine", got %s%s`, describe(v), hint)
		return 0
	}
	if v := o.values["type"]; v != nil {
		if scalarIs(v, "flow") {
			return Flow
		}
		hint := ""
		if scalarIs(v, "StateMachine") {
			hint = `; the new dialect is written "Type: StateMachine"`
		}
		p.report(v, "", "type", `want "flow", got %s%s`, describe(v), hint)
		return 0
	}
	p.report(o.node, "", "", "unrecognised dialect: want Type: StateMachine (with SpecVersion, StartAt and States) or type: flow (with version and steps)")
	return 0
}

// scalarIs tells whether n is the plain string s.
func scalarIs(n *yaml.Node, s string) bool {
	return n.Kind == yaml.ScalarNode && n.Value == s && n.ShortTag() == "!!str"
}
