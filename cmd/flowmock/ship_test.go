package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func TestApplyEnv(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    map[string]string // flag → value after applyEnv
		wantErr string
		notIn   string // must not appear in the error
	}{
		{name: "unset keeps the default", want: map[string]string{"max-body": "10", "addr": "a:1"}},
		{name: "env sets a flag", env: map[string]string{"FLOWMOCK_MAX_BODY": "20", "FLOWMOCK_ADDR": "0.0.0.0:8080"},
			want: map[string]string{"max-body": "20", "addr": "0.0.0.0:8080"}},
		{name: "command line wins", args: []string{"--max-body", "30"}, env: map[string]string{"FLOWMOCK_MAX_BODY": "20"},
			want: map[string]string{"max-body": "30"}},
		{name: "bool flag", env: map[string]string{"FLOWMOCK_WATCH": "false"}, want: map[string]string{"watch": "false"}},
		{name: "bad value names the variable", env: map[string]string{"FLOWMOCK_MAX_BODY": "lots"},
			wantErr: `FLOWMOCK_MAX_BODY="lots": invalid value for --max-body`},
		{name: "a secret is never printed", env: map[string]string{"FLOWMOCK_CONTROL_TOKEN": "hunter2"},
			wantErr: "FLOWMOCK_CONTROL_TOKEN: invalid value for --control-token", notIn: "hunter2"},
		{name: "other variables are ignored", env: map[string]string{"FLOWMOCK_NOPE": "1", "MAX_BODY": "2"},
			want: map[string]string{"max-body": "10"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.String("addr", "a:1", "")
			fs.Int64("max-body", 10, "")
			fs.Bool("watch", true, "")
			fs.Func("control-token", "", func(string) error { return errors.New("refused") })
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			err := applyEnv(fs, func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if tc.notIn != "" && strings.Contains(err.Error(), tc.notIn) {
					t.Fatalf("err = %v, shows the secret", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tc.want {
				if got := fs.Lookup(name).Value.String(); got != want {
					t.Errorf("--%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

// Every flag of serve has its FLOWMOCK_ variable in the README's table.
func TestEnvTableInREADME(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.flags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		def := "`" + f.DefValue + "`"
		if f.DefValue == "" || f.Name == "scenarios" {
			def = "—"
		}
		// The row names the variable, the flag and the flag's true default.
		if row := "| `" + envName(f.Name) + "` | `--" + f.Name + "` | " + def + " |"; !strings.Contains(readme, row) {
			t.Errorf("README.md has no row %q for --%s", row, f.Name)
		}
	})
}

func TestServeFromEnv(t *testing.T) {
	t.Setenv("FLOWMOCK_HOST_ID", "env-host")
	url, stop := start(t)
	defer stop()
	res, err := http.Get(url + "/?Action=DescribeFlow&Version=2019-03-15&Name=no_such_flow")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	if !strings.Contains(b.String(), `"HostId":"env-host"`) {
		t.Fatalf("error envelope = %s, want HostId env-host (from FLOWMOCK_HOST_ID)", b.String())
	}
}

func TestVersion(t *testing.T) {
	for _, tc := range []struct {
		name, version, commit string
		want                  []string
	}{
		{name: "ldflags", version: "v1.2.3", commit: "abc123", want: []string{"flowmock v1.2.3\n", "commit abc123", "go1."}},
		{name: "unset", want: []string{"flowmock dev\n", "commit ", "go1."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, oldCommit := version, commit
			version, commit = tc.version, tc.commit
			defer func() { version, commit = old, oldCommit }()
			var out bytes.Buffer
			if err := run(context.Background(), []string{"version"}, &out, &out); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("version printed %q, want it to contain %q", out.String(), w)
				}
			}
		})
	}
}

func TestHealth(t *testing.T) {
	up, stop := start(t)
	defer stop()
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "draining", http.StatusServiceUnavailable)
	}))
	defer sick.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, tc := range []struct {
		name, url string
		wantCode  int // 0: healthy
		wantErr   string
	}{
		{name: "healthy", url: up + "/_mock/health"},
		{name: "503", url: sick.URL, wantCode: 1, wantErr: "503"},
		{name: "nothing listening", url: closed.URL, wantCode: 1, wantErr: "connect"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), []string{"health", "--url", tc.url, "--timeout", time.Minute.String()}, &out, &out)
			if tc.wantCode == 0 {
				if err != nil {
					t.Fatalf("health: %v", err)
				}
				return
			}
			var ee exitError
			if !errors.As(err, &ee) || ee.code != tc.wantCode || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("health err = %v, want exit %d mentioning %q", err, tc.wantCode, tc.wantErr)
			}
		})
	}
}

func TestDefaultHealthURL(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"", "http://127.0.0.1:8080/_mock/health"},
		{"0.0.0.0:9000", "http://127.0.0.1:9000/_mock/health"},
		{":0", "http://127.0.0.1:8080/_mock/health"},
		{"garbage", "http://127.0.0.1:8080/_mock/health"},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			got := defaultHealthURL(func(string) string { return tc.addr })
			if got != tc.want {
				t.Errorf("defaultHealthURL(FLOWMOCK_ADDR=%q) = %q, want %q", tc.addr, got, tc.want)
			}
		})
	}
}
