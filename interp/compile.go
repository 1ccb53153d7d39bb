package interp

import (
	"fmt"
	"strings"

	"github.com/flowmock/flowmock/fdl"
)

// compile compiles every expression and path of the definition once, before the execution
// runs; the first that does not compile is returned, naming its state and field.
func (r *runner) compile() error {
	r.paths = map[string]path{}
	if r.def.Dialect == fdl.Flow {
		if err := r.compileMappings("inputMappings", r.def.InputMappings); err != nil {
			return err
		}
		if err := r.compileMappings("outputMappings", r.def.OutputMappings); err != nil {
			return err
		}
		return r.compileSteps(r.def.Steps)
	}
	return r.compileStates(r.def.States)
}

// compileStates compiles the expressions of new-dialect states, nested scopes included.
func (r *runner) compileStates(states []*fdl.State) error {
	for _, st := range states {
		if err := r.compileState(st); err != nil {
			return fmt.Errorf("state %s, %w", st.Name, err)
		}
		for _, b := range st.Branches {
			if err := r.compileStates(b.States); err != nil {
				return err
			}
		}
		if st.Processor != nil {
			if err := r.compileStates(st.Processor.States); err != nil {
				return err
			}
		}
	}
	return nil
}

// compileState compiles the expressions of one state.
func (r *runner) compileState(st *fdl.State) error {
	ctors := []struct {
		field string
		kind  envKind
		c     map[string]any
	}{
		{"InputConstructor", newPlain, st.InputConstructor},
		{"OutputConstructor", newOutput, st.OutputConstructor},
		{"GlobalConstructor", newOutput, st.GlobalConstructor},
		{"Parameters", newPlain, st.Parameters},
		{"ItemConstructor", newItem, st.ItemConstructor},
	}
	for i, c := range st.Catch {
		ctors = append(ctors, struct {
			field string
			kind  envKind
			c     map[string]any
		}{fmt.Sprintf("Catch[%d].OutputConstructor", i), newPlain, c.OutputConstructor})
	}
	for _, c := range ctors {
		err := constructorExprs(c.c, func(src string) error { return r.exprs.compile(c.kind, src) })
		if err != nil {
			return fmt.Errorf("field %s: %w", c.field, err)
		}
	}
	for i, b := range st.Choices {
		if err := r.exprs.compile(newCond, b.Condition); err != nil {
			return fmt.Errorf("field Branches[%d].Condition: %w", i, err)
		}
	}
	for _, f := range []struct{ field, src string }{{"ItemsPath", st.ItemsPath}, {"Seconds.$", st.SecondsPath}} {
		if f.src == "" {
			continue
		}
		if err := r.exprs.compile(newPlain, f.src); err != nil {
			return fmt.Errorf("field %s: %w", f.field, err)
		}
	}
	return nil
}

// compileSteps compiles the conditions and paths of old-dialect steps, nested lists
// included.
func (r *runner) compileSteps(steps []*fdl.Step) error {
	for _, st := range steps {
		if err := r.compileStep(st); err != nil {
			return fmt.Errorf("step %s, %w", st.Name, err)
		}
		for _, c := range r.stepChoices(st) {
			if err := r.compileSteps(c.Steps); err != nil {
				return err
			}
		}
		for _, b := range st.Branches {
			if err := r.compileSteps(b.Steps); err != nil {
				return err
			}
		}
		if err := r.compileSteps(st.Steps); err != nil {
			return err
		}
	}
	return nil
}

// compileStep compiles the conditions and paths of one step.
func (r *runner) compileStep(st *fdl.Step) error {
	for _, m := range []struct {
		field string
		ms    []fdl.Mapping
	}{{"inputMappings", st.InputMappings}, {"outputMappings", st.OutputMappings}, {"errorMappings", st.ErrorMappings}} {
		if err := r.compileMappings(m.field, m.ms); err != nil {
			return err
		}
	}
	if err := valuePaths(st.ServiceParams, r.compilePath); err != nil {
		return fmt.Errorf("field serviceParams: %w", err)
	}
	for i, c := range st.Choices {
		if err := r.exprs.compile(oldCond, c.Condition); err != nil {
			return fmt.Errorf("field choices[%d].condition: %w", i, err)
		}
	}
	for _, f := range []struct{ field, src string }{{"duration", st.DurationPath}, {"timestamp", st.Timestamp},
		{"iterationMapping.collection", collection(st)}} {
		if err := valuePaths(f.src, r.compilePath); err != nil {
			return fmt.Errorf("field %s: %w", f.field, err)
		}
	}
	return nil
}

// compileMappings compiles the source paths of mappings.
func (r *runner) compileMappings(field string, ms []fdl.Mapping) error {
	for i, m := range ms {
		if err := valuePaths(m.Source, r.compilePath); err != nil {
			return fmt.Errorf("field %s[%d].source: %w", field, i, err)
		}
	}
	return nil
}

// compilePath compiles an old-dialect path, once.
func (r *runner) compilePath(src string) error {
	if _, ok := r.paths[src]; ok {
		return nil
	}
	p, err := parsePath(src)
	if err != nil {
		return err
	}
	r.paths[src] = p
	return nil
}

// stepChoices are the choices of a choice step, its default last.
func (r *runner) stepChoices(st *fdl.Step) []fdl.StepChoice {
	if st.Default == nil {
		return st.Choices
	}
	return append(append([]fdl.StepChoice(nil), st.Choices...), *st.Default)
}

// collection is the collection path of a foreach step, "" for other steps.
func collection(st *fdl.Step) string {
	if st.IterationMapping == nil {
		return ""
	}
	return strings.TrimSpace(st.IterationMapping.Collection)
}
