package interp_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/interp"
)

// BenchmarkDistributedMap runs a distributed Map of 10,000 items (one child execution
// each), all at once and 100 at once, on a scale-0 session clock.
func BenchmarkDistributedMap(b *testing.B) {
	input := `{"items":[` + strings.TrimSuffix(strings.Repeat(`{},`, 10000), ",") + `]}`
	for _, limit := range []int{0, 100} {
		b.Run(fmt.Sprintf("10000 items by %d", limit), func(b *testing.B) {
			for b.Loop() {
				k := &keeper{}
				p := params(b, distFlow(limit, ""), input, nil)
				p.Clock, p.MapRuns = sessionClock(b, 0), k
				if s := interp.Run(context.Background(), p); s.Status != interp.Succeeded {
					b.Fatalf("the execution ended %s", outcome(s))
				}
			}
		})
	}
}
