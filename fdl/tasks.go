package fdl

// TaskStates lists the names of the definition's Task states (new dialect) or task steps
// (old dialect), in every scope, in definition order.
func (def *Definition) TaskStates() []string {
	var out []string
	var states func([]State)
	states = func(ss []State) {
		for _, s := range ss {
			if s.Type() == TaskState {
				out = append(out, s.Common().Name)
			}
			for _, sc := range s.Scopes() {
				states(sc.States)
			}
		}
	}
	states(def.States)
	var steps func([]*Step)
	steps = func(ss []*Step) {
		for _, s := range ss {
			if s.Type == TaskStep {
				out = append(out, s.Name)
			}
			for _, b := range s.Branches {
				steps(b.Steps)
			}
			for _, c := range s.Choices {
				steps(c.Steps)
			}
			if s.Default != nil {
				steps(s.Default.Steps)
			}
			steps(s.Steps)
		}
	}
	steps(def.Steps)
	return out
}
