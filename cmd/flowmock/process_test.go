package main

import (
	"bufio"
	"context"
	"errors"
	"github.com/flowmock/flowmock/internal/syncbuf"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The tests here run the command as a process: the test binary runs main() when
// runMainEnv is set, so signals, exit codes and the environment are the real ones.
const runMainEnv = "FLOWMOCK_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Args = append([]string{"flowmock"}, os.Args[1:]...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// proc is a flowmock process.
type proc struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncbuf.Buffer
	done   chan error
}

// flowmockCmd is the flowmock command with args and env added to the environment.
func flowmockCmd(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(append(os.Environ(), runMainEnv+"=1"), env...)
	return cmd
}

// startProcess runs `flowmock serve --addr 127.0.0.1:0 args…` and waits for its first line.
func startProcess(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: flowmockCmd(t, nil, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...), stderr: &syncbuf.Buffer{}, done: make(chan error, 1)}
	p.cmd.Stderr = p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
		}
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed nothing: %v; stderr: %s", err, p.stderr.String())
	}
	go io.Copy(io.Discard, out)
	p.url = strings.Fields(strings.TrimPrefix(line, "flowmock listening on "))[0]
	return p
}

// exit sends sig and returns the exit code; a process still running after limit fails the
// test (limit is a generous bound, not a measurement).
func (p *proc) exit(t *testing.T, sig os.Signal, limit time.Duration) int {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(limit):
		_ = p.cmd.Process.Kill()
		t.Fatalf("still running %v after %v; stderr: %s", sig, limit, p.stderr.String())
		return -1
	}
}

// inFlight sends req and returns once it was written (or answered: a slow body's headers
// come at once); the returned channel yields the rest of the exchange's outcome.
func inFlight(t *testing.T, req *http.Request, readBody bool) <-chan error {
	t.Helper()
	wrote := make(chan struct{})
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { close(wrote) },
	}))
	answered := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		close(answered)
		if err == nil {
			if readBody {
				_, err = io.ReadAll(res.Body)
			}
			res.Body.Close()
		}
		done <- err
	}()
	select {
	case <-wrote:
	case <-answered:
	}
	if readBody {
		<-answered // the headers came; the body is on its way
	}
	return done
}

func post(t *testing.T, base, session string, params url.Values) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/", strings.NewReader(params.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Mock-Session", session)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d %s", params.Get("Action"), res.StatusCode, body)
	}
}

const waitFlow = `Type: StateMachine
SpecVersion: v1
Name: sleeper
StartAt: Nap
States:
  - Type: Wait
    Name: Nap
    Seconds: 300
    End: true
`

// TestSIGTERMEndsWhatIsInFlight: SIGTERM while a request hangs (scenario hang, 5 minutes), a
// body trickles (slow-body), an execution waits 5 minutes with a long poll on it, exits 0 —
// every wait ended, none outlived the grace period.
func TestSIGTERMEndsWhatIsInFlight(t *testing.T) {
	api := "/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=1"
	tests := []struct {
		name string
		busy func(t *testing.T, base string) <-chan error
	}{
		{"hang", func(t *testing.T, base string) <-chan error {
			req, _ := http.NewRequest(http.MethodGet, base+api, nil)
			req.Header.Set("X-Mock-Scenario", "hang")
			return inFlight(t, req, false)
		}},
		{"slow-body", func(t *testing.T, base string) <-chan error {
			req, _ := http.NewRequest(http.MethodGet, base+api, nil)
			req.Header.Set("X-Mock-Scenario", "slow-body")
			return inFlight(t, req, true)
		}},
		{"waiting execution and long poll", func(t *testing.T, base string) <-chan error {
			v := url.Values{"Version": {"2019-03-15"}}
			with := func(kv ...string) url.Values {
				out := url.Values{}
				for k, vs := range v {
					out[k] = vs
				}
				for i := 0; i < len(kv); i += 2 {
					out.Set(kv[i], kv[i+1])
				}
				return out
			}
			post(t, base, "s", with("Action", "CreateFlow", "Name", "sleeper", "Definition", waitFlow, "Description", "d", "Type", "FDL"))
			post(t, base, "s", with("Action", "StartExecution", "FlowName", "sleeper", "ExecutionName", "nap"))
			req, _ := http.NewRequest(http.MethodGet, base+"/?Action=DescribeExecution&Version=2019-03-15&FlowName=sleeper&ExecutionName=nap&WaitTimeSeconds=60", nil)
			req.Header.Set("X-Mock-Session", "s")
			return inFlight(t, req, false)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := startProcess(t, "--shutdown-grace", "5s")
			client := tt.busy(t, p.url)
			if code := p.exit(t, syscall.SIGTERM, 30*time.Second); code != 0 {
				t.Fatalf("exit code = %d, want 0; stderr: %s", code, p.stderr.String())
			}
			select {
			case <-client:
			case <-time.After(30 * time.Second):
				t.Fatal("the client's request did not end with the server")
			}
		})
	}
}

