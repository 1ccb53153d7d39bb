package main

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// writer prints a value as a Go expression. A pointer reached more than once (a resolved
// reference and its component share one value) is written once, as a variable that every
// place it is reached names: vars, from the counting pass (share).
type writer struct {
	buf  bytes.Buffer
	seen map[ptrKey]int    // how many times share reached each pointer
	vars map[ptrKey]string // the shared pointers' variables
	decl []reflect.Value   // the shared pointers, in the order share first reached them
}

// ptrKey identifies a pointer: its address and type.
type ptrKey struct {
	addr uintptr
	typ  reflect.Type
}

func keyOf(v reflect.Value) ptrKey { return ptrKey{v.Pointer(), v.Type()} }

// share walks v as value writes it and names every pointer it reaches more than once.
func (w *writer) share(v reflect.Value) {
	if w.seen == nil {
		w.seen, w.vars = map[ptrKey]int{}, map[ptrKey]string{}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		k := keyOf(v)
		w.seen[k]++
		if w.seen[k] == 2 {
			w.vars[k] = fmt.Sprintf("v%d", len(w.decl))
			w.decl = append(w.decl, v)
		}
		if w.seen[k] > 1 {
			return
		}
		e := v.Elem()
		if e.Type() == pathsType || e.Type() == responsesType {
			m := v.MethodByName("Map").Call(nil)[0]
			for _, k := range sortedKeys(m) {
				w.share(m.MapIndex(k))
			}
			w.share(e.FieldByName("Extensions"))
			return
		}
		w.share(e)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				w.share(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			w.share(v.Index(i))
		}
	case reflect.Map:
		for _, k := range sortedKeys(v) {
			w.share(v.MapIndex(k))
		}
	case reflect.Interface:
		if !v.IsNil() {
			w.share(v.Elem())
		}
	}
}

// declare writes the shared pointers' variables, allocated first and then filled, so that
// they may name each other in any order.
func (w *writer) declare() error {
	for _, v := range w.decl {
		if v.Elem().Kind() != reflect.Struct || v.Elem().Type() == pathsType || v.Elem().Type() == responsesType {
			return fmt.Errorf("togo: a shared %s cannot be written", v.Type())
		}
		fmt.Fprintf(&w.buf, "%s := new(%s)\n", w.vars[keyOf(v)], typeName(v.Elem().Type()))
	}
	for _, v := range w.decl {
		fmt.Fprintf(&w.buf, "*%s = ", w.vars[keyOf(v)])
		if err := w.structLit(v.Elem()); err != nil {
			return err
		}
		w.buf.WriteString("\n")
	}
	return nil
}

// sortedKeys are the keys of map m, strings, in order: the order every map is walked and
// written in.
func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	return keys
}

func reflectValueOf(v any) reflect.Value { return reflect.ValueOf(v) }

// The map-like types keep their entries in an unexported map: they are built with their
// constructor and Set (helpers in maplike.go of the output's package).
var (
	pathsType     = reflect.TypeFor[openapi3.Paths]()
	responsesType = reflect.TypeFor[openapi3.Responses]()
)

