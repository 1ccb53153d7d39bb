package fdl

import (
	"fmt"
	"strings"
)

// MaxProblems is the most problems Parse reports; past it the last problem says how many more
// were found.
const MaxProblems = 20

// Problem is one fault of a definition.
type Problem struct {
	// Line is the 1-based line of the fault in the definition text, 0 when it has none.
	Line int
	// State is the path of the state (new dialect) or step (old dialect) at fault, its
	// names from the top separated by "/", e.g. "Parallel1/Branch0/Pass2"; "" for the top level.
	State string
	// Field is the field at fault, e.g. "Next" or "Branches[1].Condition"; "" for the
	// state as a whole.
	Field string
	// Message says what is wrong.
	Message string
}

// Error formats p as `line 12, state ChargePayment, field Next: no state named "Shipit" in
// this scope`, leaving out the parts p does not have.
func (p Problem) Error() string {
	var parts []string
	if p.Line > 0 {
		parts = append(parts, fmt.Sprintf("line %d", p.Line))
	}
	if p.State != "" {
		parts = append(parts, "state "+p.State)
	}
	if p.Field != "" {
		parts = append(parts, "field "+p.Field)
	}
	if len(parts) == 0 {
		return p.Message
	}
	return strings.Join(parts, ", ") + ": " + p.Message
}

// Problems is every problem found in a definition, in line order. It is the error Parse
// returns.
type Problems []Problem

// Error joins the problems with "; ".
func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return strings.Join(s, "; ")
}
