// Package setup is the one configuration of a flowmock server and the one builder: the
// command's flags and mocktest's options both fill a Config, Default holds every default,
// and Build assembles the mock from it (data sources, scenarios, signature verifier).
package setup

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/scenarios"
	"github.com/flowmock/flowmock/signature"
	"github.com/flowmock/flowmock/store"
)

// Config is everything a flowmock server can be told.
type Config struct {
	// Data is where flows come from: "fixtures" (an unknown flow is FlowNotExists), "fake"
	// (any valid flow name is a faked flow), or "fixtures+fake".
	Data string
	// FixturesDir is a directory of fixture files served instead of the embedded set.
	FixturesDir string
	// Fixtures, when set, is served instead of the embedded set or FixturesDir (tests).
	Fixtures *fixtures.Set
	// Seed seeds faked data, request IDs, paging tokens and scenarios.
	Seed uint64
	// ScenariosDirs are directories of scenario files loaded on top of the embedded ones.
	ScenariosDirs []string
	// Scenarios are scenarios built in Go, loaded on top of the embedded ones.
	Scenarios []*scenarios.Scenario
	// DefaultScenario is active for sessions that chose none; "" for none.
	DefaultScenario string
	// Auth is "off" (signatures ignored) or "verify" (V1 and V3 checked).
	Auth string
	// AccessKeyID and AccessKeySecret are the pair "verify" accepts; CredentialsFile names a
	// file of more pairs, one "ID SECRET" per line, '#' comments.
	AccessKeyID, AccessKeySecret, CredentialsFile string
	// AllowUndeclared lets Prefer and X-Mock-Error ask for codes the contract does not declare.
	AllowUndeclared bool
	// ValidateResponses validates every response against the contract before it is sent.
	ValidateResponses bool
	// JournalSize is how many requests the journal keeps; 0 turns it off.
	JournalSize int
	// MaxBodyBytes caps request bodies.
	MaxBodyBytes int64
	// HostID is the HostId of error envelopes.
	HostID string
	// CORS is the browser origins allowed: "*", "off", or a comma-separated list.
	CORS string
	// Logger receives the request log and problems; nil discards them.
	Logger *slog.Logger
	// TimeScale is the pace of session clocks: 1 wall time, 0.01 a hundred times faster, 0
	// waits take no time.
	TimeScale float64
	// MocksFile is the mock file of task results per test case; "" for none.
	MocksFile string
	// UnmockedTasks is what an unmocked task does: "echo" (its input is its output) or "fail".
	UnmockedTasks string
	// ControlCORS is the browser origins, besides the server's own, allowed to call the
	// control plane: a comma-separated list, "*", or "" for none.
	ControlCORS string
	// ControlToken is the bearer token the control plane requires; "" for none. The command
	// reads FLOWMOCK_CONTROL_TOKEN into it; Default does not.
	ControlToken string
	// ControlHosts is the Host names besides loopback the control plane answers without a
	// token: a comma-separated list, "*", or "" for loopback only.
	ControlHosts string
	// MaxSessions caps the live sessions; SessionIdle evicts sessions unused that long
	// (negative: never).
	MaxSessions int
	SessionIdle time.Duration
	// MaxExecutions is how many executions a session keeps; MaxLongPolls how many long polls
	// of a session wait at once.
	MaxExecutions, MaxLongPolls int
	// The global limits: long polls waiting and executions running in all sessions, the
	// bytes one session stores, the length of a session id, the journal's bytes and how much
	// of one value it keeps.
	MaxLongPollsTotal, MaxRunning, MaxSessionBytes, MaxSessionID, JournalBytes, JournalValueBytes int
	// Upstream, when set, makes the server a validating proxy (flowmock proxy).
	Upstream mock.Upstream
}

// Default is the configuration of `flowmock serve` with no flags.
func Default() Config {
	return Config{
		Data: "fixtures", Seed: 1, Auth: "off", AccessKeyID: "testAccessKeyId", AccessKeySecret: "testSecret",
		JournalSize: mock.DefaultJournalSize, MaxBodyBytes: mock.DefaultMaxBodyBytes, HostID: mock.DefaultHostID, CORS: "*",
		TimeScale: 1, UnmockedTasks: mock.UnmockedEcho,
		MaxSessions: store.DefaultMaxSessions, SessionIdle: store.DefaultSessionIdle,
		MaxExecutions: store.DefaultMaxExecutions, MaxLongPolls: mock.DefaultMaxLongPolls,
		MaxLongPollsTotal: mock.DefaultMaxLongPollsTotal, MaxRunning: store.DefaultMaxRunning,
		MaxSessionBytes: store.DefaultMaxSessionBytes, MaxSessionID: mock.DefaultMaxSessionID,
		JournalBytes: mock.DefaultJournalBytes, JournalValueBytes: mock.DefaultJournalValueBytes,
	}
}

