// Package fault holds the wire faults a scenario can inject into one HTTP response: a
// connection reset, an empty reply, a malformed or truncated body, a slowly dribbled body.
//
// Each kind is one type in one file. Its exported, json-tagged fields are its settings (its
// "attributes" in a scenario file), and it registers itself by wire name from init. A fault
// value holds settings only, never per-request state, so one decoded value serves every request
// and every session concurrently. See README.md for how to add a kind.
//
// Latency is not a fault here: scenarios sample it and the server waits before it
// answers, so a delay can precede any answer, faulty or not.
package fault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// A Fault writes, or breaks, one HTTP response.
type Fault interface {
	// Apply answers the request in the fault's way. status, header and body are the response
	// the mock would have sent. Apply must return promptly once ctx is done (the client went
	// away), and must leave the connection in a defined state when it stops early. Faults that
	// hijack the connection return an error wrapping http.ErrNotSupported when w cannot be
	// hijacked (HTTP/2, or a wrapper without Unwrap); a server may then
	// panic(http.ErrAbortHandler) to abort the response instead.
	Apply(ctx context.Context, w http.ResponseWriter, status int, header http.Header, body []byte) error

	// Name returns the wire name the fault is registered under, such as "reset".
	Name() string

	// BreaksWire reports whether the fault's point is to break the wire (reset, empty reply,
	// malformed or truncated body). Such responses are excluded from contract validation.
	BreaksWire() bool
}

// A Validator checks a fault's settings after decoding. Decode calls it; a fault built in Go
// should be validated by its user.
type Validator interface {
	Validate() error
}

// Kind is a registered fault type.
type Kind struct {
	// Name is the wire name used in scenario files ("type: reset"). It must equal New().Name().
	Name string
	// New returns a pointer to a fault with its default settings, ready for decoding.
	New func() Fault
}

// ErrUnknown is returned (wrapped) by Decode for a type that is not registered.
var ErrUnknown = errors.New("fault: unknown type")

// AttrError is a problem with one attribute of a fault: unknown, of the wrong type, or out of
// range.
type AttrError struct {
	Type string // the fault's wire name
	Attr string // the attribute's name, as written in scenario files
	Err  error
}

// Error returns "fault TYPE: attribute ATTR: reason".
func (e *AttrError) Error() string {
	return fmt.Sprintf("fault %s: attribute %s: %v", e.Type, e.Attr, e.Err)
}

// Unwrap returns the underlying error.
func (e *AttrError) Unwrap() error { return e.Err }

var registry = struct {
	sync.RWMutex
	kinds map[string]Kind
}{kinds: make(map[string]Kind)}

// Register adds a fault kind. It panics on an empty or duplicate name, a nil New, or a New
// whose fault reports another name: all of these are programmer errors.
func Register(k Kind) {
	if k.Name == "" {
		panic("fault: Register with an empty name")
	}
	if k.New == nil {
		panic(fmt.Sprintf("fault: Register %q with a nil New", k.Name))
	}
	if got := k.New().Name(); got != k.Name {
		panic(fmt.Sprintf("fault: Register %q: New returns a fault named %q", k.Name, got))
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.kinds[k.Name]; dup {
		panic(fmt.Sprintf("fault: Register called twice for %q", k.Name))
	}
	registry.kinds[k.Name] = k
}

// Lookup returns the kind registered under name.
func Lookup(name string) (Kind, bool) {
	registry.RLock()
	defer registry.RUnlock()
	k, ok := registry.kinds[name]
	return k, ok
}

// Kinds returns the registered kinds, sorted by name.
func Kinds() []Kind {
	registry.RLock()
	defer registry.RUnlock()
	ks := make([]Kind, 0, len(registry.kinds))
	for _, k := range registry.kinds {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].Name < ks[j].Name })
	return ks
}

func kindNames() string {
	var names []string
	for _, k := range Kinds() {
		names = append(names, k.Name)
	}
	return strings.Join(names, ", ")
}

// Decode builds the fault registered under name from its attributes, a JSON object (empty or
// null means "all defaults"). Decoding is strict: an unknown attribute or a value of the wrong
// type is an *AttrError, and the fault's Validate runs last. A name that is not registered is
// an error wrapping ErrUnknown. Several problems are joined (errors.Join).
func Decode(name string, attrs json.RawMessage) (Fault, error) {
	k, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknown, name, kindNames())
	}
	f := k.New()
	if t := bytes.TrimSpace(attrs); len(t) > 0 && !bytes.Equal(t, []byte("null")) {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(t, &raw); err != nil {
			return nil, fmt.Errorf("fault %s: attributes must be an object", name)
		}
		if err := decodeAttrs(name, f, raw); err != nil {
			return nil, err
		}
	}
	if v, ok := f.(Validator); ok {
		if err := v.Validate(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// decodeAttrs sets f's fields from raw, one attribute at a time, so every problem names its
// attribute.
func decodeAttrs(name string, f Fault, raw map[string]json.RawMessage) error {
	rv := reflect.ValueOf(f)
	fields := map[string][]int{}
	if rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct {
		fields = yamlsrc.FieldsOf(rv.Elem().Type()).Index
	}
	known := slices.Sorted(maps.Keys(fields))
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		idx, ok := fields[key]
		if !ok {
			reason := "unknown attribute; " + name + " takes none"
			if len(known) > 0 {
				reason = "unknown attribute (known: " + strings.Join(known, ", ") + ")"
			}
			errs = append(errs, &AttrError{Type: name, Attr: key, Err: errors.New(reason)})
			continue
		}
		field := rv.Elem().FieldByIndex(idx)
		if err := json.Unmarshal(raw[key], field.Addr().Interface()); err != nil {
			errs = append(errs, &AttrError{Type: name, Attr: key, Err: cleanJSONError(err, field.Type())})
		}
	}
	return errors.Join(errs...)
}

// cleanJSONError rewords encoding/json errors for people who write YAML.
func cleanJSONError(err error, t reflect.Type) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("want %s, got %s", describe(t), te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("want %s", describe(t))
	}
	return err
}

func describe(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[Duration]():
		return `a duration such as "250ms"`
	case yamlsrc.IsText(t):
		return "a string"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	}
	return t.Kind().String()
}

// Duration is a time.Duration written as a Go duration string ("250ms", "1.5s") in scenario
// files and JSON. Negative durations are refused.
type Duration time.Duration

// String returns the duration in Go's notation.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText returns the duration in Go's notation.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("invalid duration %q: want a Go duration such as \"250ms\" or \"1.5s\"", b)
	}
	if v < 0 {
		return fmt.Errorf("invalid duration %q: must not be negative", b)
	}
	*d = Duration(v)
	return nil
}

// writeHead copies header into w, declares contentLength and writes the status line.
func writeHead(w http.ResponseWriter, status int, header http.Header, contentLength int) {
	h := w.Header()
	for k, vs := range header {
		h[k] = vs
	}
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", strconv.Itoa(contentLength))
	w.WriteHeader(status)
}
