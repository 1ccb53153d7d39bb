//go:build race

package mock

// raceEnabled: the race detector slows encoding several times; timed bounds allow for it.
const raceEnabled = true
