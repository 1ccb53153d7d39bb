package setup_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/setup"
	"github.com/flowmock/flowmock/store"
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
		{"verify without credentials", func(c *setup.Config) { c.Auth, c.AccessKeySecret = "verify", "orphan" }, "--auth verify needs credentials"},
		{"credentials file line", func(c *setup.Config) { c.Auth, c.CredentialsFile = "verify", creds }, creds + ":3: want 'ACCESS_KEY_ID SECRET', got 1 fields"},
		{"mock file naming a state a fixture flow lacks", func(c *setup.Config) { c.MocksFile = mocks }, mocks + ":4:"},
		{"time scale", func(c *setup.Config) { c.TimeScale = 2 }, "TimeScale"},
		{"unmocked tasks", func(c *setup.Config) { c.UnmockedTasks = "skip" }, `UnmockedTasks: want echo or fail, got "skip"`},
		{"unknown default scenario", func(c *setup.Config) { c.DefaultScenario = "nope" }, `default scenario "nope" does not exist`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := setup.Config{}
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
			c := setup.Config{}
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

// TestWithDefaults: the zero Config means the defaults, a set value stays, and a negative
// JournalSize or SessionIdle stays negative (off, never) rather than becoming the default.
func TestWithDefaults(t *testing.T) {
	tests := []struct {
		name  string
		in    setup.Config
		check func(setup.Config) string
	}{
		{"zero is the defaults", setup.Config{}, func(c setup.Config) string {
			if c.Data != "fixtures" || c.Auth != "off" || c.CORS != "*" || c.JournalSize != 1000 || c.MaxBodyBytes != 1<<20 || c.AccessKeyID != setup.DefaultAccessKeyID {
				return "not the defaults"
			}
			return ""
		}},
		{"a set value stays", setup.Config{Config: mock.Config{JournalSize: 7, MaxSessions: 3}, Data: "fake"}, func(c setup.Config) string {
			if c.JournalSize != 7 || c.Data != "fake" || c.MaxSessions != 3 {
				return "a set value changed"
			}
			return ""
		}},
		{"negative stays off", setup.Config{Config: mock.Config{JournalSize: -1, SessionIdle: -1}}, func(c setup.Config) string {
			if c.JournalSize != -1 || c.SessionIdle != -1 {
				return "negative became something else"
			}
			return ""
		}},
		{"the server's defaults are mock's", setup.Config{}, func(c setup.Config) string {
			if want := (mock.Config{}).WithDefaults(); !reflect.DeepEqual(c.Config, want) {
				return fmt.Sprintf("the embedded mock.Config is %+v, want mock.Config{}.WithDefaults() %+v", c.Config, want)
			}
			if c.MaxSessions != store.DefaultMaxSessions || c.HostID != mock.DefaultHostID || c.UnmockedTasks != mock.UnmockedEcho {
				return "a server default is missing"
			}
			return ""
		}},
		{"seed and time scale have no default", setup.Config{}, func(c setup.Config) string {
			if c.Seed != 0 || c.TimeScale != 0 {
				return "seed or time scale defaulted"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.WithDefaults()
			if msg := tt.check(got); msg != "" {
				t.Errorf("WithDefaults(%+v) = %+v: %s", tt.in, got, msg)
			}
		})
	}
}

// TestJournalSize: 0 keeps the default journal, negative turns it off — as in mock.Config.
func TestJournalSize(t *testing.T) {
	for _, tt := range []struct {
		name string
		size int
		want int
	}{{"zero is the default", 0, 1}, {"negative is off", -1, 0}, {"positive", 5, 1}} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := setup.Build(setup.Config{Config: mock.Config{JournalSize: tt.size}})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Server.Close()
			// ServeHTTP returns after the request is journaled.
			b.Server.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/?Action=ListFlows&Version=2019-03-15", nil))
			if got := b.Server.CountRequests(mock.RecordFilter{}); got != tt.want {
				t.Errorf("journal records = %d, want %d", got, tt.want)
			}
		})
	}
}
