package scenarios

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sync"
)

// State is one session's state of the scenarios of an engine: counters, token buckets and
// random sources. The compiled scenarios stay in the Engine, immutable and shared; their
// per-session state lives here, owned by whoever owns the session. The zero State is ready;
// it starts over when used with another engine (a reload) or Reset.
type State struct {
	mu   sync.Mutex
	eng  *Engine
	runs map[string]*run // by scenario name
}

// Reset puts the state back to its start: the next requests replay the session's first ones.
func (st *State) Reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.eng, st.runs = nil, nil
}

// Len returns how many scenarios have state (for tests).
func (st *State) Len() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.runs)
}

// DecideIn returns how to answer req under the named scenario, and advances the session's
// state st for it. A scenario the engine does not hold is an error wrapping
// ErrUnknownScenario. When no rule fires, the Decision is zero apart from rate-limit headers:
// serve normally. req.Session seeds the random sources st starts with (see Engine); which
// session the state is, is up to the caller: one State per session.
func (e *Engine) DecideIn(st *State, scenario string, req Request) (Decision, error) {
	p := e.programs[scenario]
	if p == nil {
		return Decision{}, fmt.Errorf("%w %q", ErrUnknownScenario, scenario)
	}
	id := req.Session
	if id == "" {
		id = DefaultSession
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.eng != e {
		st.eng, st.runs = e, make(map[string]*run)
	}
	return e.decide(p, e.run(st.runs, id, scenario, p), &req), nil
}

// run returns the state of scenario in runs, made on first use with its random source seeded
// from the engine's seed, the session and the scenario.
func (e *Engine) run(runs map[string]*run, id, scenario string, p *program) *run {
	r := runs[scenario]
	if r == nil {
		h := fnv.New64a()
		h.Write([]byte(id))
		h.Write([]byte{0})
		h.Write([]byte(scenario))
		r = &run{rnd: rand.New(rand.NewPCG(e.seed, h.Sum64())), rules: make([]ruleState, len(p.rules))}
		runs[scenario] = r
	}
	return r
}
