package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/record"
	"github.com/flowmock/flowmock/setup"
)

const proxyAbout = `A validating proxy: every API call is validated against the contract as serve does, then
forwarded to the upstream, re-signed with the upstream's credentials; the answer is checked
against the contract (GET /_mock/violations, the log, the metrics, --report) and returned
unchanged. Scenarios and X-Mock-Error / Prefer still answer in front of the upstream.`

// proxyCmd is `flowmock proxy`: serve, but forward every validated call to --upstream and
// check its answers against the contract.
func proxyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runProxy(ctx, "proxy", args, stdout, stderr)
}

// recordCmd is `flowmock record`: the proxy that also writes what it saw as fixtures.
func recordCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runProxy(ctx, "record", args, stdout, stderr)
}

func runProxy(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	cfg := DefaultConfig()
	var up upstreamFlags
	var out string
	fs := flag.NewFlagSet("flowmock "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.flags(fs)
	up.flags(fs, "upstream", "`URL` of the service to forward to, e.g. https://cn-hangzhou.fnf.aliyuncs.com (required)")
	usage := "Usage: flowmock proxy --upstream URL [flags]\n\n" + proxyAbout
	if name == "record" {
		fs.StringVar(&out, "out", "", "`dir`ectory the recording is written to at exit, as fixtures `serve --fixtures DIR` serves (required; replaced as a whole)")
		usage = "Usage: flowmock record --upstream URL --out DIR [flags]\n\n" + proxyAbout + "\n\nAt exit, the flows and the executions of complete ListExecutions walks seen are written\nto --out as fixture files, account identifiers replaced (see README)."
	}
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), usage+"\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s takes no arguments, got %q", name, fs.Args())
	}
	if err := applyEnv(fs, os.LookupEnv); err != nil {
		return err
	}
	if name == "record" && out == "" {
		return fmt.Errorf("--out is required: the directory the recording is written to")
	}
	u, err := up.build("upstream")
	if err != nil {
		return err
	}
	var upstream mock.Upstream = u
	var rec *record.Recorder
	if name == "record" {
		rec = record.New(u)
		upstream = rec
	}
	cfg.Upstream = upstream
	started := time.Now()
	cfg.atExit = func(b *setup.Built) error {
		rep := violationsReport(b.Server.Violations(), up.cfg.URL, started)
		fmt.Fprintf(stdout, "flowmock %s: %s\n", name, totals(rep))
		if err := up.write(rep); err != nil {
			return err
		}
		if rec == nil {
			return nil
		}
		sum, err := rec.WriteDir(out, fmt.Sprintf("Recorded by flowmock record from %s.\nAccount ids and RAM role names are replaced (see README); edit by hand if you like.", up.cfg.URL))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "flowmock record: wrote %d flows, %d executions to %s (%d identifiers redacted)\n", sum.Flows, sum.Executions, out, sum.Redacted)
		if len(sum.Skipped) > 0 {
			fmt.Fprintf(stdout, "flowmock record: not written, no complete ListExecutions walk seen: %v\n", sum.Skipped)
		}
		return nil
	}
	fmt.Fprintf(stderr, "flowmock %s: forwarding to %s\n", name, u)
	return runServer(ctx, cfg, stdout, stderr)
}
