package fdl

import (
	"strconv"
	"strings"
)

// checkSteps checks one list of sibling steps, whose paths are under base: names unique,
// every goto (refs) naming a sibling, every step reachable from the first.
func (p *parser) checkSteps(steps []*Step, refs []ref, base string) {
	index := p.stepIndex(steps, base)
	broken := false
	for _, r := range refs {
		if _, ok := index[r.target]; !ok {
			p.report(r.node, r.path, r.field, "%s", missingStep(r.target, steps))
			broken = true
		}
	}
	if broken || len(steps) == 0 {
		return
	}
	seen := reachableSteps(steps, index)
	for i, s := range steps {
		if !seen[i] {
			p.reportLine(s.Line, join(base, s.Name), "", "unreachable: the step before it does not continue here and no goto names it")
		}
	}
}

// stepIndex indexes steps by name, reporting names used twice.
func (p *parser) stepIndex(steps []*Step, base string) map[string]int {
	index := make(map[string]int, len(steps))
	for i, s := range steps {
		if s.Name == "" {
			continue
		}
		if first, ok := index[s.Name]; ok {
			p.reportLine(s.Line, join(base, s.Name), "name", "another step of this list is named %q (line %d)", s.Name, steps[first].Line)
			continue
		}
		index[s.Name] = i
	}
	return index
}

// missingStep says that no sibling step is named target.
func missingStep(target string, steps []*Step) string {
	msg := "no step named " + strconv.Quote(target) + " among the sibling steps"
	for _, s := range steps {
		if strings.EqualFold(s.Name, target) {
			return msg + "; did you mean " + strconv.Quote(s.Name) + "?"
		}
	}
	return msg
}

// reachableSteps marks the steps reachable from the first one, in order or by goto.
func reachableSteps(steps []*Step, index map[string]int) []bool {
	seen := make([]bool, len(steps))
	seen[0] = true
	queue := []int{0}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		next := gotos(steps[i], index)
		if i+1 < len(steps) && continues(steps[i]) {
			next = append(next, i+1)
		}
		for _, j := range next {
			if !seen[j] {
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	return seen
}

// gotos lists the positions of the siblings s may jump to.
func gotos(s *Step, index map[string]int) []int {
	var out []int
	add := func(name string) {
		if i, ok := index[name]; ok && name != "" {
			out = append(out, i)
		}
	}
	for _, c := range s.Catch {
		add(c.Goto)
	}
	for _, c := range s.Choices {
		add(c.Goto)
	}
	if s.Default != nil {
		add(s.Default.Goto)
	}
	return out
}

// continues tells whether the step after s may run after it.
func continues(s *Step) bool {
	switch {
	case s.End, s.Type == SucceedStep, s.Type == FailStep:
		return false
	case s.Type != ChoiceStep || s.Default == nil || s.Default.Goto == "":
		return true
	}
	for _, c := range s.Choices {
		if c.Goto == "" {
			return true
		}
	}
	return false
}
