// Command fixturejson prints the executions of the embedded fixture flows as JSON, for the Node
// conformance test, which cannot read the fixtures package:
//
//	go run ./internal/fixturejson demo_flow [flow ...]
//
// The output is {"FLOW": [execution, ...], ...}, each flow's executions in the order the
// service lists them and each execution exactly as the mock serves it.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mock"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "fixturejson:", err)
		os.Exit(1)
	}
}

func run(flows []string) error {
	if len(flows) == 0 {
		return fmt.Errorf("usage: fixturejson FLOW [FLOW ...]")
	}
	set, err := fixtures.Default()
	if err != nil {
		return fmt.Errorf("load fixtures: %w", err)
	}
	out := map[string][]json.RawMessage{}
	for _, name := range flows {
		fl, err := set.Flow(mock.DefaultSession, name)
		if err != nil {
			return fmt.Errorf("flow %s: %w", name, err)
		}
		execs := make([]json.RawMessage, 0, len(fl.Executions))
		for _, e := range fl.Executions {
			execs = append(execs, json.RawMessage(e.Full))
		}
		out[name] = execs
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
