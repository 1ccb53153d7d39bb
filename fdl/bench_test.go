package fdl_test

import (
	"testing"

	"github.com/flowmock/flowmock/fdl"
)

// BenchmarkParseSmall parses and checks the one-state definition of package mock's
// BenchmarkCreateDescribeFlow.
func BenchmarkParseSmall(b *testing.B) {
	const text = "Type: StateMachine\nSpecVersion: v1\nName: bench_1\nStartAt: Greet\nStates:\n  - Type: Pass\n    Name: Greet\n    End: true\n"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fdl.Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}
