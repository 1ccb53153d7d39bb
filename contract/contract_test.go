package contract

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flowmock/flowmock/openapi"
)

// TestGeneratedDocIsTheJSON: the Go form of the contract Load builds is the document the
// embedded JSON decodes to (run `make generate` when this fails).
func TestGeneratedDocIsTheJSON(t *testing.T) {
	want := new(openapi3.T)
	if err := json.Unmarshal(openapi.JSON, want); err != nil {
		t.Fatal(err)
	}
	got := openapi.CloudflowDoc()
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		t.Fatalf("openapi.CloudflowDoc() differs from openapi.JSON decoded (stale cloudflow_gen.go? run make generate)\ngot  %.300s\nwant %.300s", gb, wb)
	}
	if got == openapi.CloudflowDoc() {
		t.Error("CloudflowDoc returned the same value twice, want a new copy each call")
	}
}

// TestLoad: the embedded contract loads, and every action has its route and errors.
func TestLoad(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Actions()) == 0 {
		t.Fatal("no actions")
	}
	for _, a := range c.Actions() {
		if a.Route == nil || a.Errors == nil || a.Method == "" {
			t.Errorf("action %s: route %v, errors %v, method %q; want all set", a.Name, a.Route, a.Errors, a.Method)
		}
	}
}

// TestEmbeddedValid: the embedded document passes what New checks (Load does not check it
// again at start-up), and Load builds the same contract New does.
func TestEmbeddedValid(t *testing.T) {
	doc := openapi.CloudflowDoc()
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the embedded contract is invalid (fix openapi/cloudflow.yaml, run make generate): %v", err)
	}
	checked, err := New(doc)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := loaded.Names(), checked.Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("Load's actions: got %v, want New's %v", got, want)
	}
	if got, want := loaded.Wire, checked.Wire; !reflect.DeepEqual(got, want) {
		t.Errorf("Load's wire: got %+v, want New's %+v", got, want)
	}
}
