package interp

import (
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/flowmock/flowmock/fdl"
)

// program is a definition compiled: its expressions and old-dialect paths, compiled once
// and only read afterwards (but historySize), so that every execution of the definition
// shares it.
type program struct {
	exprs *programs
	paths map[string]path // old-dialect "$" paths
	// err is the first expression or path that does not compile, naming its state and
	// field; the definition's executions fail with it.
	err error
	// historySize is the length of the last finished history of the definition.
	historySize atomic.Int32
}

// compiled is def's program, compiled on first use and kept on the definition.
func compiled(def *fdl.Definition) *program {
	return def.Compiled(func(d *fdl.Definition) any { return compileDefinition(d) }).(*program)
}

// compileDefinition compiles every expression and path of def.
func compileDefinition(def *fdl.Definition) *program {
	p := &program{exprs: newPrograms(), paths: map[string]path{}}
	if def.Dialect != fdl.Flow {
		p.err = p.compileStates(def.States)
		return p
	}
	p.err = p.compileMappings("inputMappings", def.InputMappings)
	if p.err == nil {
		p.err = p.compileMappings("outputMappings", def.OutputMappings)
	}
	if p.err == nil {
		p.err = p.compileSteps(def.Steps)
	}
	return p
}

// compileStates compiles the expressions of new-dialect states, nested scopes included.
func (p *program) compileStates(states []fdl.State) error {
	for _, st := range states {
		if err := p.compileState(st); err != nil {
			return fmt.Errorf("state %s, %w", st.Common().Name, err)
		}
		for _, sc := range st.Scopes() {
			if err := p.compileStates(sc.States); err != nil {
				return err
			}
		}
	}
	return nil
}

// compileState compiles the expressions of one state: the constructors every state has,
// those of its type (st.Accept(p), state_<type>.go), then its Catch rules'.
func (p *program) compileState(st fdl.State) error {
	b := st.Common()
	for _, c := range []struct {
		field string
		kind  envKind
		c     map[string]any
	}{
		{"InputConstructor", newPlain, b.InputConstructor},
		{"OutputConstructor", newOutput, b.OutputConstructor},
		{"GlobalConstructor", newOutput, b.GlobalConstructor},
	} {
		if err := p.compileConstructor(c.field, c.kind, c.c); err != nil {
			return err
		}
	}
	if err := st.Accept(p); err != nil {
		return err
	}
	if rc, ok := st.(fdl.Recoverer); ok {
		for i, c := range rc.ErrorRules().Catch {
			if err := p.compileConstructor(fmt.Sprintf("Catch[%d].OutputConstructor", i), newPlain, c.OutputConstructor); err != nil {
				return err
			}
		}
	}
	return nil
}

// compileConstructor compiles the expressions of constructor c, in the environment kind;
// field names it.
func (p *program) compileConstructor(field string, kind envKind, c map[string]any) error {
	err := constructorExprs(c, func(src string) error { return p.exprs.compile(kind, src) })
	if err != nil {
		return fmt.Errorf("field %s: %w", field, err)
	}
	return nil
}

// compileExpr compiles the expression src, if any, in the environment kind; field names
// it.
func (p *program) compileExpr(field string, kind envKind, src string) error {
	if src == "" {
		return nil
	}
	if err := p.exprs.compile(kind, src); err != nil {
		return fmt.Errorf("field %s: %w", field, err)
	}
	return nil
}

// compileSteps compiles the conditions and paths of old-dialect steps, nested lists
// included.
func (p *program) compileSteps(steps []*fdl.Step) error {
	for _, st := range steps {
		if err := p.compileStep(st); err != nil {
			return fmt.Errorf("step %s, %w", st.Name, err)
		}
		for _, c := range stepChoices(st) {
			if err := p.compileSteps(c.Steps); err != nil {
				return err
			}
		}
		for _, b := range st.Branches {
			if err := p.compileSteps(b.Steps); err != nil {
				return err
			}
		}
		if err := p.compileSteps(st.Steps); err != nil {
			return err
		}
	}
	return nil
}

// compileStep compiles the conditions and paths of one step.
func (p *program) compileStep(st *fdl.Step) error {
	for _, m := range []struct {
		field string
		ms    []fdl.Mapping
	}{{"inputMappings", st.InputMappings}, {"outputMappings", st.OutputMappings}, {"errorMappings", st.ErrorMappings}} {
		if err := p.compileMappings(m.field, m.ms); err != nil {
			return err
		}
	}
	if err := valuePaths(st.ServiceParams, p.compilePath); err != nil {
		return fmt.Errorf("field serviceParams: %w", err)
	}
	for i, c := range st.Choices {
		if err := p.exprs.compile(oldCond, c.Condition); err != nil {
			return fmt.Errorf("field choices[%d].condition: %w", i, err)
		}
	}
	for _, f := range []struct{ field, src string }{{"duration", st.DurationPath}, {"timestamp", st.Timestamp},
		{"iterationMapping.collection", collection(st)}} {
		if err := valuePaths(f.src, p.compilePath); err != nil {
			return fmt.Errorf("field %s: %w", f.field, err)
		}
	}
	return nil
}

// compileMappings compiles the source paths of mappings.
func (p *program) compileMappings(field string, ms []fdl.Mapping) error {
	for i, m := range ms {
		if err := valuePaths(m.Source, p.compilePath); err != nil {
			return fmt.Errorf("field %s[%d].source: %w", field, i, err)
		}
	}
	return nil
}

// compilePath compiles an old-dialect path, once.
func (p *program) compilePath(src string) error {
	if _, ok := p.paths[src]; ok {
		return nil
	}
	q, err := parsePath(src)
	if err != nil {
		return err
	}
	p.paths[src] = q
	return nil
}

// stepChoices are the choices of a choice step, its default last.
func stepChoices(st *fdl.Step) []fdl.StepChoice {
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
