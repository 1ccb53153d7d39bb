// Command fixturejson prints what the Go module embeds as JSON, for the Node conformance test,
// which cannot read Go packages:
//
//	go run ./internal/fixturejson demo_flow [flow ...]
//	go run ./internal/fixturejson -catalogue
//
// With flows, the output is {"FLOW": [execution, ...], ...}, each flow's executions in the
// order the service lists them and each execution exactly as the mock serves it. With
// -catalogue, it is the contract's error catalogue (contract.Load().Catalogue(), which the Go suite
// reads): [{"code": CODE, "status": STATUS}, ...], ordered by status then code.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mock"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "fixturejson:", err)
		os.Exit(1)
	}
}

const usage = "usage: fixturejson FLOW [FLOW ...] | fixturejson -catalogue"

func run(args []string) error {
	fs := flag.NewFlagSet("fixturejson", flag.ContinueOnError)
	catalogue := fs.Bool("catalogue", false, "print the contract's error catalogue instead of fixture executions")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w; %s", err, usage)
	}
	var out any
	var err error
	switch {
	case *catalogue && fs.NArg() == 0:
		out, err = catalogueJSON()
	case !*catalogue && fs.NArg() > 0:
		out, err = executionsJSON(fs.Args())
	default:
		return fmt.Errorf("%s", usage)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

type documentedError struct {
	Code   string `json:"code"`
	Status int    `json:"status"`
}

func catalogueJSON() ([]documentedError, error) {
	con, err := contract.Load()
	if err != nil {
		return nil, err
	}
	var out []documentedError
	a, _ := con.Action("ListExecutions")
	for _, e := range a.Errors.Entries() {
		out = append(out, documentedError{Code: string(e.Code), Status: e.Status})
	}
	return out, nil
}

func executionsJSON(flows []string) (map[string][]json.RawMessage, error) {
	set, err := fixtures.Default()
	if err != nil {
		return nil, fmt.Errorf("load fixtures: %w", err)
	}
	out := map[string][]json.RawMessage{}
	for _, name := range flows {
		fl, err := set.Flow(mock.DefaultSession, name)
		if err != nil {
			return nil, fmt.Errorf("flow %s: %w", name, err)
		}
		execs := make([]json.RawMessage, 0, len(fl.Executions))
		for _, e := range fl.Executions {
			execs = append(execs, json.RawMessage(e.Full))
		}
		out[name] = execs
	}
	return out, nil
}
