package interp

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/flowmock/flowmock/internal/jsontext"
)

// encode writes v as compact JSON, object keys sorted, without HTML escaping: the bytes
// encoding/json writes (SetEscapeHTML(false)), which the history and the API show. The
// values of the interpreter (value.go) are written by hand, without reflection; a value
// of any other type, or a number JSON cannot hold, goes through encoding/json, whose
// error then says what is wrong.
func encode(v any) ([]byte, error) {
	scratch := scratchPool.Get().(*[]byte)
	defer scratchPool.Put(scratch)
	b, err := appendEncoded((*scratch)[:0], v)
	if err != nil {
		return nil, err
	}
	if cap(b) <= maxScratch {
		*scratch = b
	}
	return bytes.Clone(b), nil
}

// scratchPool holds the buffers encode writes into before it copies the text out, so that
// an encoding allocates once, at its final size.
var scratchPool = sync.Pool{New: func() any { return new([]byte) }}

// maxScratch bounds the buffers scratchPool keeps.
const maxScratch = 64 << 10

// appendEncoded is encode appending to b.
func appendEncoded(b []byte, v any) ([]byte, error) {
	if out, err := appendValue(b, v); err == nil {
		return out, nil
	}
	return appendReflected(b, v)
}

// appendReflected appends v as encoding/json writes it.
func appendReflected(b []byte, v any) ([]byte, error) {
	buf := bytes.NewBuffer(b)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// errNotValue is a value appendValue leaves to encoding/json.
var errNotValue = errors.New("not an interpreter value")

// appendValue appends v, a value of the interpreter, as JSON; errNotValue for any other.
func appendValue(b []byte, v any) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return jsontext.AppendString(b, t), nil
	case bool:
		return strconv.AppendBool(b, t), nil
	case int:
		return strconv.AppendInt(b, int64(t), 10), nil
	case float64:
		return appendFloat(b, t)
	case map[string]any:
		return appendObject(b, t)
	case []any:
		if t == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, x := range t {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, x); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	return nil, errNotValue
}

// appendObject appends an object, its keys sorted.
func appendObject(b []byte, m map[string]any) ([]byte, error) {
	if m == nil {
		return append(b, "null"...), nil
	}
	var small [16]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsontext.AppendString(b, k)
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, m[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendFloat appends f as encoding/json does: like ES6, the shortest text that reads back
// as f, in exponent form below 1e-6 and from 1e21 on.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, errNotValue
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // e-09 → e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}
