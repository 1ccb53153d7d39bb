package main

import (
	"flag"
	"log/slog"
	"time"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/setup"
)

// Config is everything serve can be told: the server's setup, and how the process runs it.
type Config struct {
	setup.Config
	Addr      string
	LogLevel  slog.Level
	LogFormat string
	Watch     bool
	// The HTTP server's limits: slow clients cannot hold it.
	ReadHeaderTimeout time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
	// ShutdownGrace is how long shutdown waits for in-flight requests once every wait ended.
	ShutdownGrace time.Duration
	// atExit runs after the server stopped (proxy: write the reports).
	atExit func(*setup.Built) error
}

// DefaultConfig is what `flowmock serve` with no flags uses: setup's defaults, plus the
// command's own choices where setup's zero is a value (seed 1, wall time) and the process's
// settings. The flags show these values as their defaults.
func DefaultConfig() Config {
	return Config{Config: setup.Config{Config: mock.Config{Seed: 1, TimeScale: 1}}.WithDefaults(), Addr: "127.0.0.1:8080",
		LogLevel: slog.LevelInfo, LogFormat: "text", Watch: true,
		ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ShutdownGrace: 5 * time.Second}
}

// flags registers every flag of serve on fs, with c's values as defaults. Only the command
// declares flags (and reads the environment, env.go): setup is a library.
func (c *Config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "`host:port` to listen on (port 0 picks a free port)")
	fs.TextVar(&c.LogLevel, "log-level", c.LogLevel, "log `level`: debug, info (one line per request, written off the request path), warn, error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log `format`: text or json")
	fs.DurationVar(&c.ReadHeaderTimeout, "read-header-timeout", c.ReadHeaderTimeout, "a client must send its request headers within this `duration` (slow clients are cut off)")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", c.IdleTimeout, "keep-alive connections idle this `duration` are closed")
	fs.IntVar(&c.MaxHeaderBytes, "max-header-bytes", c.MaxHeaderBytes, "request headers larger than this many `bytes` get 431")
	fs.DurationVar(&c.ShutdownGrace, "shutdown-grace", c.ShutdownGrace, "on SIGINT/SIGTERM, in-flight requests (their hangs, slow bodies and long polls ended) get this `duration` to finish; then connections are closed and the exit code is 1")
	fs.BoolVar(&c.Watch, "watch", c.Watch, "reload --fixtures and --scenarios directories when their files change (a broken change is refused and logged; the previous state stays)")
	setupFlags(fs, &c.Config)
	authFlags(fs, &c.Config)
	limitFlags(fs, &c.Config)
}

// setupFlags registers the flags of the server's data, scenarios and behaviour.
func setupFlags(fs *flag.FlagSet, c *setup.Config) {
	fs.StringVar(&c.Data, "data", c.Data, "where flows come from: `fixtures` (unknown flow → 404 FlowNotExists), fake (any valid flow name is a faked flow with deterministic executions), or fixtures+fake (fixtures first, fakes for other flows)")
	fs.StringVar(&c.FixturesDir, "fixtures", c.FixturesDir, "`dir`ectory of fixture files to serve instead of the embedded set")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "`seed` for faked data, request IDs and paging tokens; the same seed gives the same bytes")
	fs.Int64Var(&c.MaxBodyBytes, "max-body", c.MaxBodyBytes, "request body cap in `bytes`; larger bodies get 400 EntityTooLarge")
	fs.StringVar(&c.HostID, "host-id", c.HostID, "HostId written in error envelopes")
	fs.BoolVar(&c.AllowUndeclared, "allow-undeclared", c.AllowUndeclared, "let Prefer: code=N and X-Mock-Error ask for statuses and codes the contract does not declare (otherwise refused with 400)")
	fs.StringVar(&c.DefaultScenario, "scenario", c.DefaultScenario, "`name` of the scenario active for sessions that chose none (see GET /_mock/scenarios)")
	fs.Func("scenarios", "`dir`ectory of scenario files loaded on top of the embedded defaults (repeatable)", func(dir string) error {
		c.ScenariosDirs = append(c.ScenariosDirs, dir)
		return nil
	})
	fs.IntVar(&c.JournalSize, "journal-size", c.JournalSize, "how many requests the journal keeps (a ring; negative turns it off, 0 is the default)")
	fs.StringVar(&c.CORS, "cors", c.CORS, "browser `origins` allowed to call the API and control plane: * (any), off, or a comma-separated list such as http://localhost:5173")
	fs.Float64Var(&c.TimeScale, "time-scale", c.TimeScale, "pace of every session's clock: 1 wall time, 0.01 a hundred times faster, 0 Wait states, retries, task delays and schedules take no time")
	fs.StringVar(&c.MocksFile, "mocks", c.MocksFile, "`file` of task results per test case (YAML or JSON; see README); reloaded when it changes with --watch")
	fs.StringVar(&c.UnmockedTasks, "unmocked-tasks", c.UnmockedTasks, "what a task the test case does not mock does: `echo` (succeeds in its integration's response shape, its input as the payload) or fail")
	fs.BoolVar(&c.ValidateResponses, "validate-responses", c.ValidateResponses, "validate every response against the contract before sending it (slower; a violation becomes 500 and an error log)")
}

