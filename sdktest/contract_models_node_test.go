package sdktest

// The Node SDK's half of TestContractCoversSDKModels: the @param lists of
// @alicloud/fnf-2019-03-15 against the contract.

import (
	"fmt"
	"os"
	"regexp"
	"testing"
)

// ---------------------------------------------------------------- Node SDK

var (
	// A method of the pop-core client: its JSDoc, then `name(params = {}, options = {}) {`,
	// its body, and the closing brace at two spaces.
	nodeMethodRE = regexp.MustCompile(`(?s)/\*\*(.*?)\*/\s*\n\s*(\w+)\(params = \{\}, options = \{\}\) \{(.*?)\n  \}`)
	nodeActionRE = regexp.MustCompile(`this\.request\('(\w+)'`)
	nodeParamRE  = regexp.MustCompile(`@param \{(\w+)\} (\w+) - [^\n]*?\b(required|optional)\b`)
)

var nodeTypes = map[string]wireType{
	"String":  wireString,
	"Integer": wireInteger,
	"Long":    wireInteger,
	"Number":  wireNumber,
	"Float":   wireNumber,
	"Boolean": wireBoolean,
}

func checkNodeSDK(t *testing.T, ops map[string]modelOp, path string) {
	src, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("no Node SDK at %s: run `npm ci` in sdktest/node", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	methods := nodeMethodRE.FindAllStringSubmatch(string(src), -1)
	if len(methods) == 0 {
		t.Fatalf("%s: got no `name(params = {}, options = {})` methods with JSDoc @param lines; the Node SDK's layout changed, want this test updated", path)
	}
	for _, m := range methods {
		doc, method, body := m[1], m[2], m[3]
		am := nodeActionRE.FindStringSubmatch(body)
		if am == nil {
			t.Errorf("%s: method %s calls no this.request('Action', …)", path, method)
			continue
		}
		action := am[1]
		t.Run(action, func(t *testing.T) {
			co, ok := ops[action]
			if !ok {
				t.Fatalf("the Node SDK has action %s (%s); got no operation %s in the contract, want one", action, method, action)
			}
			var params []sdkParam
			for _, pm := range nodeParamRE.FindAllStringSubmatch(doc, -1) {
				p := sdkParam{name: pm[2], required: pm[3] == "required"}
				if typ, ok := nodeTypes[pm[1]]; ok {
					p.typ = typ
				} else {
					p.problem = fmt.Sprintf("got JSDoc type {%s}, which this test does not map", pm[1])
				}
				params = append(params, p)
			}
			if len(params) == 0 {
				t.Fatalf("%s: method %s has no @param lines", path, method)
			}
			checkRequest(t, "NodeSDK", action, co.op, params, true)
		})
	}
}
