package emulator

import (
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
	"strconv"
	"sync/atomic"
)

// Hash is a deterministic 64-bit hash of the seed and parts.
func (e *Emulator) Hash(parts ...string) uint64 {
	h := fnv.New64a()
	var seed [8]byte
	binary.LittleEndian.PutUint64(seed[:], e.cfg.Seed)
	h.Write(seed[:])
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// Mint is a name minted from the seed and parts: 32 hex digits, deterministic.
func (e *Emulator) Mint(parts ...string) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], e.Hash(parts...))
	binary.BigEndian.PutUint64(b[8:], Mix(e.Hash(append(parts, "2")...), 1))
	return hex.EncodeToString(b[:])
}

// Mix is splitmix64 over a and n.
func Mix(a, n uint64) uint64 {
	z := a + n*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// tokens mints the task tokens of an execution: deterministic per seed and execution.
func (e *Emulator) tokens(session, flow, exec string) func() string {
	var n atomic.Int64 // parallel branches mint at once
	return func() string {
		return e.Mint("token", session, flow, exec, strconv.FormatInt(n.Add(1), 10))
	}
}

// random is the random source of an execution's built-in functions (uuid, randomInt):
// deterministic per seed and execution.
func (e *Emulator) random(session, flow, exec string) func() uint64 {
	var n atomic.Int64 // parallel branches draw at once
	return func() uint64 {
		return e.Hash("random", session, flow, exec, strconv.FormatInt(n.Add(1), 10))
	}
}
