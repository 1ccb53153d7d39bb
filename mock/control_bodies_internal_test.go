package mock

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flowmock/flowmock/openapi"
)

// TestControlBodies: strictBody knows the body of every operation of the contract that takes
// one, and of no other route.
func TestControlBodies(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(openapi.ControlJSON)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody != nil {
				want[method+" "+path] = true
			}
		}
	}
	for route := range want {
		if bodies[route] == nil {
			t.Errorf("%s takes a body in the contract; bodies has none", route)
		}
	}
	for route := range bodies {
		if !want[route] {
			t.Errorf("bodies has %s, which takes no body in the contract", route)
		}
		if !strings.HasPrefix(strings.Fields(route)[1], ControlPrefix) {
			t.Errorf("bodies route %s is not under %s", route, ControlPrefix)
		}
	}
}
