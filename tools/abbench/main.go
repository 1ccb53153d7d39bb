// Command abbench compares the CPU two server commands spend per answer, in alternating
// rounds, so that a machine whose speed drifts between runs still gives a fair comparison.
//
// Each round starts A and B in turn (B first in every other round), loads each with the same
// GET for a while, and reads the CPU time its process used from /proc; the measure is the
// server's CPU per answer, which moves less with the machine's load than requests per second.
// The report gives every round, each side's mean and median, and the mean of B − A over the
// rounds with a bootstrap 95 % interval (seeded: the same seed gives the same interval).
//
//	go run ./tools/abbench \
//	  -a 'bin/flowmock serve --addr 127.0.0.1:{port} --fixtures F --watch=false' \
//	  -b 'bin/flowmock serve --addr 127.0.0.1:{port} --fixtures F --watch=false --log-level warn' \
//	  -path '/?Action=ListExecutions&Version=2019-03-15&FlowName=myflow&Limit=60'
//
// A command is run by sh (`exec` is prepended, so the process measured is the server's own);
// {port} is replaced by a free port on 127.0.0.1. Linux only (/proc).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// config is what the flags set.
type config struct {
	a, b, path       string
	rounds, conns    int
	measure, warmup  time.Duration
	seed             uint64
	bootstrapSamples int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(mainExit(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// mainExit runs the command and returns its exit status.
func mainExit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parse(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "abbench:", err)
		}
		return 2
	}
	fmt.Fprintf(stdout, "abbench: %d rounds, %d connections, %v measured after %v, seed %d\nA: %s\nB: %s\n",
		cfg.rounds, cfg.conns, cfg.measure, cfg.warmup, cfg.seed, cfg.a, cfg.b)
	var as, bs []sample
	for r := range cfg.rounds {
		a, b, err := pair(ctx, cfg, r%2 == 1)
		if err != nil {
			fmt.Fprintln(stderr, "abbench:", err)
			return 1
		}
		as, bs = append(as, a), append(bs, b)
		fmt.Fprintf(stdout, "round %2d  A %7.0f req/s %6.1f µs/answer   B %7.0f req/s %6.1f µs/answer\n",
			r+1, a.rps, a.cpuPerAnswer, b.rps, b.cpuPerAnswer)
	}
	report(stdout, cfg, as, bs)
	return 0
}

// pair measures A and B once each, B first when bFirst.
func pair(ctx context.Context, cfg config, bFirst bool) (a, b sample, err error) {
	first, second := &a, &b
	cmds := [2]string{cfg.a, cfg.b}
	if bFirst {
		first, second = &b, &a
		cmds[0], cmds[1] = cmds[1], cmds[0]
	}
	if *first, err = measure(ctx, cfg, cmds[0]); err != nil {
		return a, b, err
	}
	*second, err = measure(ctx, cfg, cmds[1])
	return a, b, err
}

// parse reads the flags and checks them.
func parse(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("abbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.a, "a", "", "the first server `command`, with {port}")
	fs.StringVar(&cfg.b, "b", "", "the second server `command`, with {port}")
	fs.StringVar(&cfg.path, "path", "/", "the `path` and query every request GETs; a 200 counts as an answer")
	fs.IntVar(&cfg.rounds, "rounds", 10, "how many rounds (each measures A and B once)")
	fs.IntVar(&cfg.conns, "c", 16, "concurrent connections")
	fs.DurationVar(&cfg.measure, "d", 4*time.Second, "how long each side is measured in a round")
	fs.DurationVar(&cfg.warmup, "warmup", time.Second, "load before each measurement, not measured")
	fs.Uint64Var(&cfg.seed, "seed", 1, "the bootstrap's seed")
	fs.IntVar(&cfg.bootstrapSamples, "bootstrap", 10000, "bootstrap resamples of the rounds")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	switch {
	case fs.NArg() > 0:
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	case !strings.Contains(cfg.a, "{port}") || !strings.Contains(cfg.b, "{port}"):
		return cfg, errors.New("-a and -b must each be a command with {port} where the server's port goes")
	case !strings.HasPrefix(cfg.path, "/"):
		return cfg, fmt.Errorf("-path %q must start with /", cfg.path)
	case cfg.rounds < 2 || cfg.rounds > 1000:
		return cfg, fmt.Errorf("-rounds %d: want 2 to 1000", cfg.rounds)
	case cfg.conns < 1 || cfg.conns > 1024:
		return cfg, fmt.Errorf("-c %d: want 1 to 1024", cfg.conns)
	case cfg.measure < 100*time.Millisecond || cfg.warmup < 0:
		return cfg, fmt.Errorf("-d %v must be at least 100ms and -warmup %v not negative", cfg.measure, cfg.warmup)
	case cfg.bootstrapSamples < 100 || cfg.bootstrapSamples > 1_000_000:
		return cfg, fmt.Errorf("-bootstrap %d: want 100 to 1000000", cfg.bootstrapSamples)
	}
	return cfg, nil
}
