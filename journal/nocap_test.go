package journal

import (
	"math"
	"testing"
)

// TestBodyWithNoValueCap: a value cap as large as an int can be (no cap, in effect) keeps a
// body whole, as it keeps every other value, instead of panicking on maxValue+1.
func TestBodyWithNoValueCap(t *testing.T) {
	j := New(10, 0, math.MaxInt)
	j.Share().Add(Record{RequestID: "r"}, nil, []byte(`{"a":`), []byte(`1}`))
	got, _ := j.List(Filter{})
	if len(got) != 1 || got[0].Response != `{"a":1}` {
		t.Fatalf("records %+v, want one with the whole body", got)
	}
}
