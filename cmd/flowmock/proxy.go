package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/flowmock/flowmock/setup"
)

// proxyCmd is `flowmock proxy`: serve, but forward every validated call to --upstream and
// check its answers against the contract.
func proxyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := DefaultConfig()
	var up upstreamFlags
	fs := flag.NewFlagSet("flowmock proxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.flags(fs)
	up.flags(fs, "upstream", "`URL` of the service to forward to, e.g. https://cn-hangzhou.fnf.aliyuncs.com (required)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: flowmock proxy --upstream URL [flags]\n\nA validating proxy: every API call is validated against the contract as serve does, then\nforwarded to the upstream, re-signed with the upstream's credentials; the answer is checked\nagainst the contract (GET /_mock/violations, the log, the metrics, --report) and returned\nunchanged. Scenarios and X-Mock-Error / Prefer still answer in front of the upstream.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("proxy takes no arguments, got %q", fs.Args())
	}
	u, err := up.build("upstream")
	if err != nil {
		return err
	}
	cfg.Upstream = u
	started := time.Now()
	cfg.atExit = func(b *setup.Built) error {
		rep := violationsReport(b.Server.Violations(), up.cfg.URL, started)
		fmt.Fprintln(stdout, "flowmock proxy:", totals(rep))
		return up.write(rep)
	}
	fmt.Fprintf(stderr, "flowmock proxy: forwarding to %s\n", u)
	return runServer(ctx, cfg, stdout, stderr)
}
