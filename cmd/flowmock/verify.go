package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/flowmock/flowmock/verify"
)

// verifyCmd is `flowmock verify`: a provider conformance run against --target.
func verifyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var up upstreamFlags
	cfg := verify.Config{Out: stdout}
	fs := flag.NewFlagSet("flowmock verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	up.flags(fs, "target", "`URL` of the service to check, e.g. https://cn-hangzhou.fnf.aliyuncs.com (required)")
	fs.BoolVar(&cfg.Write, "write", false, "also run the write life cycle (create, publish, alias, schedule, start, long poll, history, stop, delete) on a flow named PREFIX+time, deleted again even when a step fails")
	fs.StringVar(&cfg.Prefix, "prefix", "", "`prefix` of the flow --write creates (required with --write), e.g. "+verify.DefaultPrefix)
	fs.IntVar(&cfg.MaxFlows, "max-flows", 3, "how many listed flows the reads look into")
	fs.IntVar(&cfg.MaxPages, "max-pages", 3, "how many pages a paged read follows (2 items a page)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: flowmock verify --target URL [--write --prefix P] [flags]\n\nCalls the target's read actions (and with --write a full life cycle) and checks every answer\nagainst the contract. Exit status 2 on any violation, transport problem or failed step.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("verify takes no arguments, got %q", fs.Args())
	}
	if _, err := up.build("target"); err != nil {
		return err
	}
	cfg.Upstream = up.cfg
	rep, err := verify.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := up.write(rep); err != nil {
		return err
	}
	if v, t, e := rep.Totals(); v+t+e > 0 {
		return errors.New("verify: " + totals(rep))
	}
	return nil
}
