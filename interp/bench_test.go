package interp_test

import (
	"context"
	"encoding/json"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/flowmock/flowmock/interp"
)

// zeroClock is a clock where no time passes at all.
type zeroClock struct{}

func (zeroClock) Now() time.Time { return epoch }

func (zeroClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// instant is a Tasks that returns a fixed result at once.
type instant struct{}

func (instant) Invoke(context.Context, interp.Invocation) (json.RawMessage, error) {
	return json.RawMessage(`{"status":"ready","n":1}`), nil
}

// tenStatesFile is the 10-state flow of the benchmarks, shared with package mock's.
const tenStatesFile = "testdata/bench/ten.yaml"

const threeStates = `
  - {Type: Pass, Name: A, Next: B}
  - {Type: Task, Name: B, Action: "FC:InvokeFunction", Next: C}
  - {Type: Succeed, Name: C}
`

// benchParams are the parameters of a benchmark execution of a definition.
func benchParams(b *testing.B, def string) interp.Params {
	return interp.Params{Flow: "f", Name: "e", Definition: parse(b, def),
		Input: `{"orderId":"o-1","amount":12.5}`, Clock: zeroClock{}, Tasks: instant{}}
}

// tenStates is the text of the 10-state flow.
func tenStates(b *testing.B) string {
	data, err := os.ReadFile(tenStatesFile)
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// BenchmarkTenStates runs a 10-state flow (5 tasks, constructors, a choice, a wait) from
// Start to Succeeded.
func BenchmarkTenStates(b *testing.B) {
	p := benchParams(b, tenStates(b))
	b.ReportAllocs()
	for b.Loop() {
		if s := interp.Run(context.Background(), p); s.Status != interp.Succeeded {
			b.Fatalf("status %s: %s", s.Status, s.Cause)
		}
	}
}

// BenchmarkThreeStates reports executions per second of a 3-state flow, one at a time and
// from every CPU at once.
func BenchmarkThreeStates(b *testing.B) {
	p := benchParams(b, machine("A", threeStates))
	b.Run("Serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			interp.Run(context.Background(), p)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "executions/s")
	})
	b.Run("Parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				interp.Run(context.Background(), p)
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "executions/s")
	})
}

// mapParallelStates are a Map of 8 items, 4 at once, then a Parallel of 2 branches: the
// scopes that run inside a state.
const mapParallelStates = `
  - Type: Map
    Name: M
    ItemsPath: $Input.items
    MaxConcurrency: 4
    Processor:
      StartAt: P
      States:
        - {Type: Pass, Name: P, End: true}
    Next: Par
  - Type: Parallel
    Name: Par
    Branches:
      - {StartAt: A, States: [{Type: Pass, Name: A, End: true}]}
      - {StartAt: B, States: [{Type: Pass, Name: B, End: true}]}
    End: true
`

// BenchmarkMapParallel runs a Map and a Parallel state from Start to Succeeded.
func BenchmarkMapParallel(b *testing.B) {
	p := benchParams(b, machine("M", mapParallelStates))
	p.Input = `{"items":[{"a":1},{"a":2},{"a":3},{"a":4},{"a":5},{"a":6},{"a":7},{"a":8}]}`
	b.ReportAllocs()
	for b.Loop() {
		if s := interp.Run(context.Background(), p); s.Status != interp.Succeeded {
			b.Fatalf("status %s: %s", s.Status, s.Cause)
		}
	}
}

// BenchmarkRetained runs the 3-state and 10-state flows and reports the heap a finished
// execution keeps (its snapshot and history), measured over 1000 of them kept alive.
func BenchmarkRetained(b *testing.B) {
	for _, c := range []struct{ name, def string }{{"ThreeStates", machine("A", threeStates)}, {"TenStates", tenStates(b)}} {
		b.Run(c.name, func(b *testing.B) {
			p := benchParams(b, c.def)
			for b.Loop() {
				interp.Run(context.Background(), p)
			}
			b.ReportMetric(retained(p, 1000), "B/execution")
		})
	}
}

// retained is the heap each of n finished executions of p keeps, on average.
func retained(p interp.Params, n int) float64 {
	kept := make([]*interp.Execution, n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range kept {
		kept[i] = interp.Start(context.Background(), p)
		<-kept[i].Done()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
}
