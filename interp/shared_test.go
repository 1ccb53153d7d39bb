package interp_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/interp"
)

// fixedClock is a clock that always reads t.
type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func (fixedClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// TestSharedDefinition runs one parsed definition many times at once, each execution on
// its own clock and random source: the compiled expressions are shared, but now(), uuid()
// and randomInt() read the execution's own, and draw in the same order on every run.
func TestSharedDefinition(t *testing.T) {
	def := parse(t, machine("P", `
  - Type: Pass
    Name: P
    OutputConstructor:
      year.$: now().Year()
      id.$: uuid()
      n.$: randomInt(0, 1000000)
      more:
        id.$: uuid()
        n.$: randomInt(0, 1000000)
    End: true
`))
	random := func(seed uint64) func() uint64 {
		var mu sync.Mutex
		n := seed
		return func() uint64 {
			mu.Lock()
			defer mu.Unlock()
			n = n*6364136223846793005 + 1442695040888963407
			return n
		}
	}
	run := func(year int, seed uint64) string {
		p := interp.Params{Flow: "f", Name: "e", Definition: def, Clock: fixedClock{time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)},
			Random: random(seed)}
		return outcome(interp.Run(context.Background(), p))
	}
	tests := []struct {
		name string
		year int
		seed uint64
	}{{"first", 2001, 1}, {"second", 2002, 2}, {"third", 2003, 3}}
	want := make([]string, len(tests))
	for i, tt := range tests {
		want[i] = run(tt.year, tt.seed)
	}
	for i := range tests {
		for j := range i {
			if want[i] == want[j] {
				t.Fatalf("executions %s and %s with other clocks and seeds got the same %s", tests[i].name, tests[j].name, want[i])
			}
		}
	}
	var wg sync.WaitGroup
	got := make([][]string, len(tests))
	for i, tt := range tests {
		got[i] = make([]string, 20)
		for k := range got[i] {
			wg.Go(func() { got[i][k] = run(tt.year, tt.seed) })
		}
	}
	wg.Wait()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, g := range got[i] {
				if g != want[i] {
					t.Errorf("run %d at once with others: got %s, want %s", k, g, want[i])
				}
			}
		})
	}
}

// TestSeededRandom: without Params.Random the random functions draw from a source seeded
// by the flow and execution names, so a run replays and another execution draws others.
func TestSeededRandom(t *testing.T) {
	def := parse(t, machine("P", `
  - Type: Pass
    Name: P
    OutputConstructor:
      id.$: uuid()
      n.$: randomInt(0, 1000000)
    End: true
`))
	run := func(name string) string {
		return outcome(interp.Run(context.Background(), interp.Params{Flow: "f", Name: name, Definition: def, Clock: fixedClock{epoch}}))
	}
	first, again, other := run("e1"), run("e1"), run("e2")
	if first != again {
		t.Errorf("same names: got %s then %s", first, again)
	}
	if first == other {
		t.Errorf("other execution name: got the same %s", first)
	}
}