func (w *writer) value(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer:
		return w.pointer(v)
	case reflect.Struct:
		return w.structLit(v)
	case reflect.Slice:
		return w.slice(v)
	case reflect.Map:
		return w.mapLit(v)
	case reflect.Interface:
		if v.IsNil() {
			w.buf.WriteString("nil")
			return nil
		}
		return w.dynamic(v.Elem())
	case reflect.String:
		w.typed(v, strconv.Quote(v.String()))
	case reflect.Bool:
		w.typed(v, strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.typed(v, strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.typed(v, strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		w.typed(v, strconv.FormatFloat(v.Float(), 'g', -1, 64))
	default:
		return fmt.Errorf("togo: cannot write a %s", v.Type())
	}
	return nil
}

// typed writes a basic value, converted when its type is a named one.
func (w *writer) typed(v reflect.Value, lit string) {
	if v.Type().PkgPath() != "" {
		fmt.Fprintf(&w.buf, "%s(%s)", v.Type(), lit)
		return
	}
	w.buf.WriteString(lit)
}

// dynamic writes the value held by an interface: what encoding/json decodes into any.
func (w *writer) dynamic(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Float64:
		fmt.Fprintf(&w.buf, "float64(%s)", strconv.FormatFloat(v.Float(), 'g', -1, 64))
		return nil
	case reflect.Map, reflect.Slice, reflect.String, reflect.Bool:
		return w.value(v)
	}
	return fmt.Errorf("togo: cannot write a %s held in an interface", v.Type())
}

func (w *writer) pointer(v reflect.Value) error {
	if v.IsNil() {
		w.buf.WriteString("nil")
		return nil
	}
	if name, ok := w.vars[keyOf(v)]; ok {
		w.buf.WriteString(name)
		return nil
	}
	e := v.Elem()
	switch {
	case e.Type() == pathsType:
		return w.maplike(e, "newPaths", "pathItem")
	case e.Type() == responsesType:
		return w.maplike(e, "newResponses", "responseItem")
	case e.Kind() == reflect.Struct:
		w.buf.WriteByte('&')
		return w.structLit(e)
	}
	fmt.Fprintf(&w.buf, "ptr[%s](", typeName(e.Type()))
	if err := w.value(e); err != nil {
		return err
	}
	w.buf.WriteByte(')')
	return nil
}

// maplike writes a *Paths or *Responses as newX(extensions, item{key, value}, ...).
func (w *writer) maplike(v reflect.Value, ctor, item string) error {
	for i := range v.NumField() {
		if f := v.Type().Field(i); f.Name != "m" && f.Name != "Extensions" && !v.Field(i).IsZero() {
			return fmt.Errorf("togo: %s.%s is set; only its extensions and entries can be written", v.Type(), f.Name)
		}
	}
	m := v.Addr().MethodByName("Map").Call(nil)[0]
	keys := sortedKeys(m)
	fmt.Fprintf(&w.buf, "%s(\n", ctor)
	if err := w.value(v.FieldByName("Extensions")); err != nil {
		return err
	}
	w.buf.WriteString(",\n")
	for _, k := range keys {
		fmt.Fprintf(&w.buf, "%s{%q, ", item, k.String())
		if err := w.value(m.MapIndex(k)); err != nil {
			return err
		}
		w.buf.WriteString("},\n")
	}
	w.buf.WriteByte(')')
	return nil
}

func (w *writer) structLit(v reflect.Value) error {
	t := v.Type()
	fmt.Fprintf(&w.buf, "%s{\n", typeName(t))
	for i := range t.NumField() {
		f, fv := t.Field(i), v.Field(i)
		if fv.IsZero() {
			continue
		}
		if !f.IsExported() {
			if f.Name == "refPath" {
				continue // where the loader found the reference; unused once resolved
			}
			return fmt.Errorf("togo: %s.%s (unexported) is set", t, f.Name)
		}
		fmt.Fprintf(&w.buf, "%s: ", f.Name)
		if err := w.value(fv); err != nil {
			return err
		}
		w.buf.WriteString(",\n")
	}
	w.buf.WriteByte('}')
	return nil
}

func (w *writer) slice(v reflect.Value) error {
	if v.IsNil() {
		fmt.Fprintf(&w.buf, "%s(nil)", typeName(v.Type()))
		return nil
	}
	fmt.Fprintf(&w.buf, "%s{\n", typeName(v.Type()))
	for i := range v.Len() {
		if err := w.value(v.Index(i)); err != nil {
			return err
		}
		w.buf.WriteString(",\n")
	}
	w.buf.WriteByte('}')
	return nil
}

func (w *writer) mapLit(v reflect.Value) error {
	if v.IsNil() {
		fmt.Fprintf(&w.buf, "%s(nil)", typeName(v.Type()))
		return nil
	}
	if v.Type().Key().Kind() != reflect.String {
		return fmt.Errorf("togo: cannot write a %s", v.Type())
	}
	fmt.Fprintf(&w.buf, "%s{\n", typeName(v.Type()))
	for _, k := range sortedKeys(v) {
		fmt.Fprintf(&w.buf, "%q: ", k.String())
		if err := w.value(v.MapIndex(k)); err != nil {
			return err
		}
		w.buf.WriteString(",\n")
	}
	w.buf.WriteByte('}')
	return nil
}

// typeName is how the output names t.
func typeName(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), "interface {}", "any")
}