// Flags registers the command-line flags of c on fs, with c's values as defaults.
func (c *Config) Flags(fs *flag.FlagSet) {
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
	fs.IntVar(&c.JournalSize, "journal-size", c.JournalSize, "how many requests the journal keeps (a ring; 0 turns it off)")
	fs.StringVar(&c.CORS, "cors", c.CORS, "browser `origins` allowed to call the API and control plane: * (any), off, or a comma-separated list such as http://localhost:5173")
	fs.StringVar(&c.Auth, "auth", c.Auth, "signature checking: `off` (signature parameters and headers are ignored) or verify (V1 HMAC-SHA1 and V3 ACS3-HMAC-SHA256)")
	fs.StringVar(&c.AccessKeyID, "access-key-id", c.AccessKeyID, "AccessKey `id` accepted with --auth verify")
	fs.StringVar(&c.AccessKeySecret, "access-key-secret", c.AccessKeySecret, "AccessKey `secret` of --access-key-id")
	fs.StringVar(&c.CredentialsFile, "credentials", c.CredentialsFile, "`file` of further credentials for --auth verify, one 'ACCESS_KEY_ID SECRET' pair per line ('#' starts a comment)")
	fs.Float64Var(&c.TimeScale, "time-scale", c.TimeScale, "pace of every session's clock: 1 wall time, 0.01 a hundred times faster, 0 Wait states, retries, task delays and schedules take no time")
	fs.StringVar(&c.MocksFile, "mocks", c.MocksFile, "`file` of task results per test case (YAML or JSON; see README); reloaded when it changes with --watch")
	fs.StringVar(&c.UnmockedTasks, "unmocked-tasks", c.UnmockedTasks, "what a task the test case does not mock does: `echo` (succeeds in its integration's response shape, its input as the payload) or fail")
	fs.StringVar(&c.ControlCORS, "control-cors", c.ControlCORS, "browser `origins` besides the mock's own allowed to call the control plane /_mock/ (comma-separated, or *); others are refused")
	fs.StringVar(&c.ControlToken, "control-token", c.ControlToken, "bearer `token` the control plane requires (if unset, $FLOWMOCK_CONTROL_TOKEN); the console takes it as /_mock/ui/#token=TOKEN")
	fs.StringVar(&c.ControlHosts, "control-hosts", c.ControlHosts, "host `names` besides loopback the control plane answers without --control-token (comma-separated, or *), e.g. a compose service name; other hosts get 403 (a DNS-rebinding guard)")
	fs.IntVar(&c.MaxSessions, "max-sessions", c.MaxSessions, "live sessions kept at most; one more evicts the least recently used (it comes back as a new session)")
	fs.IntVar(&c.MaxExecutions, "max-executions", c.MaxExecutions, "executions a session keeps; one more drops the oldest finished one (with all running, StartExecution is 429)")
	fs.IntVar(&c.MaxLongPolls, "max-long-polls", c.MaxLongPolls, "DescribeExecution long polls of one session that wait at once; more answer at once")
	c.limitFlags(fs)
	fs.DurationVar(&c.SessionIdle, "session-idle", c.SessionIdle, "evict a session unused for this `duration` (negative: never)")
	fs.BoolVar(&c.ValidateResponses, "validate-responses", c.ValidateResponses, "validate every response against the contract before sending it (slower; a violation becomes 500 and an error log)")
}

