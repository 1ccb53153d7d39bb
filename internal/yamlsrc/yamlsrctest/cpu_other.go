//go:build !unix

package yamlsrctest

import "time"

var start = time.Now()

// cpuTime returns the time since the process started: elsewhere than on Unix the tests
// bound wall time.
func cpuTime() time.Duration { return time.Since(start) }
