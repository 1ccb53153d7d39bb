package scenarios

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// A problem is one thing wrong with a scenario, at a field path such as "rules[0].probability"
// ("" is the whole scenario). line is 0 when the problem was found on Go values, after decoding.
type problem struct {
	path string
	msg  string
	line int
}

// decoder fills Go values from YAML nodes strictly: unknown and duplicate keys, and values of
// the wrong kind, are problems. It records the line of every field path it meets, so later
// problems (found on the Go values) can be placed in the file. yaml.v3's own decoding cannot
// do this: Node.Decode has no KnownFields, and errors from custom unmarshalers lose their line.
type decoder struct {
	lines    map[string]int
	problems []problem
}

func newDecoder() *decoder { return &decoder{lines: make(map[string]int)} }

func (d *decoder) fail(path string, line int, format string, args ...any) {
	d.problems = append(d.problems, problem{path, fmt.Sprintf(format, args...), line})
}

// line returns the line of path, or of its nearest ancestor that has one.
func (d *decoder) line(path string) int {
	for {
		if l, ok := d.lines[path]; ok {
			return l
		}
		if path == "" {
			return 1
		}
		path = parent(path)
	}
}

// parent returns the path one level up: "rules[0].steps[1]" → "rules[0].steps" → "rules[0]".
func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// decode sets v from n. v must be settable.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if isNull(n) {
		return // absent: the zero value
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
		return
	}
	if reflect.PointerTo(v.Type()).Implements(textUnmarshalerType) {
		if n.Kind != yaml.ScalarNode {
			d.fail(path, n.Line, "want a string, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.fail(path, n.Line, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(path, n.Line, "want a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			d.lines[p] = item.Line
			d.decode(item, s.Index(i), p)
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.fail(path, n.Line, "want a mapping, got %s", kindName(n))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			p := join(path, k.Value)
			if first, dup := seen[k.Value]; dup {
				d.fail(p, k.Line, "duplicate key (first at line %d)", first)
				continue
			}
			seen[k.Value] = k.Line
			d.lines[p] = k.Line
			e := reflect.New(v.Type().Elem()).Elem()
			d.decode(val, e, p)
			m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), e)
		}
		v.Set(m)
	case reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			d.fail(path, n.Line, "%v", err)
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.fail(path, n.Line, "want a string, got %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
			d.fail(path, n.Line, "want true or false, got %s", kindName(n))
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		// yaml.v3 would truncate 2.5 into 2: accept only what YAML itself resolves as an int.
		var i int64
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&i) != nil || v.OverflowInt(i) {
			d.fail(path, n.Line, "want an integer, got %s", kindName(n))
			return
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		var f float64
		if n.Kind != yaml.ScalarNode || n.Decode(&f) != nil {
			d.fail(path, n.Line, "want a number, got %s", kindName(n))
			return
		}
		v.SetFloat(f)
	default:
		panic(fmt.Sprintf("scenarios: cannot decode into %s", v.Type())) // a type in this package
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	fields := fieldsOf(v.Type())
	if n.Kind != yaml.MappingNode {
		d.fail(path, n.Line, "want a mapping with %s, got %s", strings.Join(fields.names, ", "), kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		p := join(path, k.Value)
		idx, ok := fields.index[k.Value]
		if !ok {
			d.fail(p, k.Line, "unknown field (known: %s)", strings.Join(fields.names, ", "))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.fail(p, k.Line, "duplicate key (first at line %d)", first)
			continue
		}
		seen[k.Value] = k.Line
		d.lines[p] = k.Line
		d.decode(val, v.FieldByIndex(idx), p)
	}
}

// structFields are the keys of a struct type as written in files (json tags; embedded structs
// without a tag are flattened, as encoding/json does).
type structFields struct {
	index map[string][]int
	names []string // in declaration order
}

var fieldCache sync.Map // reflect.Type → *structFields

func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	fs := &structFields{index: make(map[string][]int)}
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
			fs.index[name] = idx
			fs.names = append(fs.names, name)
		}
	}
	walk(t, nil)
	f, _ := fieldCache.LoadOrStore(t, fs)
	return f.(*structFields)
}
