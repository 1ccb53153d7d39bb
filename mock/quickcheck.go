package mock

import (
	"reflect"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// A quick check passes a parameter's value that its schema surely accepts, without
// kin-openapi's decoding and schema walk (most of a request's validation cost). It answers
// false whenever it is not sure: the value then goes through kin-openapi, which says what
// is wrong in its own words. Only the simple schemas of the contract's parameters have one:
// strings with lengths, a pattern or an enum, bounded integers and booleans.
type quickCheck func(string) bool

// quickChecks caches the check of each parameter (nil: none), by the parameter's identity:
// a contract is never modified once loaded.
var quickChecks sync.Map // *openapi3.Parameter → quickCheck

// quickCheckOf returns p's quick check, or nil when its schema has none.
func quickCheckOf(p *openapi3.Parameter) quickCheck {
	if q, ok := quickChecks.Load(p); ok {
		return q.(quickCheck)
	}
	q := newQuickCheck(p)
	quickChecks.Store(p, q)
	return q
}

func newQuickCheck(p *openapi3.Parameter) quickCheck {
	if p.Schema == nil || p.Schema.Value == nil || p.Content != nil || p.AllowEmptyValue {
		return nil
	}
	s := p.Schema.Value
	if !plain(s) {
		return nil
	}
	switch {
	case s.Type.Is("string") && s.Format == "":
		return stringCheck(s)
	case s.Type.Is("integer") && s.Enum == nil && s.Pattern == "" && (s.Format == "int32" || s.Format == "int64"):
		return integerCheck(s)
	case s.Type.Is("boolean") && s.Enum == nil:
		return func(v string) bool { return v == "true" || v == "false" }
	}
	return nil
}

// plain reports whether s is one type and says nothing but what the quick checks check
// (and words for people).
func plain(s *openapi3.Schema) bool {
	known := openapi3.Schema{Type: s.Type, Format: s.Format, MinLength: s.MinLength, MaxLength: s.MaxLength,
		Pattern: s.Pattern, Enum: s.Enum, Min: s.Min, Max: s.Max, Default: s.Default,
		Title: s.Title, Description: s.Description, Example: s.Example}
	return s.Type != nil && len(*s.Type) == 1 && reflect.DeepEqual(&known, s)
}

func stringCheck(s *openapi3.Schema) quickCheck {
	if strings.Contains(s.Pattern, `\u`) { // kin-openapi rewrites those first
		return nil
	}
	var match func(string) bool
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			return nil
		}
		if match = classMatcher(s.Pattern); match == nil {
			match = re.MatchString
		}
	}
	var enum map[string]bool
	for _, e := range s.Enum {
		str, ok := e.(string)
		if !ok {
			return nil
		}
		if enum == nil {
			enum = map[string]bool{}
		}
		enum[str] = true
	}
	minLen, maxLen := s.MinLength, s.MaxLength
	return func(v string) bool {
		if v == "" {
			return false
		}
		if n := uint64(utf8.RuneCountInString(v)); n < minLen || maxLen != nil && n > *maxLen {
			return false
		}
		if enum != nil && !enum[v] {
			return false
		}
		return match == nil || match(v)
	}
}

// classMatcher matches what regexp matches for a pattern of ASCII characters and classes,
// each one character, then at most one of them repeated (* or +), anchored at both ends:
// "^[A-Za-z_][A-Za-z0-9_-]*$", "^[0-9]+$". It is nil for any other pattern.
func classMatcher(pattern string) func(string) bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpBeginText || re.Sub[len(re.Sub)-1].Op != syntax.OpEndText {
		return nil
	}
	var fixed []*[256]bool
	var tail *[256]bool
	minTail := 0
	items := re.Sub[1 : len(re.Sub)-1]
	for i, it := range items {
		if (it.Op == syntax.OpStar || it.Op == syntax.OpPlus) && i == len(items)-1 {
			if tail = asciiClass(it.Sub[0]); tail == nil {
				return nil
			}
			if it.Op == syntax.OpPlus {
				minTail = 1
			}
			continue
		}
		if it.Op == syntax.OpLiteral && it.Flags&syntax.FoldCase == 0 {
			for _, r := range it.Rune {
				c := asciiClass(&syntax.Regexp{Op: syntax.OpCharClass, Rune: []rune{r, r}})
				if c == nil {
					return nil
				}
				fixed = append(fixed, c)
			}
			continue
		}
		c := asciiClass(it)
		if c == nil {
			return nil
		}
		fixed = append(fixed, c)
	}
	return func(v string) bool {
		if len(v) < len(fixed)+minTail || tail == nil && len(v) != len(fixed) {
			return false
		}
		for i, c := range fixed {
			if !c[v[i]] {
				return false
			}
		}
		for i := len(fixed); i < len(v); i++ {
			if !tail[v[i]] {
				return false
			}
		}
		return true
	}
}

// asciiClass is the table of the bytes a character class of ASCII characters matches, or nil.
func asciiClass(re *syntax.Regexp) *[256]bool {
	if re.Op != syntax.OpCharClass || len(re.Rune)%2 != 0 {
		return nil
	}
	var t [256]bool
	for i := 0; i < len(re.Rune); i += 2 {
		lo, hi := re.Rune[i], re.Rune[i+1]
		if lo < 0 || hi >= utf8.RuneSelf {
			return nil
		}
		for r := lo; r <= hi; r++ {
			t[r] = true
		}
	}
	return &t
}

func integerCheck(s *openapi3.Schema) quickCheck {
	lo, hi := s.Min, s.Max
	return func(v string) bool {
		n, ok := smallInt(v)
		return ok && (lo == nil || float64(n) >= *lo) && (hi == nil || float64(n) <= *hi)
	}
}

// smallInt parses a plain decimal of at most 9 digits (it fits every integer format).
func smallInt(v string) (int64, bool) {
	neg := strings.HasPrefix(v, "-")
	if neg {
		v = v[1:]
	}
	if v == "" || len(v) > 9 || len(v) > 1 && v[0] == '0' {
		return 0, false
	}
	var n int64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
