package fault_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/fault"
)

func TestKinds(t *testing.T) {
	want := map[string]bool{ // name → BreaksWire
		"dribble":   false,
		"empty":     true,
		"malformed": true,
		"reset":     true,
		"truncate":  true,
	}
	var got []string
	for _, k := range fault.Kinds() {
		got = append(got, k.Name)
		f := k.New()
		if f.Name() != k.Name {
			t.Errorf("kind %s: New().Name() = %q", k.Name, f.Name())
		}
		if brk, ok := want[k.Name]; ok && f.BreaksWire() != brk {
			t.Errorf("kind %s: BreaksWire() = %v, want %v", k.Name, f.BreaksWire(), brk)
		}
	}
	if want := []string{"dribble", "empty", "malformed", "reset", "truncate"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Kinds() = %v, want %v", got, want)
	}
}

func TestRegisterPanics(t *testing.T) {
	tests := []struct {
		name string
		kind fault.Kind
	}{
		{"empty name", fault.Kind{Name: "", New: func() fault.Fault { return fault.Reset{} }}},
		{"nil New", fault.Kind{Name: "x"}},
		{"name differs from the fault's", fault.Kind{Name: "x", New: func() fault.Fault { return fault.Reset{} }}},
		{"duplicate", fault.Kind{Name: "reset", New: func() fault.Fault { return fault.Reset{} }}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%+v) did not panic", tt.kind)
				}
			}()
			fault.Register(tt.kind)
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		typ     string
		attrs   string
		want    fault.Fault
		wantErr string // substring; "" means success
		attr    string // the attribute an *AttrError must name
	}{
		{name: "reset", typ: "reset", want: &fault.Reset{}},
		{name: "null attributes", typ: "empty", attrs: "null", want: &fault.Empty{}},
		{name: "truncate default", typ: "truncate", want: &fault.Truncate{Fraction: 0.5}},
		{name: "truncate fraction", typ: "truncate", attrs: `{"fraction":0.25}`, want: &fault.Truncate{Fraction: 0.25}},
		{name: "dribble", typ: "dribble", attrs: `{"chunks":3,"duration":"2s"}`, want: &fault.Dribble{Chunks: 3, Duration: fault.Duration(2 * time.Second)}},
		{name: "dribble default", typ: "dribble", want: &fault.Dribble{Chunks: 5, Duration: fault.Duration(time.Second)}},
		{name: "malformed body", typ: "malformed", attrs: `{"body":"<html>"}`, want: &fault.Malformed{Body: "<html>"}},
		{name: "unknown type", typ: "resett", wantErr: `unknown type "resett" (known: dribble, empty, malformed, reset, truncate)`},
		{name: "unknown attribute", typ: "truncate", attrs: `{"fractio":0.2}`, wantErr: "unknown attribute (known: fraction)", attr: "fractio"},
		{name: "attribute on a kind without any", typ: "reset", attrs: `{"timeout":1}`, wantErr: "reset takes none", attr: "timeout"},
		{name: "wrong type", typ: "dribble", attrs: `{"chunks":"many"}`, wantErr: "want an integer, got string", attr: "chunks"},
		{name: "fractional integer", typ: "dribble", attrs: `{"chunks":2.5}`, wantErr: "want an integer, got number 2.5", attr: "chunks"},
		{name: "bad duration", typ: "dribble", attrs: `{"duration":"2 seconds"}`, wantErr: `invalid duration "2 seconds"`, attr: "duration"},
		{name: "duration as number", typ: "dribble", attrs: `{"duration":2}`, wantErr: `want a duration such as "250ms", got number`, attr: "duration"},
		{name: "negative duration", typ: "dribble", attrs: `{"duration":"-1s"}`, wantErr: "must not be negative", attr: "duration"},
		{name: "fraction out of range", typ: "truncate", attrs: `{"fraction":1}`, wantErr: "must be at least 0 and below 1, got 1", attr: "fraction"},
		{name: "zero chunks", typ: "dribble", attrs: `{"chunks":0}`, wantErr: "must be at least 1, got 0", attr: "chunks"},
		{name: "not an object", typ: "dribble", attrs: `[1]`, wantErr: "attributes must be an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fault.Decode(tt.typ, json.RawMessage(tt.attrs))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("Decode = %#v, want %#v", got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Decode = %#v, want error containing %q", got, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Decode error = %q, want it to contain %q", err, tt.wantErr)
			}
			if tt.name == "unknown type" && !errors.Is(err, fault.ErrUnknown) {
				t.Errorf("Decode error = %v, want errors.Is ErrUnknown", err)
			}
			if tt.attr != "" {
				var ae *fault.AttrError
				if !errors.As(err, &ae) || ae.Attr != tt.attr {
					t.Errorf("Decode error = %#v, want an *AttrError for %q", err, tt.attr)
				}
			}
		})
	}
}
