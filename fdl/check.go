package fdl

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ref is a field naming a state of the scope being parsed.
type ref struct {
	node        *yaml.Node
	path, field string
	target      string
}

// checkScope checks the states of one scope, read from o, whose states have paths under
// base: names unique, StartAt and every ref naming a state of the scope, every state
// reachable from StartAt.
func (p *parser) checkScope(o *object, sc *Scope, refs []ref, base string) {
	names := p.stateNames(sc, base)
	if sc.StartAt != "" && names[sc.StartAt] == nil && len(sc.States) > 0 {
		p.report(o.values["StartAt"], o.path, o.field("StartAt"), "%s", missingState(sc.StartAt, sc))
	}
	broken := names[sc.StartAt] == nil
	for _, r := range refs {
		if names[r.target] == nil {
			p.report(r.node, r.path, r.field, "%s", missingState(r.target, sc))
			broken = true
		}
	}
	if broken || slices.ContainsFunc(sc.States, dangling) {
		return // reachability would only repeat the problems above
	}
	seen := reachable(sc.StartAt, names)
	for _, s := range sc.States {
		b := s.Common()
		if b.Name != "" && !seen[b.Name] && names[b.Name] == s {
			p.reportLine(b.Line, join(base, b.Name), "", "unreachable from StartAt %q", sc.StartAt)
		}
	}
}

// dangling tells whether s, which needs Next or End, has neither.
func dangling(s State) bool {
	m, ok := s.(Mover)
	return ok && m.Transitions().Next == "" && !m.Transitions().End
}

// stateNames indexes the states of sc by name, reporting names used twice.
func (p *parser) stateNames(sc *Scope, base string) map[string]State {
	names := make(map[string]State, len(sc.States))
	for _, s := range sc.States {
		b := s.Common()
		if b.Name == "" {
			continue
		}
		if first := names[b.Name]; first != nil {
			p.reportLine(b.Line, join(base, b.Name), "Name", "another state of this scope is named %q (line %d)", b.Name, first.Common().Line)
			continue
		}
		names[b.Name] = s
	}
	return names
}

// missingState says that no state of sc is named target, suggesting one whose name differs
// only in case.
func missingState(target string, sc *Scope) string {
	msg := "no state named " + strconv.Quote(target) + " in this scope"
	for _, s := range sc.States {
		if name := s.Common().Name; strings.EqualFold(name, target) {
			return msg + "; did you mean " + strconv.Quote(name) + "?"
		}
	}
	return msg
}

// reachable returns the names of the states reachable from start.
func reachable(start string, names map[string]State) map[string]bool {
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		s := names[queue[0]]
		queue = queue[1:]
		for _, next := range successors(s) {
			if !seen[next] && names[next] != nil {
				seen[next] = true
				queue = append(queue, next)
			}
		}
	}
	return seen
}

// successors lists the states s may move to within its scope.
func successors(s State) []string {
	var next []string
	if m, ok := s.(Mover); ok {
		next = append(next, m.Transitions().Next)
	}
	if c, ok := s.(*Choice); ok {
		next = append(next, c.Default)
		for _, b := range c.Branches {
			next = append(next, b.Next)
		}
	}
	if r, ok := s.(Recoverer); ok {
		for _, c := range r.ErrorRules().Catch {
			next = append(next, c.Next)
		}
	}
	return next
}
