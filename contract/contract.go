// Package contract is the one home of the parsed contract (openapi/cloudflow.yaml, embedded
// by package openapi as JSON and as Go): it is built once per process (checked by the
// tests, not at every start), and gives every other package the actions with their
// kin-openapi routes and declared parameters, the wire (the RPC path and the Action /
// Version parameters), and the error catalogue, per action and as a whole. Nobody else
// parses the document.
package contract

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/flowmock/flowmock/openapi"
)

// Contract is the parsed, checked contract. It is immutable: every Server shares it.
type Contract struct {
	// Doc is the document, valid (New checks it; the embedded one is checked by the
	// tests). Callers must not modify it.
	Doc *openapi3.T
	// Wire is the real wire the virtual per-action paths map onto.
	Wire Wire

	actions map[string]*Action
	names   []string // sorted
	cat     *Catalogue
}

// Wire describes CloudFlow's RPC wire: one path, the action and version named by parameters.
type Wire struct {
	Path     string   // "/"
	Action   string   // the parameter naming the action, "Action"
	Version  string   // the parameter naming the API version, "Version"
	Versions []string // the versions served, "2019-03-15"
}

// Action is one operation of the contract: an API action of the service.
type Action struct {
	// Name is the action name, also the operationId, e.g. "CreateFlow".
	Name string
	// Method is the HTTP method the official SDKs send (the service takes GET and POST).
	Method string
	// Route is the kin-openapi route that validates the action's requests and responses.
	Route *routers.Route
	// Params are the declared parameter names, in contract order.
	Params []string
	// Errors are the documented errors of the action.
	Errors *Catalogue

	rank map[string]int
}

// Rank returns the position of parameter name in the contract, or len(Params) when the
// action does not declare it; problems are reported in this order.
func (a *Action) Rank(name string) int {
	if r, ok := a.rank[name]; ok {
		return r
	}
	return len(a.Params)
}

// Declares reports whether the action declares parameter name.
func (a *Action) Declares(name string) bool {
	_, ok := a.rank[name]
	return ok
}

// Load returns the embedded contract, built once per process.
var Load = sync.OnceValues(func() (*Contract, error) {
	// The document as Go code, its references resolved (generated from the JSON by make
	// generate): kin-openapi decodes every level of the JSON again for its extensions, which
	// was most of the start-up, and resolving the references took about 2.5 ms more. A test
	// checks that both forms are the same document. Not validated again here (about 3 ms):
	// the embedded document is fixed at build time, and TestEmbeddedValid holds it to what
	// New checks.
	return read(openapi.CloudflowDoc())
})

// New checks doc and reads it into a Contract. Load is the embedded one; New is for tests
// that check a modified document.
func New(doc *openapi3.T) (*Contract, error) {
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("contract: invalid: %w", err)
	}
	return read(doc)
}

// read reads a valid doc into a Contract.
func read(doc *openapi3.T) (*Contract, error) {
	doc.Servers = nil // never match on Host
	c := &Contract{Doc: doc, actions: map[string]*Action{}}
	if err := c.readWire(); err != nil {
		return nil, err
	}
	var all []*Catalogue
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		a, err := newAction(doc, path, item)
		if err != nil {
			return nil, err
		}
		if _, dup := c.actions[a.Name]; dup {
			return nil, fmt.Errorf("contract: action %s is declared twice", a.Name)
		}
		c.actions[a.Name] = a
		c.names = append(c.names, a.Name)
		all = append(all, a.Errors)
	}
	if len(c.actions) == 0 {
		return nil, fmt.Errorf("contract: no actions")
	}
	sort.Strings(c.names)
	cat, err := merge(all)
	if err != nil {
		return nil, err
	}
	c.cat = cat
	return c, nil
}

