package setup_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/setup"
)

// TestBuildRefusesBadSettings: every bad setting is an error that names it.
func TestBuildRefusesBadSettings(t *testing.T) {
	mocks := filepath.Join(t.TempDir(), "mocks.yaml")
	if err := os.WriteFile(mocks, []byte("Flows:\n  demo_flow:\n    TestCases:\n      Happy: { Shipit: OK }\nMockedResponses:\n  OK:\n    \"0\": { Return: {} }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	creds := filepath.Join(t.TempDir(), "creds")
	if err := os.WriteFile(creds, []byte("# pairs\nid1 secret1\nid2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(*setup.Config)
		want string
	}{
		{"data mode", func(c *setup.Config) { c.Data = "random" }, `--data: want fixtures, fake or fixtures+fake, got "random"`},
		{"fixtures with fake", func(c *setup.Config) { c.Data, c.FixturesDir = "fake", "x" }, "--fixtures has no effect with --data fake"},
		{"missing fixtures dir", func(c *setup.Config) { c.FixturesDir = filepath.Join(t.TempDir(), "nope") }, "nope"},
		{"auth mode", func(c *setup.Config) { c.Auth = "on" }, `--auth: want off or verify, got "on"`},
		{"verify without credentials", func(c *setup.Config) { c.Auth, c.AccessKeyID = "verify", "" }, "--auth verify needs credentials"},
		{"credentials file line", func(c *setup.Config) { c.Auth, c.CredentialsFile = "verify", creds }, creds + ":3: want 'ACCESS_KEY_ID SECRET', got 1 fields"},
		{"mock file naming a state a fixture flow lacks", func(c *setup.Config) { c.MocksFile = mocks }, mocks + ":4:"},
		{"time scale", func(c *setup.Config) { c.TimeScale = 2 }, "TimeScale"},
		{"unmocked tasks", func(c *setup.Config) { c.UnmockedTasks = "skip" }, `UnmockedTasks: want echo or fail, got "skip"`},
		{"unknown default scenario", func(c *setup.Config) { c.DefaultScenario = "nope" }, `default scenario "nope" does not exist`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := setup.Default()
			tt.edit(&c)
			_, err := setup.Build(c)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Build error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestBuildDefaults(t *testing.T) {
	for _, mode := range []string{"fixtures", "fake", "fixtures+fake"} {
		t.Run(mode, func(t *testing.T) {
			c := setup.Default()
			c.Data = mode
			b, err := setup.Build(c)
			if err != nil {
				t.Fatal(err)
			}
			if b.Server == nil || b.Data == "" {
				t.Fatalf("Build = %+v, want a server and a description", b)
			}
			if _, err := b.Server.State("s").Flow("demo_flow"); err != nil {
				t.Errorf("demo_flow: %v, want a flow (fixture or faked)", err)
			}
			_, err = b.Server.State("s").Flow("no_such_flow")
			if got, want := err == nil, mode != "fixtures"; got != want {
				t.Errorf("no_such_flow exists = %v, want %v (err %v)", got, want, err)
			}
		})
	}
}