// limitFlags registers the flags of the global limits.
func (c *Config) limitFlags(fs *flag.FlagSet) {
	fs.IntVar(&c.MaxLongPollsTotal, "max-long-polls-total", c.MaxLongPollsTotal, "DescribeExecution long polls that wait at once across all sessions; more answer at once")
	fs.IntVar(&c.MaxRunning, "max-running-executions", c.MaxRunning, "executions running at once across all sessions; one more start is 429 ResourceThrottled")
	fs.IntVar(&c.MaxSessionBytes, "max-session-bytes", c.MaxSessionBytes, "`bytes` one session stores (definitions, versions, executions' inputs and outputs); past it a change is 400 InvalidArgument")
	fs.IntVar(&c.MaxSessionID, "max-session-id", c.MaxSessionID, "longest session id in `bytes` (X-Mock-Session, visible ASCII); longer is 400 InvalidArgument")
	fs.IntVar(&c.JournalBytes, "journal-bytes", c.JournalBytes, "`bytes` the journal holds at most; the oldest records go first")
	fs.IntVar(&c.JournalValueBytes, "journal-value-bytes", c.JournalValueBytes, "`bytes` of one parameter value the journal keeps; the rest is cut, with a marker giving the length")
}

// Built is a server assembled from a Config, with what hot reload needs.
type Built struct {
	// Server is the mock.
	Server *mock.Server
	// Data says where flows come from, for the start-up line.
	Data string

	cfg   Config
	faker *fixtures.Faker   // one faker for data, Prefer: dynamic and scenarios, kept across reloads
	mocks [sha256.Size]byte // the digest of the mock file loaded last
}

// Build assembles the mock that c describes. Every problem is an error naming the setting.
func Build(c Config) (*Built, error) {
	b := &Built{cfg: c, faker: fixtures.NewFaker(c.Seed)}
	data, desc, err := b.dataSource()
	if err != nil {
		return nil, err
	}
	b.Data = desc
	auth, err := verifier(c)
	if err != nil {
		return nil, err
	}
	engine, err := mock.LoadScenarios(c.Seed, c.ScenariosDirs, c.Scenarios...)
	if err != nil {
		return nil, err
	}
	mocks, err := b.loadMocks()
	if err != nil {
		return nil, err
	}
	if err := checkMocks(mocks, data); err != nil {
		return nil, err
	}
	journal := c.JournalSize
	if journal == 0 {
		journal = -1 // mock.Config: 0 is its default, negative is off
	}
	srv, err := mock.New(mock.Config{
		Data: data, Fake: b.faker, Seed: c.Seed, HostID: c.HostID, MaxBodyBytes: c.MaxBodyBytes,
		ValidateResponses: c.ValidateResponses, AllowUndeclared: c.AllowUndeclared, Scenarios: engine,
		DefaultScenario: c.DefaultScenario, JournalSize: journal, CORSOrigins: mock.ParseOrigins(c.CORS),
		Auth: auth, Logger: c.Logger, TimeScale: c.TimeScale, Mocks: mocks, UnmockedTasks: c.UnmockedTasks,
		MaxSessions: c.MaxSessions, SessionIdle: c.SessionIdle, MaxExecutions: c.MaxExecutions, MaxLongPolls: c.MaxLongPolls,
		MaxLongPollsTotal: c.MaxLongPollsTotal, MaxRunning: c.MaxRunning, MaxSessionBytes: c.MaxSessionBytes,
		MaxSessionID: c.MaxSessionID, JournalBytes: c.JournalBytes, JournalValueBytes: c.JournalValueBytes,
		ControlOrigins: mock.ParseOrigins(c.ControlCORS), ControlToken: c.ControlToken,
		ControlHosts: mock.ParseHosts(c.ControlHosts),
		Upstream:     c.Upstream,
	})
	if err != nil {
		return nil, err
	}
	b.Server = srv
	return b, nil
}

// ReloadFixtures loads the fixtures again into the server (hot reload); a broken change is
// refused, reported, and the previous state stays.
func (b *Built) ReloadFixtures() {
	data, _, err := b.dataSource()
	if err != nil {
		b.Server.ReportReload("fixtures", err)
		return
	}
	b.Server.SetData(data)
}

// ReloadScenarios loads the scenarios again into the server (hot reload).
func (b *Built) ReloadScenarios() {
	e, err := mock.LoadScenarios(b.cfg.Seed, b.cfg.ScenariosDirs, b.cfg.Scenarios...)
	if err != nil {
		b.Server.ReportReload("scenarios", err)
		return
	}
	_ = b.Server.SetScenarios(e) // reports its own refusal
}

