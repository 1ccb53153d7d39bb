package interp

import "github.com/flowmock/flowmock/fdl"

// CheckExpressions compiles every expression of a new-dialect definition, once for all its
// executions (they share the compiled form kept on def), and returns the first that does
// not compile (an unknown function, a literal argument of the wrong type, calls nested
// deeper than 10), naming its state and field. CreateFlow and UpdateFlow call it so such a definition is refused at once. Old-
// dialect definitions hold paths, not expressions; they are not checked here.
func CheckExpressions(def *fdl.Definition) error {
	if def == nil || def.Dialect == fdl.Flow {
		return nil
	}
	return compiled(def).err
}
