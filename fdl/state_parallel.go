package fdl

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Parallel runs its Branches at once on the same input.
type Parallel struct {
	Base
	Branches []*Scope
	Rules
	Transition
}

// Scopes returns the branches.
func (s *Parallel) Scopes() []*Scope { return s.Branches }

// Type returns ParallelState.
func (*Parallel) Type() StateType { return ParallelState }

// Accept returns v.VisitParallel(s).
func (s *Parallel) Accept(v Visitor) error { return v.VisitParallel(s) }

// parallel reads a Parallel state.
func (p *parser) parallel(o *object, b Base) *Parallel {
	s := &Parallel{Base: b}
	items := o.list("Branches", true)
	switch {
	case items != nil && len(items) == 0:
		p.report(o.values["Branches"], o.path, "Branches", "a Parallel state needs at least one branch")
	case len(items) > maxBranches:
		p.report(o.values["Branches"], o.path, "Branches", "%d branches; at most %d", len(items), maxBranches)
	}
	s.Branches = make([]*Scope, 0, len(items))
	for i, n := range items {
		field := fmt.Sprintf("Branches[%d]", i)
		if n.Kind != yaml.MappingNode {
			p.report(n, o.path, field, "want a mapping, got %s", describe(n))
			continue
		}
		bo := p.object(n, o.path, field+".")
		bo.only(scopeKeys, nil)
		s.Branches = append(s.Branches, p.scope(bo, join(o.path, fmt.Sprintf("Branch%d", i))))
	}
	p.errorRules(o, &s.Rules)
	p.transition(o, &s.Transition, ParallelState)
	return s
}

// putFields adds the fields of a Parallel state.
func (s *Parallel) putFields(m *yaml.Node) {
	put(m, "Branches", listNode(s.Branches, func(b *Scope) *yaml.Node {
		bm := mapNode()
		putScope(bm, b)
		return bm
	}))
}
