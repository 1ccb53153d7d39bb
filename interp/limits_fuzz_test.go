package interp

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// maxEvalAlloc is the most one evaluation may allocate: its budgets (bytes, and VM
// elements at up to 64 bytes each: a map literal is a Go map), times a generous factor
// for what the VM, the checks and the result's copy add.
const maxEvalAlloc = 8 * (MaxExprBytes + 64*MaxExprElements)

// maxEvalTime is the longest one evaluation may take: MaxExprTime is checked every 1,024
// steps, and a fuzzing machine is busy.
const maxEvalTime = 5 * MaxExprTime

// FuzzExprBudget compiles a fuzzed expression and evaluates it on a fuzzed input, and
// checks that the evaluation stays within its budget: it allocates at most maxEvalAlloc
// bytes (runtime.MemStats.TotalAlloc around it) and ends within maxEvalTime, whatever it
// returns. Seeds are the expressions of the limit tests and a few ordinary ones.
func FuzzExprBudget(f *testing.F) {
	for _, src := range []string{
		`len(repeat(repeat("a", 999999), 1000000))`, `reduce($Input.a, reduce($Input.a, #acc + 1, 0) + #acc, 0)`,
		`reduce(1..1000000, #acc + #, 0)`, `len(reduce(1..40, #acc + #acc, "a"))`, `reduce(1..60, [#acc, #acc], [1])`,
		`len(replace(repeat("a", 100000), "a", repeat("b", 100000)))`, `len(join(map(1..2000, repeat("x", 1000))))`,
		`let a = reduce(1..60, [#acc, #acc], [1]); a == a`, `toJSON(reduce(1..30, [#acc], []))`, `max(flatten($Input.a))`,
		`map(1..50000, {"a": #})`, `groupBy(1..90000, # % 7)`, `sortBy(1..90000, -#)`, `split(repeat("a,", 100000), ",")`,
		`$Input.s matches $Input.re`, `fromJSON(toJSON($Input))`, `$Input.status == "ready"`, `upper($Input.s) + lower($Input.s)`,
		`keys($Input)`, `toBase64(repeat($Input.s, 1000))`, `string(map(1..1000, [#]))`, `concat($Input.a, $Input.a)`,
	} {
		f.Add(src, `{"a":[1,2,3],"s":"xyz","re":"^x","status":"ready"}`)
	}
	f.Fuzz(func(t *testing.T, src, input string) {
		in, err := decodeObject([]byte(input))
		if err != nil || len(input) > 64<<10 {
			return
		}
		ps := newPrograms()
		ev := evaluator{ps: ps, clock: zeroClock{}, random: source(func() uint64 { return 0 })}
		if ps.compile(newPlain, src) != nil {
			return
		}
		env := map[string]any{"$Input": in, "$Context": map[string]any{"Current": map[string]any{"Input": in}}, "$Global": map[string]any{}}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, err = ev.eval(newPlain, src, fixedVars(env), "S")
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > maxEvalAlloc {
			t.Fatalf("%q on %q allocated %d bytes, more than %d (err %v)", src, input, n, maxEvalAlloc, err)
		}
		if took > maxEvalTime {
			t.Fatalf("%q on %q took %v, more than %v (err %v)", src, input, took, maxEvalTime, err)
		}
	})
}

// zeroClock is a Clock that stands still.
type zeroClock struct{}

func (zeroClock) Now() time.Time { return time.Unix(0, 0) }

func (zeroClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }
