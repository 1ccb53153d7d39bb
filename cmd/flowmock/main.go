// Command flowmock runs the CloudFlow ListExecutions contract mock.
//
//	flowmock serve [flags]     serve the API on / and the control plane on /_mock/
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
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/logsink"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/scenarios"
	"github.com/flowmock/flowmock/signature"
	"github.com/flowmock/flowmock/watch"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "flowmock:", err)
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
	fmt.Fprintln(w, "flowmock — a contract-testing mock of Alibaba Cloud CloudFlow ListExecutions.")
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

// Config is everything serve can be told.
type Config struct {
	Addr              string
	Data              string
	FixturesDir       string
	Seed              uint64
	LogLevel          slog.Level
	LogFormat         string
	MaxBodyBytes      int64
	HostID            string
	ValidateResponses bool
	AllowUndeclared   bool
	Scenario          string
	ScenariosDir      string
	JournalSize       int
	CORS              string
	Watch             bool
	Auth              string
	AccessKeyID       string
	AccessKeySecret   string
	CredentialsFile   string
}

// DefaultConfig is what `flowmock serve` with no flags uses.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", Data: "fixtures", Seed: 1, LogLevel: slog.LevelInfo, LogFormat: "text", MaxBodyBytes: mock.DefaultMaxBodyBytes,
		HostID: mock.DefaultHostID, Auth: "off", JournalSize: mock.DefaultJournalSize, CORS: "*", Watch: true, AccessKeyID: "testAccessKeyId", AccessKeySecret: "testSecret"}
}

