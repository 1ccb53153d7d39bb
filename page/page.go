// Package page pages a flow's executions the way CloudFlow does: filters first, then a
// stable order (the data source's), then pages of Limit items chained by opaque NextTokens.
//
// A token is minted and checked by a Codec. It carries the position in the filtered list and
// is bound to the flow and the filters (not to Limit: a client may change the page size
// between pages) and to the exact data it was cut from, and it is authenticated with a key, so
// the mock can tell a forged, foreign or stale token from a good one.
package page

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash"
	"hash/fnv"
	"strings"
	"sync"
	"time"
)

// Filter selects executions. The zero Filter selects every execution.
type Filter struct {
	Status     string    // exact status, "" for any
	Begin, End time.Time // inclusive StartedTime bounds; zero for none
	NamePrefix string    // "" for any
}

// Match reports whether an execution with this status, start time and name passes f. It
// compares times at the precision the API shows them (milliseconds), so an execution whose
// StartedTime equals Begin or End as the API shows it passes.
func (f *Filter) Match(status string, started time.Time, name string) bool {
	if f.Status != "" && status != f.Status {
		return false
	}
	started = started.Truncate(time.Millisecond)
	if !f.Begin.IsZero() && started.Before(f.Begin) {
		return false
	}
	if !f.End.IsZero() && started.After(f.End) {
		return false
	}
	return strings.HasPrefix(name, f.NamePrefix)
}

// Binding returns a digest of the flow and the filter: what a token is bound to.
func (f *Filter) Binding(flow string) uint64 {
	h := fnv.New64a()
	var buf [8]byte
	write := func(s string) {
		binary.BigEndian.PutUint64(buf[:], uint64(len(s)))
		h.Write(buf[:])
		h.Write([]byte(s))
	}
	write(flow)
	write(f.Status)
	write(timeKey(f.Begin))
	write(timeKey(f.End))
	write(f.NamePrefix)
	return h.Sum64()
}

func timeKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Token is what a NextToken says: where the next page starts, for which flow and filters, in
// which data.
type Token struct {
	Offset  uint32 // index of the next item in the filtered list
	Binding uint64 // Filter.Binding of the request that minted it
	Data    uint32 // low bits of the data digest the list was cut from
}

// Errors Codec.Decode returns; the server turns them into InvalidArgument messages.
var (
	ErrForged = errors.New("page: token was not issued by this mock")
)

const tokenLen = 1 + 4 + 8 + 4 + 12 // version, offset, binding, data, mac

// Codec mints and verifies tokens with a key. It is safe for concurrent use.
type Codec struct {
	macs sync.Pool // hash.Hash: HMAC-SHA256 keyed with key
	key  [32]byte
}

// NewCodec returns a Codec keyed by seed, so the same seed mints the same tokens.
func NewCodec(seed uint64) *Codec {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seed)
	h := sha256.Sum256(append([]byte("flowmock page token key v1:"), b[:]...))
	return &Codec{key: h}
}

// Encode returns t as an opaque URL-safe string.
func (c *Codec) Encode(t Token) string {
	var raw [tokenLen]byte
	raw[0] = 1
	binary.BigEndian.PutUint32(raw[1:], t.Offset)
	binary.BigEndian.PutUint64(raw[5:], t.Binding)
	binary.BigEndian.PutUint32(raw[13:], t.Data)
	mac := c.mac(raw[:17])
	copy(raw[17:], mac[:12])
	return base64.RawURLEncoding.EncodeToString(raw[:])
}

// Decode verifies s and returns its token, or ErrForged.
func (c *Codec) Decode(s string) (Token, error) {
	var raw [tokenLen]byte
	if base64.RawURLEncoding.DecodedLen(len(s)) != tokenLen {
		return Token{}, ErrForged
	}
	if _, err := base64.RawURLEncoding.Decode(raw[:], []byte(s)); err != nil || raw[0] != 1 {
		return Token{}, ErrForged
	}
	// The decoder skips line breaks and ignores unused low bits: only the one spelling the
	// codec mints is a token.
	if base64.RawURLEncoding.EncodeToString(raw[:]) != s {
		return Token{}, ErrForged
	}
	mac := c.mac(raw[:17])
	if !hmac.Equal(mac[:12], raw[17:]) {
		return Token{}, ErrForged
	}
	return Token{
		Offset:  binary.BigEndian.Uint32(raw[1:]),
		Binding: binary.BigEndian.Uint64(raw[5:]),
		Data:    binary.BigEndian.Uint32(raw[13:]),
	}, nil
}

// mac is the HMAC-SHA256 of b. The keyed hashes are pooled: building one costs more than
// the hashing of a token.
func (c *Codec) mac(b []byte) [sha256.Size]byte {
	m, ok := c.macs.Get().(hash.Hash)
	if !ok {
		m = hmac.New(sha256.New, c.key[:])
	}
	m.Reset()
	m.Write(b)
	var out [sha256.Size]byte
	m.Sum(out[:0])
	c.macs.Put(m)
	return out
}
