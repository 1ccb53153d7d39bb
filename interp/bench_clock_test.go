package interp_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/interp"
)

// BenchmarkSessionClock runs flows on a session clock at scale 0 (package clock, the
// mock's): the ten-state flow with its Wait, and a Map of 100 items that each wait, ten at
// once, from every CPU at once on one session clock.
func BenchmarkSessionClock(b *testing.B) {
	clk, err := clock.New(epoch, 0, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("TenStates", func(b *testing.B) {
		p := benchParams(b, tenStates(b))
		p.Clock = clk
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if s := interp.Run(context.Background(), p); s.Status != interp.Succeeded {
					b.Errorf("status %s: %s", s.Status, s.Cause)
				}
			}
		})
	})
	b.Run("Map100", func(b *testing.B) {
		items, _ := json.Marshal(map[string]any{"items": make([]int, 100)})
		p := interp.Params{Flow: "f", Name: "e", Definition: parse(b, machine("Each", mapWaitStates)),
			Input: string(items), Clock: clk, Tasks: instant{}}
		b.ReportAllocs()
		for b.Loop() {
			if s := interp.Run(context.Background(), p); s.Status != interp.Succeeded {
				b.Fatalf("status %s: %s", s.Status, s.Cause)
			}
		}
	})
}

const mapWaitStates = `
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    MaxConcurrency: 10
    ItemConstructor:
      n.$: $Item
    Processor:
      StartAt: W
      States:
        - {Type: Wait, Name: W, Seconds: 30, End: true}
    End: true
`
