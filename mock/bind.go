package mock

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/flowmock/flowmock"
)

// binderFor returns a function that fills a *P, a generated parameters struct, from
// parameters that validation has already checked. The field plan is computed once, here.
func binderFor[P any]() func(url.Values, *P) error {
	t := reflect.TypeFor[P]()
	type field struct {
		index int
		name  string
		set   func(reflect.Value, string) error
	}
	var fields []field
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("form"), ",")
		if name == "" {
			name, _, _ = strings.Cut(f.Tag.Get("json"), ",")
		}
		fields = append(fields, field{index: i, name: name, set: setterFor(f.Type)})
	}
	index := make(map[string]int, len(fields))
	for i, f := range fields {
		index[f.name] = i
	}
	inOrder := func(v url.Values, rv reflect.Value) error {
		for _, f := range fields {
			vs, ok := v[f.name]
			if !ok || len(vs) == 0 {
				continue
			}
			if err := f.set(rv.Field(f.index), vs[0]); err != nil {
				return flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. %s: %v, got %s.", f.name, err, quote(vs[0]))
			}
		}
		return nil
	}
	return func(v url.Values, p *P) error {
		rv := reflect.ValueOf(p).Elem()
		if len(v) >= len(fields) || len(index) != len(fields) {
			return inOrder(v, rv)
		}
		for name, vs := range v { // fewer than the fields, mostly: set those given
			i, ok := index[name]
			if !ok || len(vs) == 0 {
				continue
			}
			if err := fields[i].set(rv.Field(fields[i].index), vs[0]); err != nil {
				return inOrder(v, rv) // the error of the first field in order, as without this loop
			}
		}
		return nil
	}
}

var timeType = reflect.TypeFor[time.Time]()

// setterFor returns how to set a field of type t from its text.
func setterFor(t reflect.Type) func(reflect.Value, string) error {
	if t.Kind() == reflect.Pointer {
		elem := setterFor(t.Elem())
		return func(v reflect.Value, s string) error {
			p := reflect.New(t.Elem())
			if err := elem(p.Elem(), s); err != nil {
				return err
			}
			v.Set(p)
			return nil
		}
	}
	switch {
	case t == timeType:
		return func(v reflect.Value, s string) error {
			tm, err := time.Parse(time.RFC3339Nano, s)
			v.Set(reflect.ValueOf(tm))
			return err
		}
	case t.Kind() == reflect.String:
		return func(v reflect.Value, s string) error { v.SetString(s); return nil }
	case t.Kind() == reflect.Bool:
		return func(v reflect.Value, s string) error {
			b, err := strconv.ParseBool(s)
			v.SetBool(b)
			return err
		}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return func(v reflect.Value, s string) error {
			n, err := strconv.ParseInt(s, 10, t.Bits())
			v.SetInt(n)
			return err
		}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return func(v reflect.Value, s string) error {
			f, err := strconv.ParseFloat(s, t.Bits())
			v.SetFloat(f)
			return err
		}
	default: // structs, slices, maps: JSON text in one parameter
		return func(v reflect.Value, s string) error {
			p := reflect.New(t)
			if err := json.Unmarshal([]byte(s), p.Interface()); err != nil {
				return fmt.Errorf("must be JSON of the documented shape (%v)", err)
			}
			v.Set(p.Elem())
			return nil
		}
	}
}
