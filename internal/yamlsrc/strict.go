package yamlsrc

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Decode fills v, a pointer, from n strictly: unknown and duplicate keys, and values of the
// wrong kind, are problems added to ps (keys are the json tags of struct fields; embedded
// structs without a tag are flattened, as encoding/json does). It returns the paths of the
// fields at fault, such as "rules[0].steps[1].error", for a caller that checks the Go
// values afterwards and places its own problems with Line. yaml.v3's own decoding cannot do
// this: Node.Decode has no KnownFields, and errors from custom unmarshalers lose their line.
// n must have passed Guard.
func Decode(n *yaml.Node, v any, ps *List) (failed []string) {
	d := &decoder{ps: ps}
	d.decode(n, reflect.ValueOf(v).Elem(), nil)
	return d.failed
}

// decoder fills Go values from YAML nodes.
type decoder struct {
	ps     *List
	failed []string
}

func (d *decoder) fail(at *Path, line int, format string, args ...any) {
	d.ps.Add(line, at, format, args...)
	d.failed = append(d.failed, at.String())
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// IsText tells whether values of t are read from text (*t is an encoding.TextUnmarshaler).
func IsText(t reflect.Type) bool { return reflect.PointerTo(t).Implements(textUnmarshalerType) }

// kindName names n for a problem of Decode: a mapping, a list, or the scalar quoted.
func kindName(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return fmt.Sprintf("%q", n.Value)
	}
	return Describe(n)
}

// decode sets v from n. v must be settable.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, at *Path) {
	n = Deref(n)
	if IsNull(n) {
		return // absent: the zero value
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), at)
		return
	}
	if IsText(v.Type()) {
		if n.Kind != yaml.ScalarNode {
			d.fail(at, n.Line, "want a string, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.fail(at, n.Line, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, at)
	case reflect.Slice:
		d.decodeSlice(n, v, at)
	case reflect.Map:
		d.decodeMap(n, v, at)
	case reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			d.fail(at, n.Line, "%v", err)
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		d.decodeScalar(n, v, at)
	}
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, at *Path) {
	if n.Kind != yaml.SequenceNode {
		d.fail(at, n.Line, "want a list, got %s", kindName(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, s.Index(i), at.Index(i))
	}
	v.Set(s)
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, at *Path) {
	if n.Kind != yaml.MappingNode {
		d.fail(at, n.Line, "want a mapping, got %s", kindName(n))
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := Deref(n.Content[i]), n.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			d.fail(at.Key(k.Value), k.Line, "duplicate key (first at line %d)", first)
			continue
		}
		seen[k.Value] = k.Line
		e := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, e, at.Key(k.Value))
		m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), e)
	}
	v.Set(m)
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, at *Path) {
	fields := FieldsOf(v.Type())
	if n.Kind != yaml.MappingNode {
		d.fail(at, n.Line, "want a mapping with %s, got %s", strings.Join(fields.Names, ", "), kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := Deref(n.Content[i]), n.Content[i+1]
		idx, ok := fields.Index[k.Value]
		if !ok {
			d.fail(at.Key(k.Value), k.Line, "unknown field (known: %s)", strings.Join(fields.Names, ", "))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.fail(at.Key(k.Value), k.Line, "duplicate key (first at line %d)", first)
			continue
		}
		seen[k.Value] = k.Line
		d.decode(val, v.FieldByIndex(idx), at.Key(k.Value))
	}
}

func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value, at *Path) {
	switch v.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.fail(at, n.Line, "want a string, got %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
			d.fail(at, n.Line, "want true or false, got %s", kindName(n))
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		// yaml.v3 would truncate 2.5 into 2: accept only what YAML itself resolves as an int.
		var i int64
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&i) != nil || v.OverflowInt(i) {
			d.fail(at, n.Line, "want an integer, got %s", kindName(n))
			return
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		var f float64
		if n.Kind != yaml.ScalarNode || n.Decode(&f) != nil {
			d.fail(at, n.Line, "want a number, got %s", kindName(n))
			return
		}
		v.SetFloat(f)
	default:
		panic(fmt.Sprintf("yamlsrc: cannot decode into %s", v.Type())) // a caller's type
	}
}

// Fields are the keys of a struct type as written in files: json tags, the field name when
// there is none, embedded structs without a tag flattened (as encoding/json does), fields
// tagged "-" and unexported ones left out.
type Fields struct {
	Index map[string][]int // for reflect.Value.FieldByIndex
	Names []string         // in declaration order
}

var fieldCache sync.Map // reflect.Type → *Fields

// FieldsOf returns the keys of struct type t.
func FieldsOf(t reflect.Type) *Fields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*Fields)
	}
	fs := &Fields{Index: make(map[string][]int)}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			idx := append(append([]int(nil), prefix...), i)
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx)
				continue
			}
			if name == "" {
				name = f.Name
			}
			fs.Index[name] = idx
			fs.Names = append(fs.Names, name)
		}
	}
	walk(t, nil)
	f, _ := fieldCache.LoadOrStore(t, fs)
	return f.(*Fields)
}
