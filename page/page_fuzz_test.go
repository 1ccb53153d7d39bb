package page_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/page"
)

// fuzzSeed keys the codec FuzzDecode attacks: 0, the seed of a zero mock.Config.
const fuzzSeed = 0

// tokenChars are the bytes of a URL-safe, unpadded base64 token.
const tokenChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// realTokens are tokens as the mock mints them: the next page of a 60-item default page,
// of a one-item page, of the last page of a big flow, and the extremes of every field.
var realTokens = []page.Token{
	{Offset: 60, Binding: (&page.Filter{}).Binding("demo_flow"), Data: 0x9e3779b9},
	{Offset: 1, Binding: (&page.Filter{Status: "Succeeded", NamePrefix: "run 1*~"}).Binding("myflow"), Data: 7},
	{Offset: 960, Binding: (&page.Filter{Status: "Running"}).Binding("order_pipeline"), Data: 1},
	{},
	{Offset: ^uint32(0), Binding: ^uint64(0), Data: ^uint32(0)},
}

// FuzzDecode checks that Decode succeeds only for tokens the codec minted: whatever s is,
// when Decode(s) returns a token, Encode of that token is s again, byte for byte, so no
// other spelling of a minted token (another base64 padding, a changed bit, extra bytes)
// is accepted. A refused s gives ErrForged and the zero Token.
//
// Regression inputs in testdata/fuzz/FuzzDecode, both accepted by Decode until it
// compared s with the one spelling it mints (commit d2aa14e):
//   - padding-bits-non-canonical: a minted token whose last character was changed in the
//     two low bits that base64 leaves unused (the 29-byte token is 232 bits in 39 six-bit
//     characters). base64.RawURLEncoding is not Strict, so four spellings decoded to the
//     same token.
//   - line-break-drops-last-byte: a minted token (seed 0, Offset 6540) whose last byte is
//     0, with a line break put in and its last character dropped. base64 skips CR and LF
//     (even when Strict), so 38 characters decoded into 28 of the 29 bytes and the zero
//     byte left in the buffer matched.
func FuzzDecode(f *testing.F) {
	c := page.NewCodec(fuzzSeed)
	for _, tok := range realTokens {
		s := c.Encode(tok)
		f.Add(s)
		f.Add(s[:len(s)-1])                                       // truncated
		f.Add(s + "A")                                            // one character too many
		f.Add(s + "==")                                           // padded base64
		f.Add(strings.ToUpper(s))                                 // case folded
		f.Add(page.NewCodec(42).Encode(tok))                      // another mock's token
		f.Add(s[:10] + "\n" + s[10:len(s)-1])                     // a line break, which base64 skips
		f.Add(strings.NewReplacer("-", "+", "_", "/").Replace(s)) // standard alphabet
	}
	f.Add("")
	f.Add("not-a-token")
	f.Add("exec2") // the NextToken of the canned response in wire-protocol.md §1.4
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := c.Decode(s)
		if err != nil {
			if !errors.Is(err, page.ErrForged) {
				t.Fatalf("Decode(%q) err = %v, want ErrForged", s, err)
			}
			if tok != (page.Token{}) {
				t.Fatalf("Decode(%q) = %+v with its error, want the zero Token", s, tok)
			}
			return
		}
		if again := c.Encode(tok); again != s {
			t.Fatalf("Decode(%q) = %+v, a token the codec did not mint: it mints %q for it", s, tok, again)
		}
	})
}

// FuzzEncodeDecode checks the codec on arbitrary tokens and keys: Decode(Encode(t)) is t;
// the same seed mints the same string, of 39 URL-safe characters; a token minted with
// another seed never decodes; and changing any one character of a token makes it refused.
// testdata/fuzz/FuzzEncodeDecode/last-character-low-bits is the change of a last character
// within its unused bits, which Decode accepted before d2aa14e.
func FuzzEncodeDecode(f *testing.F) {
	for i, tok := range realTokens {
		f.Add(tok.Offset, tok.Binding, tok.Data, uint64(0), uint64(42), byte(i))
		f.Add(tok.Offset, tok.Binding, tok.Data, uint64(42), uint64(43), byte(i*7))
	}
	f.Add(uint32(0), uint64(0), uint32(0), ^uint64(0), uint64(0), byte(0xff))
	f.Fuzz(func(t *testing.T, offset uint32, binding uint64, data uint32, seed, other uint64, change byte) {
		want := page.Token{Offset: offset, Binding: binding, Data: data}
		c := page.NewCodec(seed)
		s := c.Encode(want)
		got, err := c.Decode(s)
		if err != nil || got != want {
			t.Fatalf("Decode(Encode(%+v)) = %+v, %v", want, got, err)
		}
		if again := page.NewCodec(seed).Encode(want); again != s {
			t.Fatalf("seed %d minted %q, then %q", seed, s, again)
		}
		if len(s) != 39 || strings.Trim(s, tokenChars) != "" {
			t.Fatalf("Encode(%+v) = %q, want 39 characters of %s", want, s, tokenChars)
		}
		if other != seed {
			if tok, err := page.NewCodec(other).Decode(s); !errors.Is(err, page.ErrForged) {
				t.Fatalf("a token of seed %d decoded with seed %d: %+v, %v", seed, other, tok, err)
			}
		}
		// Change one character into another one of the alphabet.
		i := int(change) % len(s)
		j := strings.IndexByte(tokenChars, s[i])
		changed := s[:i] + string(tokenChars[(j+1+int(change)/len(s))%len(tokenChars)]) + s[i+1:]
		if changed == s {
			return
		}
		if tok, err := c.Decode(changed); !errors.Is(err, page.ErrForged) {
			t.Fatalf("token %q with character %d changed (%q) decoded: %+v, %v", s, i, changed, tok, err)
		}
	})
}
