// Package setup is the one configuration of a flowmock server and the one builder: the
// command's flags and mocktest both fill a Config, whose zero value means the defaults
// (WithDefaults writes them, once), and Build assembles the mock from it (data sources,
// scenarios, signature verifier). It reads no flags and no environment: cmd/flowmock does.
package setup

import (
	"crypto/sha256"
	"errors"
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

// Config is everything a flowmock server can be told. Its zero value is a server with the
// defaults: a setting left zero ("" or 0) means its default, and where a number can also be
// turned off or unbounded, a negative value does that (JournalSize, SessionIdle).
type Config struct {
	// Data is where flows come from: "fixtures" (the default; an unknown flow is
	// FlowNotExists), "fake" (any valid flow name is a faked flow), or "fixtures+fake".
	Data string
	// FixturesDir is a directory of fixture files served instead of the embedded set.
	FixturesDir string
	// Fixtures, when set, is served instead of the embedded set or FixturesDir (tests).
	Fixtures *fixtures.Set
	// Seed seeds faked data, request IDs, paging tokens and scenarios; 0 is a seed like any
	// other (the command's default is 1).
	Seed uint64
	// ScenariosDirs are directories of scenario files loaded on top of the embedded ones.
	ScenariosDirs []string
	// Scenarios are scenarios built in Go, loaded on top of the embedded ones.
	Scenarios []*scenarios.Scenario
	// DefaultScenario is active for sessions that chose none; "" for none.
	DefaultScenario string
	// Auth is "off" (the default: signatures ignored) or "verify" (V1 and V3 checked).
	Auth string
	// AccessKeyID and AccessKeySecret are the pair "verify" accepts; CredentialsFile names a
	// file of more pairs, one "ID SECRET" per line, '#' comments. With ID and secret both
	// "", the pair is DefaultAccessKeyID, DefaultAccessKeySecret.
	AccessKeyID, AccessKeySecret, CredentialsFile string
	// AllowUndeclared lets Prefer and X-Mock-Error ask for codes the contract does not declare.
	AllowUndeclared bool
	// ValidateResponses validates every response against the contract before it is sent.
	ValidateResponses bool
	// JournalSize is how many requests the journal keeps; 0 means mock.DefaultJournalSize,
	// negative turns the journal off (as in mock.Config).
	JournalSize int
	// MaxBodyBytes caps request bodies; 0 means mock.DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// HostID is the HostId of error envelopes; "" means mock.DefaultHostID.
	HostID string
	// CORS is the browser origins allowed: "*" (the default, also for ""), "off", or a
	// comma-separated list.
	CORS string
	// Logger receives the request log and problems; nil discards them.
	Logger *slog.Logger
	// TimeScale is the pace of session clocks: 1 wall time, 0.01 a hundred times faster, 0
	// (the zero value, as in mock.Config) waits take no time. The command's default is 1.
	TimeScale float64
	// MocksFile is the mock file of task results per test case; "" for none.
	MocksFile string
	// UnmockedTasks is what an unmocked task does: "echo" (the default; its input is its
	// output) or "fail".
	UnmockedTasks string
	// ControlCORS is the browser origins, besides the server's own, allowed to call the
	// control plane: a comma-separated list, "*", or "" for none.
	ControlCORS string
	// ControlToken is the bearer token the control plane requires; "" for none. The command
	// reads FLOWMOCK_CONTROL_TOKEN into it.
	ControlToken string
	// ControlHosts is the Host names besides loopback the control plane answers without a
	// token: a comma-separated list, "*", or "" for loopback only.
	ControlHosts string
	// MaxSessions caps the live sessions; SessionIdle evicts sessions unused that long
	// (negative: never). For these and the limits below, 0 means the default of mock or store.
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

// The defaults of the settings setup owns; the limits' defaults are mock's and store's.
const (
	DefaultData            = "fixtures"
	DefaultAuth            = "off"
	DefaultAccessKeyID     = "testAccessKeyId"
	DefaultAccessKeySecret = "testSecret"
	DefaultCORS            = "*"
)

// WithDefaults returns c with every setting left zero replaced by its default: the one place
// defaults are written. Build applies it; the command shows its values as the flags'
// defaults. Seed and TimeScale have none: their zero is a value (seed 0, waits take no time).
func (c Config) WithDefaults() Config {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&c.Data, DefaultData)
	def(&c.Auth, DefaultAuth)
	def(&c.CORS, DefaultCORS)
	def(&c.UnmockedTasks, mock.UnmockedEcho)
	def(&c.HostID, mock.DefaultHostID)
	if c.AccessKeyID == "" && c.AccessKeySecret == "" {
		c.AccessKeyID, c.AccessKeySecret = DefaultAccessKeyID, DefaultAccessKeySecret
	}
	n := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	n(&c.JournalSize, mock.DefaultJournalSize)
	n(&c.MaxSessions, store.DefaultMaxSessions)
	n(&c.MaxExecutions, store.DefaultMaxExecutions)
	n(&c.MaxLongPolls, mock.DefaultMaxLongPolls)
	n(&c.MaxLongPollsTotal, mock.DefaultMaxLongPollsTotal)
	n(&c.MaxRunning, store.DefaultMaxRunning)
	n(&c.MaxSessionBytes, store.DefaultMaxSessionBytes)
	n(&c.MaxSessionID, mock.DefaultMaxSessionID)
	n(&c.JournalBytes, mock.DefaultJournalBytes)
	n(&c.JournalValueBytes, mock.DefaultJournalValueBytes)
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = mock.DefaultMaxBodyBytes
	}
	if c.SessionIdle == 0 {
		c.SessionIdle = store.DefaultSessionIdle
	}
	return c
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
	c = c.WithDefaults()
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
	srv, err := mock.New(mock.Config{
		Data: data, Fake: b.faker, Seed: c.Seed, HostID: c.HostID, MaxBodyBytes: c.MaxBodyBytes,
		ValidateResponses: c.ValidateResponses, AllowUndeclared: c.AllowUndeclared, Scenarios: engine,
		DefaultScenario: c.DefaultScenario, JournalSize: c.JournalSize, CORSOrigins: mock.ParseOrigins(c.CORS),
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
