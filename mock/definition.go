package mock

import (
	"errors"
	"strings"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/interp"
)

// checkDefinition parses and checks a flow definition (either FDL dialect) for the flow
// named flow and returns it parsed. Every problem is named with its line, state and field,
// in one InvalidArgument.
func checkDefinition(flow, text string) (*fdl.Definition, error) {
	def, err := fdl.Parse(text)
	var ps fdl.Problems
	switch {
	case errors.As(err, &ps):
		msgs := make([]string, len(ps))
		for i, p := range ps {
			msgs[i] = p.Error()
		}
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. Definition: %s.", strings.Join(msgs, "; "))
	case err != nil:
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. Definition: %v.", err)
	case def.Name != "" && def.Name != flow:
		return nil, flowmock.Errorf(flowmock.InvalidArgument,
			"Parameter error. Definition: field Name: the definition is named %q but the flow is %q; they must be the same.", def.Name, flow)
	}
	if err := interp.CheckExpressions(def); err != nil {
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. Definition: %v.", err)
	}
	return def, nil
}
