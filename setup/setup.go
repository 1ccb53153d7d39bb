// Package setup is the one configuration of a flowmock server and the one builder: the
// command's flags and mocktest both fill a Config — the server's mock.Config, embedded, plus
// the settings the server's dependencies are built from — whose zero value means the
// defaults (WithDefaults writes them), and Build assembles the mock from it (data sources,
// scenarios, signature verifier). It reads no flags and no environment: cmd/flowmock does.
package setup

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/scenarios"
	"github.com/flowmock/flowmock/signature"
)

// Config is everything a flowmock server can be told. Its zero value is a server with the
// defaults: a setting left zero ("" or 0) means its default, and where a number can also be
// turned off or unbounded, a negative value does that (JournalSize, SessionIdle). Seed and
// TimeScale have none (see mock.Config); the command's are 1 and 1, mocktest's 1 and 0.
type Config struct {
	// Config is the server's own configuration, set through its promoted fields (c.Seed,
	// c.MaxSessions, c.ControlToken, c.Logger, c.Upstream...). Build fills the server's
	// dependencies from the settings below — mock.Config's Data, Fake, Scenarios, Auth,
	// Mocks, CORSOrigins, ControlOrigins and ControlHosts — whatever they held; this type's
	// Data, Scenarios, Auth and ControlHosts are the settings, not the server's fields.
	mock.Config

	// Data is where flows come from: "fixtures" (the default; an unknown flow is
	// FlowNotExists), "fake" (any valid flow name is a faked flow), or "fixtures+fake".
	Data string
	// FixturesDir is a directory of fixture files served instead of the embedded set.
	FixturesDir string
	// Fixtures, when set, is served instead of the embedded set or FixturesDir (tests).
	Fixtures *fixtures.Set
	// ScenariosDirs are directories of scenario files loaded on top of the embedded ones.
	ScenariosDirs []string
	// Scenarios are scenarios built in Go, loaded on top of the embedded ones.
	Scenarios []*scenarios.Scenario
	// Auth is "off" (the default: signatures ignored) or "verify" (V1 and V3 checked).
	Auth string
	// AccessKeyID and AccessKeySecret are the pair "verify" accepts; CredentialsFile names a
	// file of more pairs, one "ID SECRET" per line, '#' comments. With ID and secret both
	// "", the pair is DefaultAccessKeyID, DefaultAccessKeySecret.
	AccessKeyID, AccessKeySecret, CredentialsFile string
	// CORS is the browser origins allowed: "*" (the default, also for ""), "off", or a
	// comma-separated list.
	CORS string
	// MocksFile is the mock file of task results per test case; "" for none.
	MocksFile string
	// ControlCORS is the browser origins, besides the server's own, allowed to call the
	// control plane: a comma-separated list, "*", or "" for none.
	ControlCORS string
	// ControlHosts is the Host names besides loopback the control plane answers without a
	// token: a comma-separated list, "*", or "" for loopback only.
	ControlHosts string
}

// The defaults of the settings setup owns; the limits' defaults are mock's and store's.
const (
	DefaultData            = "fixtures"
	DefaultAuth            = "off"
	DefaultAccessKeyID     = "testAccessKeyId"
	DefaultAccessKeySecret = "testSecret"
	DefaultCORS            = "*"
)

// WithDefaults returns c with every setting left zero replaced by its default (the server's
// from mock.Config.WithDefaults). Build applies it; the command shows its values as the
// flags' defaults.
func (c Config) WithDefaults() Config {
	c.Config = c.Config.WithDefaults()
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&c.Data, DefaultData)
	def(&c.Auth, DefaultAuth)
	def(&c.CORS, DefaultCORS)
	if c.AccessKeyID == "" && c.AccessKeySecret == "" {
		c.AccessKeyID, c.AccessKeySecret = DefaultAccessKeyID, DefaultAccessKeySecret
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
	// The scenarios load while the fixtures do (start-up time); both are joined here.
	type scens struct {
		e   *scenarios.Engine
		err error
	}
	loaded := make(chan scens, 1)
	go func() {
		e, err := mock.LoadScenarios(c.Seed, c.ScenariosDirs, c.Scenarios...)
		loaded <- scens{e, err}
	}()
	data, desc, err := b.dataSource()
	sc := <-loaded
	if err != nil {
		return nil, err
	}
	b.Data = desc
	auth, err := verifier(c)
	if err != nil {
		return nil, err
	}
	engine, err := sc.e, sc.err
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
	mc := c.Config
	mc.Data, mc.Fake, mc.Scenarios, mc.Auth, mc.Mocks = data, b.faker, engine, auth, mocks
	mc.CORSOrigins, mc.ControlOrigins = mock.ParseOrigins(c.CORS), mock.ParseOrigins(c.ControlCORS)
	mc.ControlHosts = mock.ParseHosts(c.ControlHosts)
	srv, err := mock.New(mc)
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
