package proc

import (
	"os"
	"testing"
	"time"
)

func TestParseStat(t *testing.T) {
	tests := []struct {
		name, line string
		want       time.Duration
	}{
		{"plain", "42 (flowmock) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 8 0 1 1 1", 3 * time.Second},
		{"name with spaces and parentheses", "42 (a) b (c) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 8 0 1 1 1", 100 * time.Millisecond},
		{"no closing parenthesis", "42 (flowmock S 1", -1},
		{"too few fields", "42 (flowmock) S 1 42", -1},
		{"not a number", "42 (flowmock) S 1 42 42 0 -1 4194560 100 0 0 0 x 50 0", -1},
		{"negative", "42 (flowmock) S 1 42 42 0 -1 4194560 100 0 0 0 -5 50 0", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseStat([]byte(tt.line)); got != tt.want {
				t.Errorf("parseStat = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCPUTimeOfItself: this process has used some CPU time, and a process that does not
// exist has none to read.
func TestCPUTimeOfItself(t *testing.T) {
	for start := time.Now(); time.Since(start) < 30*time.Millisecond; { // spend at least a tick
	}
	if got := CPUTime(os.Getpid()); got <= 0 {
		t.Errorf("CPUTime(self) = %v, want > 0", got)
	}
	if got := CPUTime(-1); got != -1 {
		t.Errorf("CPUTime(-1) = %v, want -1", got)
	}
}