// authFlags registers the flags of signatures and of the control plane's guards.
func authFlags(fs *flag.FlagSet, c *setup.Config) {
	fs.StringVar(&c.Auth, "auth", c.Auth, "signature checking: `off` (signature parameters and headers are ignored) or verify (V1 HMAC-SHA1 and V3 ACS3-HMAC-SHA256)")
	fs.StringVar(&c.AccessKeyID, "access-key-id", c.AccessKeyID, "AccessKey `id` accepted with --auth verify")
	fs.StringVar(&c.AccessKeySecret, "access-key-secret", c.AccessKeySecret, "AccessKey `secret` of --access-key-id")
	fs.StringVar(&c.CredentialsFile, "credentials", c.CredentialsFile, "`file` of further credentials for --auth verify, one 'ACCESS_KEY_ID SECRET' pair per line ('#' starts a comment)")
	fs.StringVar(&c.ControlCORS, "control-cors", c.ControlCORS, "browser `origins` besides the mock's own allowed to call the control plane /_mock/ (comma-separated, or *); others are refused")
	fs.StringVar(&c.ControlToken, "control-token", c.ControlToken, "bearer `token` the control plane requires (if unset, $FLOWMOCK_CONTROL_TOKEN); the console takes it as /_mock/ui/#token=TOKEN")
	fs.StringVar(&c.ControlHosts, "control-hosts", c.ControlHosts, "host `names` besides loopback the control plane answers without --control-token (comma-separated, or *), e.g. a compose service name; other hosts get 403 (a DNS-rebinding guard)")
}

// limitFlags registers the flags of the per-session and global limits.
func limitFlags(fs *flag.FlagSet, c *setup.Config) {
	fs.IntVar(&c.MaxSessions, "max-sessions", c.MaxSessions, "live sessions kept at most; one more evicts the least recently used (it comes back as a new session)")
	fs.DurationVar(&c.SessionIdle, "session-idle", c.SessionIdle, "evict a session unused for this `duration` (negative: never)")
	fs.IntVar(&c.MaxExecutions, "max-executions", c.MaxExecutions, "executions a session keeps; one more drops the oldest finished one (with all running, StartExecution is 429)")
	fs.IntVar(&c.MaxLongPolls, "max-long-polls", c.MaxLongPolls, "DescribeExecution long polls of one session that wait at once; more answer at once")
	fs.IntVar(&c.MaxLongPollsTotal, "max-long-polls-total", c.MaxLongPollsTotal, "DescribeExecution long polls that wait at once across all sessions; more answer at once")
	fs.IntVar(&c.MaxRunning, "max-running-executions", c.MaxRunning, "executions running at once across all sessions; one more start is 429 ResourceThrottled")
	fs.IntVar(&c.MaxSessionBytes, "max-session-bytes", c.MaxSessionBytes, "`bytes` one session stores (definitions, versions, executions' inputs and outputs); past it a change is 400 InvalidArgument")
	fs.IntVar(&c.MaxSessionID, "max-session-id", c.MaxSessionID, "longest session id in `bytes` (X-Mock-Session, visible ASCII); longer is 400 InvalidArgument")
	fs.IntVar(&c.JournalBytes, "journal-bytes", c.JournalBytes, "`bytes` the journal holds at most; the oldest records go first")
	fs.IntVar(&c.JournalValueBytes, "journal-value-bytes", c.JournalValueBytes, "`bytes` of one parameter value the journal keeps; the rest is cut, with a marker giving the length")
}
