package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe to read while serve writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs `flowmock serve args…` on a free port and returns its base URL and a stop func
// that cancels it (as SIGINT does) and returns run's error.
func start(t *testing.T, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), pw, &stderr)
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve printed nothing: %v; stderr: %s", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	const prefix = "flowmock listening on "
	if !strings.HasPrefix(line, prefix) || !strings.Contains(line, "seed ") {
		cancel()
		t.Fatalf("first line = %q, want %q… with the seed", line, prefix)
	}
	url := strings.Fields(strings.TrimPrefix(line, prefix))[0]
	return url, func() error { cancel(); return <-done }
}

func TestServeDefaults(t *testing.T) {
	url, stop := start(t)
	res, err := http.Get(url + "/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=2")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"FlowName":"demo_flow"`) {
		t.Fatalf("GET demo_flow: %d %s", res.StatusCode, body)
	}
	res, err = http.Get(url + "/?Action=ListExecutions&Version=2019-03-15&FlowName=unknown_flow")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Fatalf("unknown flow with default data: status %d, want 404", res.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
}

func TestServeFlags(t *testing.T) {
	dir := t.TempDir()
	creds := filepath.Join(dir, "creds")
	if err := os.WriteFile(creds, []byte("# test\nkey1 secret1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(bad, []byte("only-one-field\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"help", []string{"--help"}, "help requested"},
		{"bad data", []string{"--data", "db"}, "--data: want fixtures, fake or fixtures+fake"},
		{"fixtures with fake", []string{"--data", "fake", "--fixtures", dir}, "--fixtures has no effect with --data fake"},
		{"missing fixture dir", []string{"--fixtures", filepath.Join(dir, "nope")}, "nope"},
		{"bad auth", []string{"--auth", "maybe"}, "--auth: want off or verify"},
		{"bad credentials", []string{"--auth", "verify", "--credentials", bad}, bad + ":1:"},
		{"bad log format", []string{"--log-format", "xml"}, "--log-format"},
		{"stray argument", []string{"extra"}, "no arguments"},
		{"unknown scenario", []string{"--scenario", "nope"}, `default scenario "nope" does not exist`},
		{"missing scenarios dir", []string{"--scenarios", filepath.Join(dir, "nope")}, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...), &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	t.Run("help explains each flag", func(t *testing.T) {
		var out, errOut bytes.Buffer
		_ = run(context.Background(), []string{"serve", "--help"}, &out, &errOut)
		for _, flag := range []string{"-addr", "-data", "-fixtures", "-seed", "-log-level", "-auth", "-allow-undeclared", "-scenario", "-scenarios", "-journal-size"} {
			if !strings.Contains(errOut.String(), flag) {
				t.Errorf("serve --help does not mention %s", flag)
			}
		}
	})
	t.Run("fake data and verify auth", func(t *testing.T) {
		url, stop := start(t, "--data", "fake", "--seed", "5", "--auth", "verify", "--credentials", creds)
		res, err := http.Get(url + "/?Action=ListExecutions&Version=2019-03-15&FlowName=any_flow")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Fatalf("unsigned request with --auth verify: status %d, want 400 MissingRequiredParams", res.StatusCode)
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	})
}
