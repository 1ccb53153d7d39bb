package emulator

import (
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
	"testing"
)

// fnvHash is Hash as it was first written, with hash/fnv: the minted names must not change.
func fnvHash(seed uint64, parts ...string) uint64 {
	h := fnv.New64a()
	var s [8]byte
	binary.LittleEndian.PutUint64(s[:], seed)
	h.Write(s[:])
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func fnvMint(seed uint64, parts ...string) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], fnvHash(seed, parts...))
	binary.BigEndian.PutUint64(b[8:], Mix(fnvHash(seed, append(parts, "2")...), 1))
	return hex.EncodeToString(b[:])
}

// TestHashAndMintUnchanged: Hash and Mint give what hash/fnv gave, for every seed and parts.
func TestHashAndMintUnchanged(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 0xdeadbeefcafebabe, ^uint64(0)} {
		for _, parts := range [][]string{nil, {""}, {"exec"}, {"token", "s", "flow", "e1", "1"}, {"a\x00b", "é", ""}} {
			e := &Emulator{cfg: Config{Seed: seed}}
			if got, want := e.Hash(parts...), fnvHash(seed, parts...); got != want {
				t.Errorf("seed %d, Hash(%q) = %x, want %x", seed, parts, got, want)
			}
			if got, want := e.Mint(parts...), fnvMint(seed, parts...); got != want {
				t.Errorf("seed %d, Mint(%q) = %s, want %s", seed, parts, got, want)
			}
		}
	}
}
