package fdl

import (
	"strings"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// MaxProblems is the most problems Parse reports; past it the last problem says how many more
// were found.
const MaxProblems = 20

// Problem is one fault of a definition: its Line, State, Field and Message (File and Path,
// which name a fault of a file, stay empty). Its Error reads `line 12, state ChargePayment,
// field Next: no state named "Shipit" in this scope`, leaving out the parts it does not have.
type Problem = yamlsrc.Problem

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
