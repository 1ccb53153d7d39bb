package mockfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// The answers of a mocked response and the values in them.

// indexed is an answer with its key as written.
type indexed struct {
	key *yaml.Node
	span
}

// response reads one mocked response; nil when it has a problem.
func (p *parser) response(e pair, path string) *response {
	const none = `needs at least one answer, such as "0": {Return: {...}}`
	if isNull(e.val) {
		p.fail(e.key, path, none)
		return nil
	}
	if e.val.Kind != yaml.MappingNode {
		p.fail(e.val, path, "want a mapping of invocation indexes to answers, got %s", describe(e.val))
		return nil
	}
	if len(e.val.Content) == 0 {
		p.fail(e.key, path, none)
		return nil
	}
	before := p.errs.Len()
	var spans []indexed
	for _, a := range p.pairs(e.val, yamlsrc.Root(path)) {
		apath := joinPath(path, a.key.Value)
		lo, hi, ok := p.index(a.key, apath)
		ans, aok := p.answer(a, apath)
		if ok && aok {
			spans = append(spans, indexed{a.key, span{lo, hi, ans}})
		}
	}
	if p.errs.Len() > before {
		return nil
	}
	// Sorted by their first index, the keys must run on from 0: each starting just past the
	// end of the one before. The problem goes to the key written later in the file.
	slices.SortFunc(spans, func(a, b indexed) int { return a.lo - b.lo })
	next := 0 // the first index not yet answered
	var last *indexed
	for i := range spans {
		s := &spans[i]
		switch {
		case s.lo < next:
			at, other := s, last
			if at.key.Line < other.key.Line {
				at, other = other, at
			}
			p.fail(at.key, joinPath(path, at.key.Value), "overlaps %q (line %d): an invocation has one answer", other.key.Value, other.key.Line)
		case s.lo > next:
			p.fail(s.key, joinPath(path, s.key.Value), "leaves %s without an answer: the keys run from 0 without gaps", invocations(next, s.lo-1))
		}
		if last == nil || s.hi >= next {
			next, last = s.hi+1, s
		}
	}
	if p.errs.Len() > before {
		return nil
	}
	r := &response{name: e.key.Value, spans: make([]span, len(spans))}
	for i, s := range spans {
		r.spans[i] = s.span
	}
	return r
}

// invocations names the invocations lo to hi.
func invocations(lo, hi int) string {
	if lo == hi {
		return fmt.Sprintf("invocation %d", lo)
	}
	return fmt.Sprintf("invocations %d-%d", lo, hi)
}

// index reads an invocation key: "N" or "N-M".
func (p *parser) index(k *yaml.Node, path string) (lo, hi int, ok bool) {
	m := indexKey.FindStringSubmatch(k.Value)
	if m == nil {
		p.fail(k, path, `want an invocation index such as "0" or an inclusive range such as "1-2", got %q`, k.Value)
		return 0, 0, false
	}
	lo, err := strconv.Atoi(m[1])
	if err != nil || lo > maxIndex {
		p.fail(k, path, "invocation index %s is too large (at most %d)", m[1], maxIndex)
		return 0, 0, false
	}
	hi = lo
	if m[2] != "" {
		hi, err = strconv.Atoi(m[2])
		if err != nil || hi > maxIndex {
			p.fail(k, path, "invocation index %s is too large (at most %d)", m[2], maxIndex)
			return 0, 0, false
		}
		if hi < lo {
			p.fail(k, path, "range %q runs backwards; write \"%d-%d\"", k.Value, hi, lo)
			return 0, 0, false
		}
	}
	return lo, hi, true
}

// answer reads one answer: exactly one of Return and Throw, and an optional Delay.
func (p *parser) answer(e pair, path string) (Answer, bool) {
	var a Answer
	if e.val.Kind != yaml.MappingNode {
		p.fail(e.val, path, "want a mapping with Return or Throw, and Delay, got %s", describe(e.val))
		return a, false
	}
	before := p.errs.Len()
	fs, meant := p.fields(e.val, path, []string{"Return", "Throw", "Delay"}, nil)
	ret, hasReturn := fs["Return"]
	thr, hasThrow := fs["Throw"]
	switch {
	case hasReturn && hasThrow:
		p.fail(thr.key, path, "has both Return and Throw: an answer returns or throws")
	case !hasReturn && !hasThrow && !meant["Return"] && !meant["Throw"]:
		p.fail(e.key, path, "needs Return (the task's output) or Throw (its error)")
	}
	if hasReturn {
		rpath := path + ".Return"
		if ret.val.Kind != yaml.MappingNode {
			p.fail(ret.val, rpath, "want a JSON object (the task's output), got %s", describe(ret.val))
		} else {
			var buf bytes.Buffer
			p.value(&buf, ret.val, yamlsrc.Root(rpath))
			a.Return = buf.Bytes()
		}
	}
	if hasThrow {
		a.Throw = p.throw(thr, path+".Throw")
	}
	if d, ok := fs["Delay"]; ok && !isNull(d.val) {
		a.Delay = p.delay(d.val, path+".Delay")
	}
	return a, p.errs.Len() == before
}

