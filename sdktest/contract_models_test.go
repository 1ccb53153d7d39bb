package sdktest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"
	"github.com/getkin/kin-openapi/openapi3"
)

// TestContractCoversSDKModels checks the contract (openapi/cloudflow.yaml, read as written,
// not through the generated code) against the request and response models of the SDKs this
// module runs, without a server:
//
//   - the old Go SDK (services/fnf): every parameter of every request struct (position Query
//     or Body) is a parameter of the action's operation, with a compatible type; every
//     json field of every response struct, recursively, is a property of the 200 schema, with
//     a compatible type; every parameter the contract requires is one the SDK can send; the
//     SDK's HTTP method is the contract's;
//   - the Node SDK (@alicloud/fnf-2019-03-15, node/node_modules after `npm ci`): every
//     @param of every method is a parameter of the action's operation, with a compatible type,
//     and every parameter the contract requires is one the SDK marks required. Version 1.2.0
//     is a pop-core client with no response models, so only requests are checked.
//
// Each SDK field is its own subtest, so a run reports one failure per missing or mismatched
// field. The contract may declare more than an SDK sends or reads (newer SDKs have more).
func TestContractCoversSDKModels(t *testing.T) {
	ops := loadContractOps(t, contractYAMLPath)
	t.Run("GoSDK", func(t *testing.T) { checkOldGoSDK(t, ops) })
	t.Run("NodeSDK", func(t *testing.T) { checkNodeSDK(t, ops, nodeSDKClientPath) })
}

const (
	contractYAMLPath  = "../openapi/cloudflow.yaml"
	nodeSDKClientPath = "node/node_modules/@alicloud/fnf-2019-03-15/lib/client.js"
)

// sdkModelExceptions are SDK fields the contract deliberately does not declare, keyed
// "SDK Action request|response Field", each with the reason.
var sdkModelExceptions = map[string]string{
	// The old Go SDK (and the v3 SDK) put SignatureVersion in CreateSchedule's query. It is a
	// signature parameter: the contract accepts every signature parameter without declaring
	// it (see info.description), like AccessKeyId or SignatureNonce on every other action.
	"GoSDK CreateSchedule request SignatureVersion": "signature parameter, accepted and not declared",
}

// modelOp is one operation of the contract.
type modelOp struct {
	method string
	op     *openapi3.Operation
}

func loadContractOps(t *testing.T, path string) map[string]modelOp {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("validate %s: %v", path, err)
	}
	ops := map[string]modelOp{}
	for _, p := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(p).Operations() {
			ops[op.OperationID] = modelOp{method: method, op: op}
		}
	}
	if len(ops) == 0 {
		t.Fatalf("%s declares no operations", path)
	}
	return ops
}

// wireType is how a value travels: the JSON type of a response field, or what a request
// parameter's text must parse as.
type wireType string

const (
	wireString  wireType = "string"
	wireInteger wireType = "integer"
	wireNumber  wireType = "number"
	wireBoolean wireType = "boolean"
	wireArray   wireType = "array"
	wireObject  wireType = "object"
	wireJSON    wireType = "JSON text" // a parameter declared with content: application/json
)

func schemaWireType(s *openapi3.Schema) wireType {
	for _, typ := range []string{"string", "integer", "number", "boolean", "array", "object"} {
		if s.Type.Is(typ) {
			return wireType(typ)
		}
	}
	if len(s.Properties) > 0 {
		return wireObject
	}
	return ""
}

func paramWireType(p *openapi3.Parameter) wireType {
	if p.Content != nil {
		return wireJSON
	}
	if p.Schema == nil || p.Schema.Value == nil {
		return ""
	}
	return schemaWireType(p.Schema.Value)
}

// paramAccepts reports whether a parameter the contract types as contract takes what an SDK
// sends for a field it types as sdk. Parameters are text on the wire: a JSON-text
// parameter takes a string, a number parameter an integer.
func paramAccepts(contract, sdk wireType) bool {
	switch sdk {
	case wireString:
		return contract == wireString || contract == wireJSON
	case wireInteger:
		return contract == wireInteger || contract == wireNumber
	default:
		return contract == sdk
	}
}