func (c *Contract) readWire() error {
	x, ok := c.Doc.Extensions["x-rpc"].(map[string]any)
	if !ok {
		return fmt.Errorf("contract: the root has no x-rpc object describing the wire")
	}
	str := func(k string) string { v, _ := x[k].(string); return v }
	c.Wire = Wire{Path: str("path"), Action: str("action"), Version: str("version")}
	vs, _ := x["versions"].([]any)
	for _, v := range vs {
		if s, ok := v.(string); ok {
			c.Wire.Versions = append(c.Wire.Versions, s)
		}
	}
	if c.Wire.Path == "" || c.Wire.Action == "" || c.Wire.Version == "" || len(c.Wire.Versions) == 0 {
		return fmt.Errorf("contract: x-rpc needs path, action, version and versions; got %v", x)
	}
	return nil
}

func newAction(doc *openapi3.T, path string, item *openapi3.PathItem) (*Action, error) {
	name, _ := item.Extensions["x-rpc-action"].(string)
	if name == "" || path != "/"+name {
		return nil, fmt.Errorf("contract: path %s: a virtual action path is /{Action} and carries x-rpc-action: {Action}", path)
	}
	ops := item.Operations()
	if len(ops) != 1 {
		return nil, fmt.Errorf("contract: path %s: want exactly one operation, got %d", path, len(ops))
	}
	a := &Action{Name: name, rank: map[string]int{}}
	for method, op := range ops {
		if op.OperationID != name {
			return nil, fmt.Errorf("contract: path %s: operationId %q, want %q", path, op.OperationID, name)
		}
		a.Method = method
		a.Route = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
		for _, p := range op.Parameters {
			if p.Value.In != openapi3.ParameterInQuery {
				return nil, fmt.Errorf("contract: %s: parameter %s is in %s; every parameter is in the query", name, p.Value.Name, p.Value.In)
			}
			a.rank[p.Value.Name] = len(a.Params)
			a.Params = append(a.Params, p.Value.Name)
		}
		cat, err := newCatalogue(name, op)
		if err != nil {
			return nil, err
		}
		a.Errors = cat
	}
	return a, nil
}

// Action returns the action called name.
func (c *Contract) Action(name string) (*Action, bool) {
	a, ok := c.actions[name]
	return a, ok
}

// Actions returns every action, by name.
func (c *Contract) Actions() []*Action {
	out := make([]*Action, len(c.names))
	for i, n := range c.names {
		out[i] = c.actions[n]
	}
	return out
}

// Names returns the action names, sorted.
func (c *Contract) Names() []string { return slices.Clone(c.names) }

// Catalogue returns every documented error of every action.
func (c *Contract) Catalogue() *Catalogue { return c.cat }

// ServesVersion reports whether v is a version the contract describes.
func (c *Contract) ServesVersion(v string) bool { return slices.Contains(c.Wire.Versions, v) }

// WireRequest maps a request of the generated client, made on an action's virtual path
// (…/CreateFlow), onto the real wire as the official SDKs send it: the path becomes "/",
// Action and Version go in the query and, for POST, the other parameters move to a form
// body. Use it as the client's request editor (cloudflow.WithRequestEditorFn).
func (c *Contract) WireRequest(_ context.Context, req *http.Request) error {
	base, name, ok := cutLast(req.URL.Path)
	if !ok {
		return fmt.Errorf("contract: %s is not an action path", req.URL.Path)
	}
	if _, known := c.actions[name]; !known {
		return fmt.Errorf("contract: %s is not an action of the contract", name)
	}
	params := req.URL.Query()
	req.URL.Path, req.URL.RawPath = base+c.Wire.Path, ""
	wire := make(map[string][]string, 2)
	wire[c.Wire.Action] = []string{name}
	wire[c.Wire.Version] = []string{c.Wire.Versions[len(c.Wire.Versions)-1]}
	if req.Method != http.MethodPost || len(params) == 0 {
		for k, v := range wire {
			params[k] = v
		}
		req.URL.RawQuery = params.Encode()
		return nil
	}
	req.URL.RawQuery = encode(wire)
	setForm(req, params.Encode())
	return nil
}

func cutLast(path string) (base, last string, ok bool) {
	i := strings.LastIndexByte(path, '/')
	if i < 0 || i == len(path)-1 {
		return "", "", false
	}
	return path[:i], path[i+1:], true
}