// throw reads {Error, Cause}.
func (p *parser) throw(e pair, path string) *Throw {
	if e.val.Kind != yaml.MappingNode {
		p.fail(e.val, path, "want a mapping with Error and Cause, got %s", describe(e.val))
		return nil
	}
	fs, meant := p.fields(e.val, path, []string{"Error", "Cause"}, nil)
	t := &Throw{}
	v, ok := fs["Error"]
	s, isText := "", false
	if ok {
		s, isText = text(v.val)
	}
	switch {
	case !ok && meant["Error"]: // reported as misspelt
	case !ok || isNull(v.val):
		n := e.key
		if ok {
			n = v.key
		}
		p.fail(n, path+".Error", "required: the error name, such as FC.Timeout")
	case !isText:
		p.fail(v.val, path+".Error", "want a string, got %s", describe(v.val))
	case strings.TrimSpace(s) == "":
		p.fail(v.val, path+".Error", "must not be empty")
	default:
		t.Error = s
	}
	if v, ok := fs["Cause"]; ok && !isNull(v.val) {
		if s, ok := text(v.val); ok {
			t.Cause = s
		} else {
			p.fail(v.val, path+".Cause", "want a string, got %s", describe(v.val))
		}
	}
	return t
}

// delay reads a Go duration, at least 0.
func (p *parser) delay(n *yaml.Node, path string) time.Duration {
	s, ok := text(n)
	if !ok {
		p.fail(n, path, "want a Go duration such as 2s or 150ms, got %s", describe(n))
		return 0
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		p.fail(n, path, "invalid duration %q: want a Go duration such as 2s or 150ms", s)
	case d < 0:
		p.fail(n, path, "must not be negative, got %s", s)
	}
	return d
}

// value appends the JSON text of YAML node n to buf, reporting what JSON cannot hold: keys
// that are not strings, NaN and infinities, custom tags. The path of n is rendered only if a
// problem is reported, so the work is linear in the size of n; the recursion is bounded by
// yamlsrc.MaxDepth (root's guard).
func (p *parser) value(buf *bytes.Buffer, n *yaml.Node, path *yamlsrc.Path) {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		buf.WriteByte('{')
		for i, e := range p.pairs(n, path) {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(quote(e.key.Value))
			buf.WriteByte(':')
			p.value(buf, e.val, path.Key(e.key.Value))
		}
		buf.WriteByte('}')
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			p.value(buf, c, path.Index(i))
		}
		buf.WriteByte(']')
	case yaml.ScalarNode:
		buf.Write(p.scalar(n, path))
	default:
		buf.WriteString("null")
	}
}

// scalar returns the JSON text of scalar n.
func (p *parser) scalar(n *yaml.Node, path *yamlsrc.Path) []byte {
	switch n.ShortTag() {
	case "!!null":
		return []byte("null")
	case "!!str", "!!timestamp":
		if !utf8.ValidString(n.Value) {
			p.failAt(n, path, "not valid UTF-8")
		}
		return quote(n.Value)
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return strconv.AppendBool(nil, b)
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return strconv.AppendInt(nil, i, 10)
		}
		var u uint64
		if n.Decode(&u) == nil {
			return strconv.AppendUint(nil, u, 10)
		}
		return p.float(n, path)
	case "!!float":
		return p.float(n, path)
	}
	p.failAt(n, path, "want a JSON value, got %s", describe(n))
	return []byte("null")
}

// float returns the JSON text of numeric scalar n, which must be finite.
func (p *parser) float(n *yaml.Node, path *yamlsrc.Path) []byte {
	var f float64
	if n.Decode(&f) != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		p.failAt(n, path, "want a finite number, got %s", describe(n))
		return []byte("null")
	}
	if f == 0 {
		f = 0 // no -0: JSON readers disagree about it
	}
	b, _ := json.Marshal(f)
	return b
}

// quote returns s as a JSON string, with <, > and & as they are.
func quote(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// text returns the text of a scalar that YAML reads as a string.
func text(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	switch n.ShortTag() {
	case "!!str", "!!timestamp":
		return n.Value, utf8.ValidString(n.Value)
	}
	return "", false
}

func isNull(n *yaml.Node) bool { return yamlsrc.IsNull(n) }

// deref follows aliases to the node they stand for.
func deref(n *yaml.Node) *yaml.Node { return yamlsrc.Deref(n) }

// describe names the type of node n for a problem, with a short excerpt of a scalar.
func describe(n *yaml.Node) string { return yamlsrc.Describe(n) }
