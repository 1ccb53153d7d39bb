// Command flowmock runs the CloudFlow (fnf) contract mock and emulator.
//
//	flowmock serve [flags]     serve the API on / and the control plane on /_mock/
//	flowmock proxy --upstream URL [flags]           a validating proxy in front of the real service
//	flowmock record --upstream URL --out DIR [flags] the proxy, writing what it saw as fixtures
//	flowmock verify --target URL [--write --prefix P] a provider conformance run
//	flowmock help              print usage
//
// With no flags, serve listens on 127.0.0.1:8080 with the embedded contract, fixtures and
// scenarios, and prints where it listens and its seed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sort"
	"syscall"
	"time"

	"github.com/flowmock/flowmock/logsink"
	"github.com/flowmock/flowmock/setup"
	"github.com/flowmock/flowmock/watch"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "flowmock:", err)
		}
		if ee := (exitError{}); errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		os.Exit(2)
	}
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"serve": {"serve the mock (default address 127.0.0.1:8080)", serve},
		// Release and container commands (version.go, health.go).
		"version": {"print the version, commit and Go version", versionCmd},
		"health":  {"exit 0 when the server's health probe answers, 1 otherwise", health},
		"proxy":   {"validating proxy: forward to --upstream, check its answers against the contract", proxyCmd},
		"verify":  {"provider conformance run: call --target and check every answer against the contract", verifyCmd},
		"record":  {"the proxy that also writes what it saw to --out as fixtures serve --fixtures serves", recordCmd},
	}
}

// run dispatches to a subcommand; tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		if len(args) == 0 {
			return errors.New("missing command (try: flowmock serve)")
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(stderr, cmds)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "flowmock — a contract-testing mock and emulator of Alibaba Cloud CloudFlow (fnf 2019-03-15).")
	fmt.Fprintln(w, "\nUsage: flowmock <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'flowmock <command> --help' for its flags.")
}

// gcPercent is the garbage collector's target when GOGC is not set.
const gcPercent = 400

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("flowmock serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.flags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: flowmock serve [flags]\n\nServes the CloudFlow API (every action of fnf 2019-03-15) on / and the control plane on /_mock/.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := applyEnv(fs, os.LookupEnv); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve takes no arguments, got %q", fs.Args())
	}
	return runServer(ctx, cfg, stdout, stderr)
}

// runServer builds the server cfg describes and serves it until ctx ends.
func runServer(ctx context.Context, cfg Config, stdout, stderr io.Writer) error {
	// Log lines are written off the request path; Close (on return) writes what is left.
	sink := logsink.New(stderr, 0)
	defer sink.Close()
	logger, err := newLogger(sink, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		return err
	}
	cfg.Logger = logger
	// The live heap is small and requests allocate little but often: collect at 5× the live
	// heap rather than 2× (about a third less CPU under load). Set before the build, whose
	// garbage would otherwise start a collection in the middle of it. GOGC in the
	// environment wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	built, err := setup.Build(cfg.Config)
	if err != nil {
		return err
	}
	stopWatch := func() {}
	if cfg.Watch {
		if stopWatch, err = watchDirs(cfg, built); err != nil {
			return err
		}
	}
	defer stopWatch()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.ControlToken == "" && !loopback(ln.Addr()) {
		fmt.Fprintf(stderr, "flowmock: WARNING: listening on %s, not loopback, without --control-token: anyone who reaches this address can reset sessions, switch scenarios and read the journal (the Host check stops browser pages, not other clients)\n", ln.Addr())
	}
	// No read or write timeout for whole requests: long polls hold an answer up to 60 s, and
	// bodies are capped by --max-body instead. Every request's context ends at shutdown.
	base, cancelBase := context.WithCancelCause(context.Background())
	defer cancelBase(nil)
	hs := &http.Server{Handler: built.Server, ReadHeaderTimeout: cfg.ReadHeaderTimeout, IdleTimeout: cfg.IdleTimeout, MaxHeaderBytes: cfg.MaxHeaderBytes,
		BaseContext: func(net.Listener) context.Context { return base }}
	scenario := cfg.DefaultScenario
	if scenario == "" {
		scenario = "none"
	}
	fmt.Fprintf(stdout, "flowmock listening on http://%s (seed %d, data %s, auth %s, scenario %s)\n", ln.Addr(), cfg.Seed, built.Data, cfg.Auth, scenario)
	fmt.Fprintf(stdout, "  try: curl 'http://%s/?Action=ListFlows&Version=2019-03-15&Limit=2'\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// Start-up parsed the contract, fixtures and scenarios; give that garbage back before
	// idling, so the idle footprint is what the server keeps. After the listener serves: a
	// full collection is milliseconds the first answer need not wait for.
	debug.FreeOSMemory()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "flowmock: shutting down")
	stopWatch() // no reload runs during or after the server's Close
	err = shutdown(hs, built, cancelBase, cfg.ShutdownGrace)
	<-errc // Serve has returned (ErrServerClosed): its goroutine is joined
	if cfg.atExit != nil {
		err = errors.Join(err, cfg.atExit(built))
	}
	return err
}

var (
	// errShutdown is why requests' contexts ended: the server is stopping.
	errShutdown = errors.New("flowmock is shutting down")
	// errCutOff is a shutdown that had to cut requests off (exit code 1).
	errCutOff = errors.New("shutdown cut them off")
)

// shutdown stops taking requests, ends every execution and wait (hangs, slow bodies, long
// polls) and gives in-flight requests grace to finish; what is left then is cut off, an
// error.
func shutdown(hs *http.Server, built *setup.Built, cancelBase context.CancelCauseFunc, grace time.Duration) error {
	built.Server.Close() // ends executions, waits and scenario delays
	cancelBase(errShutdown)
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		hs.Close()
		return exitError{code: 1, err: fmt.Errorf("requests still in flight after --shutdown-grace %v: %w (%w)", grace, errCutOff, err)}
	}
	return nil
}

func newLogger(w io.Writer, format string, level slog.Level) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format: want text or json, got %q", format)
}

// loopback reports whether addr is a loopback address.
func loopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// watchDirs reloads the --fixtures and --scenarios directories and the --mocks file's
// directory into the server when they change; stop ends every watch and waits for it.
func watchDirs(cfg Config, b *setup.Built) (stop func(), err error) {
	var ws []*watch.Watcher
	stop = func() {
		for _, w := range ws {
			w.Close()
		}
	}
	add := func(dir string, reload func()) {
		if err != nil {
			return
		}
		var w *watch.Watcher
		if w, err = watch.Dir(dir, 0, reload); err == nil {
			ws = append(ws, w)
		}
	}
	if cfg.FixturesDir != "" {
		add(cfg.FixturesDir, b.ReloadFixtures)
	}
	for _, dir := range cfg.ScenariosDirs {
		add(dir, b.ReloadScenarios)
	}
	if cfg.MocksFile != "" {
		add(filepath.Dir(cfg.MocksFile), b.ReloadMocks)
	}
	if err != nil {
		stop()
		return nil, err
	}
	return stop, nil
}
