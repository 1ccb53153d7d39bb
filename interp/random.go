package interp

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sync"
)

// The random built-in functions draw from the execution's random source (Params.Random, or
// one seeded from the flow and execution names), which comes with the evaluation's budget.

// randomSource is the execution's random source, for fn.
func (b *budget) randomSource(fn string) (rand.Source, error) {
	if b.random == nil {
		return nil, &fnError{fn, "no random source outside an execution"}
	}
	return b.random, nil
}

// randomInt is an integer drawn from [min, max) of the execution's random source.
func randomInt(b *budget, args ...any) (any, error) {
	lo, hi, err := twoInts("randomInt", args, "min", "max")
	if err != nil {
		return nil, err
	}
	if lo >= hi {
		return nil, &fnError{"randomInt", fmt.Sprintf("min %d is not below max %d (the range is [min, max))", lo, hi)}
	}
	random, err := b.randomSource("randomInt")
	if err != nil {
		return nil, err
	}
	return lo + int(rand.New(random).Uint64N(uint64(hi-lo))), nil
}

// source adapts a random function to rand.Source.
type source func() uint64

func (s source) Uint64() uint64 { return s() }

// seededRandom is the random source of an execution without Params.Random: seeded from
// the flow and execution names, on first use, so that a run replays. It is safe for
// concurrent use.
type seededRandom struct {
	flow, name string

	mu     sync.Mutex
	seeded bool
	pcg    rand.PCG
}

// Uint64 draws the next number.
func (s *seededRandom) Uint64() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.seeded {
		h := fnv.New64a()
		h.Write([]byte(s.flow + "\x00" + s.name))
		s.pcg.Seed(h.Sum64(), 0x5eed)
		s.seeded = true
	}
	return s.pcg.Uint64()
}
