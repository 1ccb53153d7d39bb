package emulator

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"sync/atomic"
)

// Hash is a deterministic 64-bit hash of the seed and parts: FNV-1a over the seed's eight
// little-endian bytes, then each part followed by a zero byte.
func (e *Emulator) Hash(parts ...string) uint64 {
	h := e.seeded()
	for _, p := range parts {
		h = fnvPart(h, p)
	}
	return h
}

// FNV-1a, 64 bits (hash/fnv's, written out: no allocation per part).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// seeded is the hash state after the seed.
func (e *Emulator) seeded() uint64 {
	h := uint64(fnvOffset)
	for i := range 8 {
		h = (h ^ (e.cfg.Seed >> (8 * i) & 0xff)) * fnvPrime
	}
	return h
}

// fnvPart adds p and a zero byte to the hash state h.
func fnvPart(h uint64, p string) uint64 {
	for i := 0; i < len(p); i++ {
		h = (h ^ uint64(p[i])) * fnvPrime
	}
	return h * fnvPrime // the zero byte: h ^ 0 = h
}

// Mint is a name minted from the seed and parts: 32 hex digits, deterministic.
func (e *Emulator) Mint(parts ...string) string {
	h := e.Hash(parts...)
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], h)
	binary.BigEndian.PutUint64(b[8:], Mix(fnvPart(h, "2"), 1)) // Hash(parts..., "2")
	var out [32]byte
	hex.Encode(out[:], b[:])
	return string(out[:])
}

// Mix is splitmix64 over a and n.
func Mix(a, n uint64) uint64 {
	z := a + n*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// minter mints the task tokens and the random draws (uuid, randomInt) of one execution:
// deterministic per seed and execution. One value serves both (fewer allocations per start).
type minter struct {
	e                   *Emulator
	session, flow, exec string
	tokens, draws       atomic.Int64 // parallel branches mint and draw at once
}

// token is the execution's next task token.
func (m *minter) token() string {
	return m.e.Mint("token", m.session, m.flow, m.exec, strconv.FormatInt(m.tokens.Add(1), 10))
}

// draw is the execution's next random draw.
func (m *minter) draw() uint64 {
	return m.e.Hash("random", m.session, m.flow, m.exec, strconv.FormatInt(m.draws.Add(1), 10))
}