// fieldAccepts reports whether an SDK field of type sdk decodes a response property the
// contract types as contract.
func fieldAccepts(sdk, contract wireType) bool {
	return sdk == contract || (sdk == wireNumber && contract == wireInteger)
}

func operationParams(op *openapi3.Operation) map[string]*openapi3.Parameter {
	m := map[string]*openapi3.Parameter{}
	for _, p := range op.Parameters {
		m[p.Value.Name] = p.Value
	}
	return m
}

func requiredParams(op *openapi3.Operation) []string {
	var out []string
	for _, p := range op.Parameters {
		if p.Value.Required {
			out = append(out, p.Value.Name)
		}
	}
	return out
}

func successSchema(op *openapi3.Operation) *openapi3.Schema {
	r := op.Responses.Status(200)
	if r == nil || r.Value == nil {
		return nil
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// sdkParam is one request parameter of an SDK model.
type sdkParam struct {
	name     string
	typ      wireType
	required bool   // Node only: the SDK marks it required
	problem  string // why the SDK field cannot be mapped at all
}

// checkRequest checks an SDK request model against the operation: one subtest per SDK
// parameter, and one per parameter the contract requires. knowsRequired: the SDK marks
// required parameters (Node); otherwise it is enough that the SDK can send them.
func checkRequest(t *testing.T, sdk, action string, op *openapi3.Operation, params []sdkParam, knowsRequired bool) {
	declared := operationParams(op)
	byName := map[string]sdkParam{}
	for _, p := range params {
		byName[p.name] = p
		t.Run("request/"+p.name, func(t *testing.T) {
			if why, ok := sdkModelExceptions[sdk+" "+action+" request "+p.name]; ok {
				t.Skipf("allowed: %s", why)
			}
			if p.problem != "" {
				t.Fatalf("%s %s: parameter %s: %s", sdk, action, p.name, p.problem)
			}
			cp, ok := declared[p.name]
			if !ok {
				t.Fatalf("%s %s sends parameter %s (%s); got no such parameter in the contract, want one", sdk, action, p.name, p.typ)
			}
			if got := paramWireType(cp); !paramAccepts(got, p.typ) {
				t.Errorf("%s %s parameter %s: got contract type %q, want one that takes the SDK's %q", sdk, action, p.name, got, p.typ)
			}
		})
	}
	for _, name := range requiredParams(op) {
		t.Run("required/"+name, func(t *testing.T) {
			p, ok := byName[name]
			switch {
			case !ok:
				t.Errorf("%s %s: the contract requires %s; got an SDK model without it, want one that can send it", sdk, action, name)
			case knowsRequired && !p.required:
				t.Errorf("%s %s: the contract requires %s; got an SDK that marks it optional, want required", sdk, action, name)
			}
		})
	}
}

// ---------------------------------------------------------------- old Go SDK

// oldSDKModels is every action of the old Go SDK with its model constructors.
// TestContractCoversSDKModels/GoSDK/complete checks it against the client's methods.
var oldSDKModels = []struct {
	action   string
	request  func() requests.AcsRequest
	response func() any
}{
	{"CreateFlow", func() requests.AcsRequest { return fnf.CreateCreateFlowRequest() }, func() any { return fnf.CreateCreateFlowResponse() }},
	{"CreateSchedule", func() requests.AcsRequest { return fnf.CreateCreateScheduleRequest() }, func() any { return fnf.CreateCreateScheduleResponse() }},
	{"DeleteFlow", func() requests.AcsRequest { return fnf.CreateDeleteFlowRequest() }, func() any { return fnf.CreateDeleteFlowResponse() }},
	{"DeleteSchedule", func() requests.AcsRequest { return fnf.CreateDeleteScheduleRequest() }, func() any { return fnf.CreateDeleteScheduleResponse() }},
	{"DescribeExecution", func() requests.AcsRequest { return fnf.CreateDescribeExecutionRequest() }, func() any { return fnf.CreateDescribeExecutionResponse() }},
	{"DescribeFlow", func() requests.AcsRequest { return fnf.CreateDescribeFlowRequest() }, func() any { return fnf.CreateDescribeFlowResponse() }},
	{"DescribeSchedule", func() requests.AcsRequest { return fnf.CreateDescribeScheduleRequest() }, func() any { return fnf.CreateDescribeScheduleResponse() }},
	{"GetExecutionHistory", func() requests.AcsRequest { return fnf.CreateGetExecutionHistoryRequest() }, func() any { return fnf.CreateGetExecutionHistoryResponse() }},
	{"ListExecutions", func() requests.AcsRequest { return fnf.CreateListExecutionsRequest() }, func() any { return fnf.CreateListExecutionsResponse() }},
	{"ListFlows", func() requests.AcsRequest { return fnf.CreateListFlowsRequest() }, func() any { return fnf.CreateListFlowsResponse() }},
	{"ListSchedules", func() requests.AcsRequest { return fnf.CreateListSchedulesRequest() }, func() any { return fnf.CreateListSchedulesResponse() }},
	{"ReportTaskFailed", func() requests.AcsRequest { return fnf.CreateReportTaskFailedRequest() }, func() any { return fnf.CreateReportTaskFailedResponse() }},
	{"ReportTaskSucceeded", func() requests.AcsRequest { return fnf.CreateReportTaskSucceededRequest() }, func() any { return fnf.CreateReportTaskSucceededResponse() }},
	{"StartExecution", func() requests.AcsRequest { return fnf.CreateStartExecutionRequest() }, func() any { return fnf.CreateStartExecutionResponse() }},
	{"StartSyncExecution", func() requests.AcsRequest { return fnf.CreateStartSyncExecutionRequest() }, func() any { return fnf.CreateStartSyncExecutionResponse() }},
	{"StopExecution", func() requests.AcsRequest { return fnf.CreateStopExecutionRequest() }, func() any { return fnf.CreateStopExecutionResponse() }},
	{"UpdateFlow", func() requests.AcsRequest { return fnf.CreateUpdateFlowRequest() }, func() any { return fnf.CreateUpdateFlowResponse() }},
	{"UpdateSchedule", func() requests.AcsRequest { return fnf.CreateUpdateScheduleRequest() }, func() any { return fnf.CreateUpdateScheduleResponse() }},
}

func checkOldGoSDK(t *testing.T, ops map[string]modelOp) {
	t.Run("complete", func(t *testing.T) {
		// An action of the client is a method X(*XRequest) (*XResponse, error).
		var got, want []string
		ct := reflect.TypeOf(&fnf.Client{})
		for i := range ct.NumMethod() {
			m := ct.Method(i)
			if m.Type.NumIn() == 2 && m.Type.NumOut() == 2 &&
				m.Type.In(1).Kind() == reflect.Pointer && m.Type.In(1).Elem().Name() == m.Name+"Request" &&
				m.Type.Out(0).Kind() == reflect.Pointer && m.Type.Out(0).Elem().Name() == m.Name+"Response" {
				want = append(want, m.Name)
			}
		}
		for _, m := range oldSDKModels {
			got = append(got, m.action)
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("oldSDKModels: got actions %v, want the client's %v", got, want)
		}
	})
	for _, m := range oldSDKModels {
		t.Run(m.action, func(t *testing.T) {
			req, resp := m.request(), m.response()
			co, ok := ops[m.action]
			if !ok {
				t.Fatalf("the old Go SDK has action %s; got no operation %s in the contract, want one", m.action, m.action)
			}
			t.Run("action", func(t *testing.T) {
				if got := req.GetActionName(); got != m.action {
					t.Errorf("request action: got %q, want %q", got, m.action)
				}
			})
			t.Run("method", func(t *testing.T) {
				if got, want := co.method, req.GetMethod(); got != want {
					t.Errorf("%s: got contract method %s, want the SDK's %s", m.action, got, want)
				}
			})
			checkRequest(t, "GoSDK", m.action, co.op, oldGoRequestParams(req), false)
			schema := successSchema(co.op)
			if schema == nil {
				t.Fatalf("%s: got no application/json 200 schema, want one", m.action)
			}
			checkGoResponse(t, m.action, reflect.TypeOf(resp).Elem(), schema, "")
		})
	}
}

var (
	goRequestInteger = reflect.TypeOf(requests.Integer(""))
	goRequestBoolean = reflect.TypeOf(requests.Boolean(""))
	goRequestFloat   = reflect.TypeOf(requests.Float(""))
)

// oldGoRequestParams reads the parameters of an old Go SDK request: its fields tagged
// position:"Query" or position:"Body", named by their name tag. requests.Integer,
// requests.Boolean and requests.Float are strings holding a number or a boolean.
func oldGoRequestParams(req any) []sdkParam {
	rt := reflect.TypeOf(req).Elem()
	var out []sdkParam
	for i := range rt.NumField() {
		f := rt.Field(i)
		if f.Anonymous {
			continue // *requests.RpcRequest
		}
		p := sdkParam{name: f.Tag.Get("name")}
		if p.name == "" {
			p.name = f.Name
		}
		switch pos := f.Tag.Get("position"); pos {
		case "Query", "Body":
		default:
			p.problem = fmt.Sprintf("got position %q, want Query or Body (the contract folds only those into the query)", pos)
		}
		switch {
		case f.Type == goRequestInteger:
			p.typ = wireInteger
		case f.Type == goRequestBoolean:
			p.typ = wireBoolean
		case f.Type == goRequestFloat:
			p.typ = wireNumber
		case f.Type.Kind() == reflect.String:
			p.typ = wireString
		default:
			p.problem = fmt.Sprintf("got Go type %s, which this test does not map", f.Type)
		}
		out = append(out, p)
	}
	return out
}

// goWireType is the JSON type an old Go SDK response field decodes.
func goWireType(t reflect.Type) wireType {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return wireString
	case reflect.Bool:
		return wireBoolean
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return wireInteger
	case reflect.Float32, reflect.Float64:
		return wireNumber
	case reflect.Slice, reflect.Array:
		return wireArray
	case reflect.Struct, reflect.Map:
		return wireObject
	}
	return wireType(t.Kind().String())
}

// checkGoResponse checks the json fields of struct rt against schema, one subtest per field,
// and goes into objects and arrays of objects whose field matched.
func checkGoResponse(t *testing.T, action string, rt reflect.Type, schema *openapi3.Schema, prefix string) {
	for i := range rt.NumField() {
		f := rt.Field(i)
		if f.Anonymous {
			continue // *responses.BaseResponse
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := prefix + name
		sdkType := goWireType(f.Type)
		var prop *openapi3.Schema
		ok := t.Run("response/"+path, func(t *testing.T) {
			if why, ok := sdkModelExceptions["GoSDK "+action+" response "+path]; ok {
				t.Skipf("allowed: %s", why)
			}
			ref := schema.Properties[name]
			if ref == nil || ref.Value == nil {
				t.Fatalf("the old Go SDK reads %s %s (%s); got no such property in the 200 schema, want one", action, path, sdkType)
			}
			prop = ref.Value
			if got := schemaWireType(prop); !fieldAccepts(sdkType, got) {
				t.Errorf("%s %s: got contract type %q, want one the SDK's %q (%s) decodes", action, path, got, sdkType, f.Type)
			}
		})
		if !ok || prop == nil {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Struct:
			checkGoResponse(t, action, ft, prop, path+".")
		case ft.Kind() == reflect.Slice && prop.Items != nil && prop.Items.Value != nil:
			et := ft.Elem()
			for et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				checkGoResponse(t, action, et, prop.Items.Value, path+"[].")
			}
		}
	}
}
