package interp

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonParser reads the JSON texts that are common (task results, inputs) into values
// without encoding/json's reflection: its result is the value decodeReflected gives. Anything it
// is not sure of (invalid text, invalid UTF-8, nesting deeper than maxFastDepth, text
// after the value) it leaves to decodeReflected, which then gives the value or the error.
type jsonParser struct {
	s     string
	i     int
	depth int
}

// maxFastDepth is the deepest nesting the parser reads itself; deeper texts go through
// encoding/json, which bounds them (at 10,000).
const maxFastDepth = 1000

// parseFast decodes data as decodeReflected would; ok is false when it leaves data to it.
// The strings of the value that hold no escapes are parts of data, not copies.
func parseFast(data string) (v any, ok bool) {
	p := jsonParser{s: data}
	v, ok = p.value()
	if !ok {
		return nil, false
	}
	p.space()
	return v, p.i == len(p.s)
}

// space skips white space.
func (p *jsonParser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// value reads one value after optional white space.
func (p *jsonParser) value() (any, bool) {
	p.space()
	if p.i >= len(p.s) {
		return nil, false
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, ok := p.str()
		return s, ok
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range literals {
		if strings.HasPrefix(p.s[p.i:], lit.text) {
			p.i += len(lit.text)
			return lit.v, true
		}
	}
	return nil, false
}

// literals are the JSON literals and their values.
var literals = [...]struct {
	text string
	v    any
}{{"true", true}, {"false", false}, {"null", nil}}

// object reads an object; p.s[p.i] is '{'.
func (p *jsonParser) object() (any, bool) {
	if p.depth++; p.depth > maxFastDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	p.i++
	m := map[string]any{}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return m, true
	}
	for {
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, false
		}
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, false
		}
		p.i++
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		m[k] = v
		if more, ok := p.more('}'); !more {
			return m, ok
		}
	}
}

// array reads an array; p.s[p.i] is '['.
func (p *jsonParser) array() (any, bool) {
	if p.depth++; p.depth > maxFastDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	p.i++
	a := []any{}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return a, true
	}
	for {
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		a = append(a, v)
		if more, ok := p.more(']'); !more {
			return a, ok
		}
	}
}

// more reads what follows a member or element: a ',' (more), or end (not more, ok), or
// anything else (not ok).
func (p *jsonParser) more(end byte) (more, ok bool) {
	p.space()
	if p.i >= len(p.s) {
		return false, false
	}
	c := p.s[p.i]
	p.i++
	return c == ',', c == end
}

// number reads a number: an int when integral (no fraction or exponent) and within int,
// else a float64, as number does.
func (p *jsonParser) number() (any, bool) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
	case p.digits() == 0:
		return nil, false
	}
	integral := true
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return nil, false
		}
		integral = false
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return nil, false
		}
		integral = false
	}
	text := p.s[start:p.i]
	if integral {
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return int(i), true
		}
	}
	f, _ := strconv.ParseFloat(text, 64)
	return f, true
}

// digits reads decimal digits and returns how many.
func (p *jsonParser) digits() int {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	return p.i - start
}

// str reads a string; p.s[p.i] is '"'.
func (p *jsonParser) str() (string, bool) {
	p.i++
	start := p.i
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '"':
			s := p.s[start:p.i]
			p.i++
			return s, true
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return p.escaped(start)
		}
		p.i++
	}
	return "", false
}

// escaped reads the rest of a string that holds escapes or non-ASCII text, from start.
func (p *jsonParser) escaped(start int) (string, bool) {
	b := append([]byte(nil), p.s[start:p.i]...)
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), true
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			b = append(b, p.s[p.i:p.i+size]...)
			p.i += size
			continue
		case c != '\\':
			b = append(b, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			return "", false
		}
		switch e := p.s[p.i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.unicode()
			if !ok {
				return "", false
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return "", false
		}
		p.i += 2
	}
	return "", false
}

// unicode reads a \uXXXX escape, or a pair of them that is a surrogate pair; a surrogate
// that is not one half of a pair is U+FFFD, as encoding/json reads it.
func (p *jsonParser) unicode() (rune, bool) {
	r := hex4(p.s[p.i:])
	if r < 0 {
		return 0, false
	}
	p.i += 6
	if !utf16.IsSurrogate(r) {
		return r, true
	}
	if dec := utf16.DecodeRune(r, hex4(p.s[p.i:])); dec != unicode.ReplacementChar {
		p.i += 6
		return dec, true
	}
	return unicode.ReplacementChar, true
}

// hex4 is the rune of a \uXXXX escape at the start of s, -1 when there is none.
func hex4(s string) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range []byte(s[2:6]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
