package signature

import (
	"net/url"
	"slices"
	"strings"
)

// PercentEncode encodes s per RFC 3986 as both signature versions need it: the unreserved
// bytes A–Z a–z 0–9 - _ . ~ are kept, every other byte of the UTF-8 string becomes %XX with
// upper-case hex. So a space is %20 (not +), * is %2A and ~ stays ~.
func PercentEncode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&0x0f])
	}
	return string(b)
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// canonicalQuery percent-encodes every key and value of params (leaving out the key skip),
// sorts the pairs by encoded key in byte order, and joins them as k=v with &. A key with
// several values gives one pair per value, in their order; a key with no values gives none.
func canonicalQuery(params url.Values, skip string) string {
	type pair struct{ k, v string }
	pairs := make([]pair, 0, len(params))
	for k, vs := range params {
		if k == skip {
			continue
		}
		ek := PercentEncode(k)
		for _, v := range vs {
			pairs = append(pairs, pair{ek, PercentEncode(v)})
		}
	}
	// Encoding is injective, so distinct keys never tie; a stable sort keeps each key's
	// values in the order they were given.
	slices.SortStableFunc(pairs, func(a, b pair) int { return strings.Compare(a.k, b.k) })
	var sb strings.Builder
	for i, p := range pairs {
		if i > 0 {
			sb.WriteByte('&')
		}
		sb.WriteString(p.k)
		sb.WriteByte('=')
		sb.WriteString(p.v)
	}
	return sb.String()
}
