package contract

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flowmock/flowmock/openapi"
)

// TestGeneratedDocIsTheJSON: the Go form of the contract Load builds is the document the
// embedded JSON decodes to with its references resolved by kin-openapi's loader (run `make
// generate` when this fails): equal values, and every reference sharing its component's.
func TestGeneratedDocIsTheJSON(t *testing.T) {
	want := new(openapi3.T)
	if err := json.Unmarshal(openapi.JSON, want); err != nil {
		t.Fatal(err)
	}
	if err := openapi3.NewLoader().ResolveRefsIn(want, nil); err != nil {
		t.Fatal(err)
	}
	forgetRefPaths(reflect.ValueOf(want), map[uintptr]bool{})
	got := openapi.CloudflowDoc()
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		t.Fatalf("openapi.CloudflowDoc() differs from openapi.JSON decoded and resolved (stale cloudflow_gen.go? run make generate)\ngot  %.300s\nwant %.300s", gb, wb)
	}
	refs := 0
	walkRefs(reflect.ValueOf(got), map[uintptr]bool{}, func(ref string, value reflect.Value) {
		refs++
		if c := component(got.Components, ref); !c.IsValid() || c.Pointer() != value.Pointer() {
			t.Errorf("%s: the reference's value is not its component's", ref)
		}
	})
	if refs == 0 {
		t.Error("no resolved references found, want the contract's")
	}
	if got == openapi.CloudflowDoc() {
		t.Error("CloudflowDoc returned the same value twice, want a new copy each call")
	}
}

// forgetRefPaths clears what the loader records of where it found each reference (the
// unexported refPath), which the generated form leaves out: nothing reads it once resolved.
func forgetRefPaths(v reflect.Value, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		forgetRefPaths(v.Elem(), seen)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			if v.Type().Field(i).Name == "refPath" {
				reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().SetZero()
				continue
			}
			forgetRefPaths(f, seen)
		}
	case reflect.Slice:
		for i := range v.Len() {
			forgetRefPaths(v.Index(i), seen)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			forgetRefPaths(it.Value(), seen)
		}
	case reflect.Interface:
		if !v.IsNil() {
			forgetRefPaths(v.Elem(), seen)
		}
	}
}

// walkRefs calls f with every reference of v (a struct with a Ref set) and its Value.
func walkRefs(v reflect.Value, seen map[uintptr]bool, f func(ref string, value reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		walkRefs(v.Elem(), seen, f)
	case reflect.Struct:
		if ref := v.FieldByName("Ref"); ref.IsValid() && ref.Kind() == reflect.String && ref.String() != "" {
			f(ref.String(), v.FieldByName("Value"))
			return
		}
		for i := range v.NumField() {
			walkRefs(v.Field(i), seen, f)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkRefs(v.Index(i), seen, f)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			walkRefs(it.Value(), seen, f)
		}
	case reflect.Interface:
		if !v.IsNil() {
			walkRefs(v.Elem(), seen, f)
		}
	}
}

// component is the value of the component ref names, invalid when there is none.
func component(c *openapi3.Components, ref string) reflect.Value {
	kind, name, ok := strings.Cut(strings.TrimPrefix(ref, "#/components/"), "/")
	if !ok {
		return reflect.Value{}
	}
	var v any
	switch kind {
	case "schemas":
		if r := c.Schemas[name]; r != nil {
			v = r.Value
		}
	case "parameters":
		if r := c.Parameters[name]; r != nil {
			v = r.Value
		}
	case "responses":
		if r := c.Responses[name]; r != nil {
			v = r.Value
		}
	case "headers":
		if r := c.Headers[name]; r != nil {
			v = r.Value
		}
	}
	if v == nil {
		return reflect.Value{}
	}
	return reflect.ValueOf(v)
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
