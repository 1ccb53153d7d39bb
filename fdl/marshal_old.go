package fdl

import "go.yaml.in/yaml/v3"

// flowNode is the YAML of an old-dialect definition.
func flowNode(d *Definition) *yaml.Node {
	m := mapNode()
	putStr(m, "version", d.Version)
	put(m, "type", strNode("flow"))
	if d.TimeoutSeconds != 0 {
		put(m, "timeoutSeconds", intNode(d.TimeoutSeconds))
	}
	putMappings(m, "inputMappings", d.InputMappings)
	putMappings(m, "outputMappings", d.OutputMappings)
	putSteps(m, "steps", d.Steps)
	return m
}

// putSteps adds key: steps to m unless steps is nil.
func putSteps(m *yaml.Node, key string, steps []*Step) {
	if steps == nil {
		return
	}
	put(m, key, listNode(steps, stepNode))
}

// stepNode is the YAML of one step.
func stepNode(s *Step) *yaml.Node {
	m := mapNode()
	put(m, "type", strNode(string(s.Type)))
	putStr(m, "name", s.Name)
	switch s.Type {
	case TaskStep:
		putTaskStep(m, s)
	case ChoiceStep:
		putChoiceStep(m, s)
	case ParallelStep:
		putParallelStep(m, s)
	case ForeachStep:
		putForeachStep(m, s)
	case WaitStep:
		putWaitStep(m, s)
	case FailStep:
		putStr(m, "error", s.Error)
		putStr(m, "cause", s.Cause)
	}
	putMappings(m, "inputMappings", s.InputMappings)
	putMappings(m, "outputMappings", s.OutputMappings)
	if s.End {
		put(m, "end", boolNode(true))
	}
	return m
}

// putTaskStep adds the fields of a task step.
func putTaskStep(m *yaml.Node, s *Step) {
	putStr(m, "resourceArn", s.ResourceArn)
	putStr(m, "action", s.Action)
	putStr(m, "pattern", string(s.Pattern))
	if s.TimeoutSeconds != 0 {
		put(m, "timeoutSeconds", intNode(s.TimeoutSeconds))
	}
	putObject(m, "serviceParams", s.ServiceParams)
	putMappings(m, "errorMappings", s.ErrorMappings)
	putStepRules(m, s)
}

// putStepRules adds the retry and catch rules of a task step.
func putStepRules(m *yaml.Node, s *Step) {
	if s.Retry != nil {
		put(m, "retry", listNode(s.Retry, func(r StepRetry) *yaml.Node {
			rm := mapNode()
			put(rm, "errors", strsNode(r.Errors))
			put(rm, "intervalSeconds", intNode(r.IntervalSeconds))
			put(rm, "maxIntervalSeconds", intNode(r.MaxIntervalSeconds))
			put(rm, "maxAttempts", intNode(r.MaxAttempts))
			put(rm, "multiplier", floatNode(r.Multiplier))
			return rm
		}))
	}
	if s.Catch != nil {
		put(m, "catch", listNode(s.Catch, func(c StepCatch) *yaml.Node {
			cm := mapNode()
			put(cm, "errors", strsNode(c.Errors))
			putStr(cm, "goto", c.Goto)
			return cm
		}))
	}
}

// putChoiceStep adds the fields of a choice step.
func putChoiceStep(m *yaml.Node, s *Step) {
	choices := seqNode()
	for _, c := range s.Choices {
		choices.Content = append(choices.Content, choiceNode(c, true))
	}
	put(m, "choices", choices)
	if s.Default != nil {
		put(m, "default", choiceNode(*s.Default, false))
	}
}

// choiceNode is the YAML of one choice, or of the default.
func choiceNode(c StepChoice, conditional bool) *yaml.Node {
	m := mapNode()
	if conditional {
		putStr(m, "condition", c.Condition)
	}
	putSteps(m, "steps", c.Steps)
	putStr(m, "goto", c.Goto)
	return m
}

// putParallelStep adds the fields of a parallel step.
func putParallelStep(m *yaml.Node, s *Step) {
	branches := seqNode()
	for _, b := range s.Branches {
		bm := mapNode()
		putSteps(bm, "steps", b.Steps)
		branches.Content = append(branches.Content, bm)
	}
	put(m, "branches", branches)
}

// putForeachStep adds the fields of a foreach step.
func putForeachStep(m *yaml.Node, s *Step) {
	if it := s.IterationMapping; it != nil {
		im := mapNode()
		putStr(im, "collection", it.Collection)
		putStr(im, "item", it.Item)
		putStr(im, "index", it.Index)
		put(m, "iterationMapping", im)
	}
	putSteps(m, "steps", s.Steps)
}

// putWaitStep adds the fields of a wait step.
func putWaitStep(m *yaml.Node, s *Step) {
	switch {
	case s.Timestamp != "":
		putStr(m, "timestamp", s.Timestamp)
	case s.DurationPath != "":
		putStr(m, "duration", s.DurationPath)
	default:
		put(m, "duration", intNode(s.Duration))
	}
}

// putMappings adds key: mappings to m unless mappings is nil.
func putMappings(m *yaml.Node, key string, mappings []Mapping) {
	if mappings == nil {
		return
	}
	n := seqNode()
	for _, mp := range mappings {
		mm := mapNode()
		putStr(mm, "target", mp.Target)
		put(mm, "source", valueNode(mp.Source))
		n.Content = append(n.Content, mm)
	}
	put(m, key, n)
}