func (c *Config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "`host:port` to listen on (port 0 picks a free port)")
	fs.StringVar(&c.Data, "data", c.Data, "where executions come from: `fixtures` (unknown flow → 404 FlowNotExists), fake (any valid flow name gets deterministic fake executions), or fixtures+fake (fixtures first, fakes for other flows)")
	fs.StringVar(&c.FixturesDir, "fixtures", c.FixturesDir, "`dir`ectory of fixture files to serve instead of the embedded set")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "`seed` for faked data, request IDs and paging tokens; the same seed gives the same bytes")
	fs.TextVar(&c.LogLevel, "log-level", c.LogLevel, "log `level`: debug, info (one line per request, written off the request path), warn, error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log `format`: text or json")
	fs.Int64Var(&c.MaxBodyBytes, "max-body", c.MaxBodyBytes, "request body cap in `bytes`; larger bodies get 400 EntityTooLarge")
	fs.StringVar(&c.HostID, "host-id", c.HostID, "HostId written in error envelopes")
	fs.BoolVar(&c.AllowUndeclared, "allow-undeclared", c.AllowUndeclared, "let Prefer: code=N and X-Mock-Error ask for statuses and codes the contract does not declare (otherwise refused with 400)")
	fs.StringVar(&c.Scenario, "scenario", c.Scenario, "`name` of the scenario active for sessions that chose none (see GET /_mock/scenarios)")
	fs.StringVar(&c.ScenariosDir, "scenarios", c.ScenariosDir, "`dir`ectory of scenario files loaded on top of the embedded defaults")
	fs.IntVar(&c.JournalSize, "journal-size", c.JournalSize, "how many requests the journal keeps (a ring; 0 turns it off)")
	fs.StringVar(&c.CORS, "cors", c.CORS, "browser `origins` allowed to call the API and control plane: * (any), off, or a comma-separated list such as http://localhost:5173")
	fs.BoolVar(&c.Watch, "watch", c.Watch, "reload --fixtures and --scenarios directories when their files change (a broken change is refused and logged; the previous state stays)")
	fs.StringVar(&c.Auth, "auth", c.Auth, "signature checking: `off` (signature parameters and headers are ignored) or verify (V1 HMAC-SHA1 and V3 ACS3-HMAC-SHA256)")
	fs.StringVar(&c.AccessKeyID, "access-key-id", c.AccessKeyID, "AccessKey `id` accepted with --auth verify")
	fs.StringVar(&c.AccessKeySecret, "access-key-secret", c.AccessKeySecret, "AccessKey `secret` of --access-key-id")
	fs.StringVar(&c.CredentialsFile, "credentials", c.CredentialsFile, "`file` of further credentials for --auth verify, one 'ACCESS_KEY_ID SECRET' pair per line ('#' starts a comment)")
	fs.BoolVar(&c.ValidateResponses, "validate-responses", c.ValidateResponses, "validate every response against the contract before sending it (slower; a violation becomes 500 and an error log)")
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("flowmock serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.flags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: flowmock serve [flags]\n\nServes CloudFlow ListExecutions on / and the control plane on /_mock/.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve takes no arguments, got %q", fs.Args())
	}
	// Log lines are written off the request path; Close (on return) writes what is left.
	sink := logsink.New(stderr, 0)
	defer sink.Close()
	logger, err := newLogger(sink, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		return err
	}
	// One faker for the data source, Prefer: dynamic=true and scenario "respond: fake", kept
	// across fixture reloads, so its cache of generated flows is shared.
	faker := fixtures.NewFaker(cfg.Seed)
	data, desc, err := dataSource(cfg, faker)
	if err != nil {
		return err
	}
	auth, err := verifier(cfg)
	if err != nil {
		return err
	}
	engine, err := scenarioEngine(cfg)
	if err != nil {
		return err
	}
	journal := cfg.JournalSize
	if journal == 0 {
		journal = -1
	}
	srv, err := mock.New(mock.Config{
		Scenarios:         engine,
		CORSOrigins:       mock.ParseOrigins(cfg.CORS),
		DefaultScenario:   cfg.Scenario,
		JournalSize:       journal,
		Data:              data,
		Fake:              faker,
		Auth:              auth,
		AllowUndeclared:   cfg.AllowUndeclared,
		Seed:              cfg.Seed,
		HostID:            cfg.HostID,
		MaxBodyBytes:      cfg.MaxBodyBytes,
		ValidateResponses: cfg.ValidateResponses,
		Logger:            logger,
	})
	if err != nil {
		return err
	}
	if cfg.Watch {
		if err := watchDirs(ctx, cfg, srv, faker); err != nil {
			return err
		}
	}
	// Start-up parsed the contract, fixtures and scenarios; give that garbage back before
	// idling, so the idle footprint is what the server keeps.
	debug.FreeOSMemory()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	scenario := cfg.Scenario
	if scenario == "" {
		scenario = "none"
	}
	fmt.Fprintf(stdout, "flowmock listening on http://%s (seed %d, data %s, auth %s, scenario %s)\n", ln.Addr(), cfg.Seed, desc, cfg.Auth, scenario)
	fmt.Fprintf(stdout, "  try: curl 'http://%s/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=2'\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "flowmock: shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
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

// dataSource builds the executions source the configuration names; faker serves fake flows.
func dataSource(cfg Config, faker *fixtures.Faker) (fixtures.Source, string, error) {
	loadSet := func() (*fixtures.Set, string, error) {
		if cfg.FixturesDir != "" {
			set, err := fixtures.LoadDir(cfg.FixturesDir)
			return set, "fixtures from " + cfg.FixturesDir, err
		}
		set, err := fixtures.Default()
		return set, "embedded fixtures", err
	}
	switch cfg.Data {
	case "fixtures":
		set, desc, err := loadSet()
		if err != nil {
			return nil, "", err
		}
		return set, fmt.Sprintf("%s: %s", desc, strings.Join(set.Flows(), ", ")), nil
	case "fake":
		if cfg.FixturesDir != "" {
			return nil, "", errors.New("--fixtures has no effect with --data fake; use --data fixtures+fake to serve both")
		}
		return faker, "fake", nil
	case "fixtures+fake":
		set, desc, err := loadSet()
		if err != nil {
			return nil, "", err
		}
		return fixtures.Chain(set, faker), desc + ", then fakes for other flows", nil
	}
	return nil, "", fmt.Errorf("--data: want fixtures, fake or fixtures+fake, got %q", cfg.Data)
}

// verifier builds the signature verifier of --auth, or nil when it is off.
func verifier(cfg Config) (*signature.Verifier, error) {
	switch cfg.Auth {
	case "off":
		return nil, nil
	case "verify":
	default:
		return nil, fmt.Errorf("--auth: want off or verify, got %q", cfg.Auth)
	}
	creds := map[string]string{}
	if cfg.AccessKeyID != "" {
		creds[cfg.AccessKeyID] = cfg.AccessKeySecret
	}
	if cfg.CredentialsFile != "" {
		b, err := os.ReadFile(cfg.CredentialsFile)
		if err != nil {
			return nil, fmt.Errorf("--credentials: %w", err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			line, _, _ = strings.Cut(line, "#")
			f := strings.Fields(line)
			switch len(f) {
			case 0:
				continue
			case 2:
				creds[f[0]] = f[1]
			default:
				return nil, fmt.Errorf("%s:%d: want 'ACCESS_KEY_ID SECRET', got %d fields", cfg.CredentialsFile, i+1, len(f))
			}
		}
	}
	if len(creds) == 0 {
		return nil, errors.New("--auth verify needs credentials: --access-key-id/--access-key-secret or --credentials")
	}
	return &signature.Verifier{Credentials: creds}, nil
}

// scenarioEngine loads the embedded scenarios and, with --scenarios, the directory's on top
// (a file may not reuse a default's name).
func scenarioEngine(cfg Config) (*scenarios.Engine, error) {
	var dirs []string
	if cfg.ScenariosDir != "" {
		dirs = append(dirs, cfg.ScenariosDir)
	}
	return mock.LoadScenarios(cfg.Seed, dirs)
}

// watchDirs reloads the --fixtures and --scenarios directories into srv when they change.
func watchDirs(ctx context.Context, cfg Config, srv *mock.Server, faker *fixtures.Faker) error {
	if cfg.FixturesDir != "" {
		err := watch.Dir(ctx, cfg.FixturesDir, 0, func() {
			data, _, err := dataSource(cfg, faker)
			if err != nil {
				srv.ReportReload("fixtures", err)
				return
			}
			srv.SetData(data)
		})
		if err != nil {
			return err
		}
	}
	if cfg.ScenariosDir != "" {
		err := watch.Dir(ctx, cfg.ScenariosDir, 0, func() {
			e, err := scenarioEngine(cfg)
			if err != nil {
				srv.ReportReload("scenarios", err)
				return
			}
			_ = srv.SetScenarios(e) // reports its own refusal
		})
		if err != nil {
			return err
		}
	}
	return nil
}