// ReloadMocks loads the mock file again into the server (hot reload) when its bytes changed:
// the command watches the file's directory, where other files may change.
func (b *Built) ReloadMocks() {
	if raw, err := os.ReadFile(b.cfg.MocksFile); err == nil && sha256.Sum256(raw) == b.mocks {
		return
	}
	f, err := b.loadMocks()
	if err != nil {
		b.mocks = [sha256.Size]byte{} // the file the server keeps is no longer on disk: restoring it reloads
		b.Server.ReportReload("mocks", err)
		return
	}
	b.Server.SetMocks(f)
}

// loadMocks loads MocksFile, nil when none is configured.
func (b *Built) loadMocks() (*mockfile.File, error) {
	if b.cfg.MocksFile == "" {
		return nil, nil
	}
	raw, err := os.ReadFile(b.cfg.MocksFile)
	if err != nil {
		return nil, fmt.Errorf("--mocks: %w", err)
	}
	f, err := mockfile.Parse(b.cfg.MocksFile, raw)
	if err == nil {
		b.mocks = sha256.Sum256(raw)
	}
	return f, err
}

// checkMocks checks the mock file's test cases of the flows the fixtures have (the others
// are checked when an execution of them starts): every state a case names must be a task
// state of the flow's definition.
func checkMocks(mf *mockfile.File, data fixtures.Source) error {
	if mf == nil {
		return nil
	}
	lister, ok := data.(interface{ Flows() []string })
	if !ok {
		return nil
	}
	var errs []error
	for _, name := range lister.Flows() {
		if len(mf.TestCases(name)) == 0 {
			continue
		}
		fl, err := data.Flow("", name)
		if err != nil {
			return err
		}
		def, err := fdl.Parse(fl.Definition)
		if err != nil {
			errs = append(errs, fmt.Errorf("--mocks: flow %s: its fixture definition does not parse: %w", name, err))
			continue
		}
		if err := mf.Check(name, "", def.TaskStates()); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// dataSource builds the flows source the configuration names.
func (b *Built) dataSource() (fixtures.Source, string, error) {
	c := b.cfg
	loadSet := func() (*fixtures.Set, string, error) {
		switch {
		case c.Fixtures != nil:
			return c.Fixtures, "fixtures given in Go", nil
		case c.FixturesDir != "":
			set, err := fixtures.LoadDir(c.FixturesDir)
			return set, "fixtures from " + c.FixturesDir, err
		}
		set, err := fixtures.Default()
		return set, "embedded fixtures", err
	}
	switch c.Data {
	case "fixtures":
		set, desc, err := loadSet()
		if err != nil {
			return nil, "", err
		}
		return set, fmt.Sprintf("%s: %s", desc, strings.Join(set.Flows(), ", ")), nil
	case "fake":
		if c.FixturesDir != "" || c.Fixtures != nil {
			return nil, "", errors.New("--fixtures has no effect with --data fake; use --data fixtures+fake to serve both")
		}
		return b.faker, "fake", nil
	case "fixtures+fake":
		set, desc, err := loadSet()
		if err != nil {
			return nil, "", err
		}
		return fixtures.Chain(set, b.faker), desc + ", then fakes for other flows", nil
	}
	return nil, "", fmt.Errorf("--data: want fixtures, fake or fixtures+fake, got %q", c.Data)
}

// verifier builds the signature verifier of Auth, or nil when it is off.
func verifier(c Config) (*signature.Verifier, error) {
	switch c.Auth {
	case "off":
		return nil, nil
	case "verify":
	default:
		return nil, fmt.Errorf("--auth: want off or verify, got %q", c.Auth)
	}
	creds := map[string]string{}
	if c.AccessKeyID != "" {
		creds[c.AccessKeyID] = c.AccessKeySecret
	}
	if c.CredentialsFile != "" {
		if err := readCredentials(c.CredentialsFile, creds); err != nil {
			return nil, err
		}
	}
	if len(creds) == 0 {
		return nil, errors.New("--auth verify needs credentials: --access-key-id/--access-key-secret or --credentials")
	}
	return &signature.Verifier{Credentials: creds}, nil
}

// readCredentials adds the pairs of file to creds.
func readCredentials(file string, creds map[string]string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("--credentials: %w", err)
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
			return fmt.Errorf("%s:%d: want 'ACCESS_KEY_ID SECRET', got %d fields", file, i+1, len(f))
		}
	}
	return nil
}
