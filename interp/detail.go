package interp

import (
	"strconv"
	"unsafe"

	"github.com/flowmock/flowmock/internal/jsontext"
)

// field is one member of an event detail: a key and its value, JSON text (as bytes or a
// string) or a string to quote.
type field struct {
	key   string
	value []byte // JSON text, when kind is jsonBytes; nil leaves the field out
	text  string // JSON text (jsonText), or a string to quote (quoted)
	n     int    // the value, when kind is jsonInt
	kind  fieldKind
}

// fieldKind says how a field holds its value.
type fieldKind uint8

const (
	jsonBytes fieldKind = iota
	jsonText
	jsonInt
	quoted
)

// jsonField is a member whose value is JSON text; nil leaves it out.
func jsonField(key string, value []byte) field { return field{key: key, value: value} }

// jsonTextField is a member whose value is the JSON text s.
func jsonTextField(key, s string) field { return field{key: key, text: s, kind: jsonText} }

// intField is a member whose value is the integer n.
func intField(key string, n int) field { return field{key: key, n: n, kind: jsonInt} }

// textField is a member whose value is the string s.
func textField(key, s string) field { return field{key: key, text: s, kind: quoted} }

// The room the details of an execution are written in (Execution.detailLocked): details up to
// maxArenaDetail bytes share chunks of arenaChunk bytes, so that an event costs no
// allocation of its own; longer ones get their own.
const (
	arenaChunk     = 512
	maxArenaDetail = arenaChunk / 4
)

// detailLocked builds a JSON object from fields, in order, leaving out fields with no
// value; e.mu is held. The text is written at the end of e.arena, whose bytes are only
// ever appended to: the strings made of it never change.
func (e *Execution) detailLocked(fields ...field) string {
	n := detailSize(fields)
	if n > maxArenaDetail {
		return string(appendDetail(make([]byte, 0, n), fields))
	}
	if cap(e.arena)-len(e.arena) < n {
		e.arena = make([]byte, 0, arenaChunk)
	}
	start := len(e.arena)
	e.arena = appendDetail(e.arena, fields)
	b := e.arena[start:]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// detailSize is about the length of the detail of fields (strings to escape make it more).
func detailSize(fields []field) int {
	n := 2
	for _, f := range fields {
		n += len(f.key) + 6 + len(f.value) + len(f.text)
		if f.kind == jsonInt {
			n += 20
		}
	}
	return n
}

// appendDetail appends the detail of fields.
func appendDetail(b []byte, fields []field) []byte {
	b = append(b, '{')
	first := true
	for _, f := range fields {
		if f.kind == jsonBytes && f.value == nil {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"') // keys are plain ASCII names
		b = append(b, f.key...)
		b = append(b, '"', ':')
		switch f.kind {
		case jsonBytes:
			b = append(b, f.value...)
		case jsonText:
			b = append(b, f.text...)
		case jsonInt:
			b = strconv.AppendInt(b, int64(f.n), 10)
		case quoted:
			b = jsontext.AppendString(b, f.text)
		}
	}
	return append(b, '}')
}

// errorFields are the fields of the detail of a failure event.
func errorFields(code, cause string) []field {
	return []field{textField("error", code), textField("cause", cause)}
}

// errorDetailLocked is the detail of a failure event; e.mu is held.
func (e *Execution) errorDetailLocked(code, cause string) string {
	return e.detailLocked(errorFields(code, cause)...)
}
