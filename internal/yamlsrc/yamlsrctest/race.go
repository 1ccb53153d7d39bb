//go:build race

package yamlsrctest

const raceEnabled = true