// TestSecretsNotPrinted: FLOWMOCK_CONTROL_TOKEN's value shows neither in serve --help nor in
// the usage a mistyped flag prints, and it is the token all the same.
func TestSecretsNotPrinted(t *testing.T) {
	const secret = "s3cret-do-not-print"
	for _, args := range [][]string{{"serve", "--help"}, {"serve", "-h"}, {"serve", "--contro-token", "x"}, {"serve", "--addr"}, {"help"}, {"nope"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _ := flowmockCmd(t, []string{"FLOWMOCK_CONTROL_TOKEN=" + secret}, args...).CombinedOutput()
			if strings.Contains(string(out), secret) {
				t.Fatalf("output shows the token:\n%s", out)
			}
			if args[0] == "serve" && !strings.Contains(string(out), "-control-token") {
				t.Fatalf("output = %s, want the flags' usage", out)
			}
		})
	}
	t.Run("the variable is the token", func(t *testing.T) {
		t.Setenv("FLOWMOCK_CONTROL_TOKEN", secret)
		base, stop := start(t)
		defer stop()
		if got := getJSON(t, base+"/_mock/requests", nil, nil); got != 401 {
			t.Errorf("without the token: %d, want 401", got)
		}
		if got := getJSON(t, base+"/_mock/requests", map[string]string{"Authorization": "bearer " + secret}, nil); got != 200 {
			t.Errorf("with the token: %d, want 200", got)
		}
	})
	t.Run("the flag wins over the variable", func(t *testing.T) {
		t.Setenv("FLOWMOCK_CONTROL_TOKEN", secret)
		base, stop := start(t, "--control-token", "")
		defer stop()
		if got := getJSON(t, base+"/_mock/requests", nil, nil); got != 200 {
			t.Errorf("--control-token '': %d, want 200 (no token)", got)
		}
	})
}

// TestRebindingRefused: a page on a rebinding domain reaches the process on 127.0.0.1 with
// Host evil.example; the control plane refuses it, and the name --control-hosts gives passes.
func TestRebindingRefused(t *testing.T) {
	base, stop := start(t, "--control-hosts", "flowmock")
	defer stop()
	ctx := context.Background()
	for _, tt := range []struct {
		host   string
		status int
	}{{"evil.example:8080", 403}, {"flowmock:8080", 200}, {"localhost:8080", 200}} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/_mock/sessions/x/reset", nil)
		req.Host = tt.host
		req.Header.Set("Origin", "http://"+tt.host)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("Host %s: %d %s, want %d", tt.host, res.StatusCode, body, tt.status)
		}
		if tt.status == 403 && !strings.Contains(string(body), "--control-hosts") {
			t.Errorf("Host %s: body %s, want it to name --control-hosts", tt.host, body)
		}
	}
}
