package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"github.com/flowmock/flowmock/internal/syncbuf"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// start runs `flowmock serve args…` on a free port and returns its base URL and a stop func
// that cancels it (as SIGINT does) and returns run's error.
func start(t *testing.T, args ...string) (string, func() error) {
	t.Helper()
	return startCmd(t, "serve", args...)
}

// startCmd is start for any command that serves (serve, proxy).
func startCmd(t *testing.T, cmd string, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr syncbuf.Buffer
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{cmd, "--addr", "127.0.0.1:0"}, args...), pw, &stderr)
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

// getJSON GETs url and decodes the JSON answer into v, returning the status.
func getJSON(t *testing.T, url string, header map[string]string, v any) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, val := range header {
		req.Header.Set(k, val)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if v != nil {
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return res.StatusCode
}

// waitReload polls /_mock/health until a reload newer than after is reported; the reload is
// asynchronous (a file watcher), so the test waits for the server to say it happened.
func waitReload(t *testing.T, base string, after string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var h struct {
			Reload map[string]any `json:"reload"`
		}
		getJSON(t, base+"/_mock/health", nil, &h)
		if h.Reload != nil && h.Reload["at"].(string) != after {
			return h.Reload
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no reload reported within 15s")
	return nil
}

func TestHotReloadScenarios(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.yaml")
	write := func(body string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("name: mine\ndescription: first\nrules:\n  - name: r\n    error: ResourceThrottled\n")
	base, stop := start(t, "--scenarios", dir, "--scenario", "mine")
	defer stop()
	api := base + "/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=1"
	if got := getJSON(t, api, nil, nil); got != 429 {
		t.Fatalf("before the edit: %d, want 429", got)
	}
	write("name: mine\ndescription: second\nrules:\n  - name: r\n    error: FlowNotExists\n")
	if r := waitReload(t, base, ""); r["ok"] != true {
		t.Fatalf("valid edit refused: %v", r)
	}
	if got := getJSON(t, api, nil, nil); got != 404 {
		t.Fatalf("after the edit: %d, want 404", got)
	}
	first := waitReload(t, base, "")["at"].(string)
	write("name: mine\nrules:\n  - name: r\n    error: NotACode\n")
	r := waitReload(t, base, first)
	if r["ok"] != false || !strings.Contains(r["error"].(string), "mine.yaml:4") {
		t.Fatalf("broken edit: reload = %v, want refused naming mine.yaml:4", r)
	}
	if got := getJSON(t, api, nil, nil); got != 404 {
		t.Fatalf("after the broken edit: %d, want the previous behaviour (404)", got)
	}
}

func TestCORS(t *testing.T) {
	base, stop := start(t)
	defer stop()
	req, _ := http.NewRequest(http.MethodOptions, base+"/", nil)
	req.Header.Set("Origin", "http://localhost:5173")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "x-mock-session, x-mock-scenario, prefer")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Origin") != "http://localhost:5173" ||
		!strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "x-mock-session") {
		t.Fatalf("preflight: %d %v", res.StatusCode, res.Header)
	}
	var body map[string]any
	getJSON(t, base+"/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=1", map[string]string{"Origin": "http://x.test"}, &body)
	req, _ = http.NewRequest(http.MethodGet, base+"/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=1", nil)
	req.Header.Set("Origin", "http://x.test")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Access-Control-Allow-Origin") != "http://x.test" || !strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "x-acs-request-id") {
		t.Fatalf("simple request: CORS headers %v", res.Header)
	}
}

func TestMetricsMove(t *testing.T) {
	base, stop := start(t)
	defer stop()
	scrape := func() string {
		res, err := http.Get(base + "/_mock/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	getJSON(t, base+"/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=1", map[string]string{"X-Mock-Scenario": "throttled"}, nil)
	getJSON(t, base+"/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=1", nil, nil)
	m := scrape()
	for _, want := range []string{
		`flowmock_requests_total{action="ListExecutions",code="ResourceThrottled",scenario="throttled",status="429"} 1`,
		`flowmock_requests_total{action="ListExecutions",code="",scenario="",status="200"} 1`,
		`flowmock_request_duration_seconds_count{action="ListExecutions"} 2`,
		`flowmock_journal_records 2`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// TestSlowClientCutOff: a client that dribbles its headers is cut off by
// --read-header-timeout, and another client is served meanwhile.
func TestSlowClientCutOff(t *testing.T) {
	url, stop := start(t, "--read-header-timeout", "300ms", "--log-level", "error")
	defer stop()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /?Action=DescribeRegions HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(url + "/?Action=DescribeRegions&Version=2019-03-15")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("another client while the slow one dribbles: %v %v", err, res)
	}
	res.Body.Close()
	// The server closes the slow connection once the header timeout passes.
	if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	n, err := conn.Read(make([]byte, 512))
	if err == nil && n > 0 {
		// net/http may answer 408 before closing; the connection must end right after.
		_, err = conn.Read(make([]byte, 512))
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the slow client was still connected 10s later; want it cut off after 300ms")
	}
}
