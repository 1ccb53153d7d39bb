package scaleout_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/flowmock/flowmock/internal/syncbuf"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"text/template"
	"time"
)

// The nginx configuration of the recipe (README.md), with the places a test run fills in.
var nginxConf = template.Must(template.New("nginx.conf").Parse(`{{if .Root}}user root;
{{end}}worker_processes 1;
events { worker_connections 1024; }

http {
    access_log {{.Dir}}/access.log;
    client_body_temp_path {{.Dir}}/client_body;
    proxy_temp_path {{.Dir}}/proxy;
    fastcgi_temp_path {{.Dir}}/fastcgi;
    uwsgi_temp_path {{.Dir}}/uwsgi;
    scgi_temp_path {{.Dir}}/scgi;

    # The API names its session in X-Mock-Session; without it the session is "default".
    map $http_x_mock_session $flowmock_api_session {
        ""      default;
        default $http_x_mock_session;
    }

    # Every replica holds its sessions in memory: a session must always reach the same one.
    upstream flowmock {
        hash $flowmock_session consistent;
{{range .Upstreams}}        server {{.}};
{{end}}        keepalive 32;
    }

    server {
        listen {{.Listen}};

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host; # the client's Host: the control plane's DNS-rebinding guard checks it
        proxy_buffering off;          # dribbled bodies and wire faults pass on as they happen
        proxy_read_timeout 75s;       # DescribeExecution holds an answer up to 60 s
        proxy_next_upstream off;      # another replica does not have the session

        # The control plane of one session: /_mock/sessions/{id}/...
        location ~ ^/_mock/sessions/(?<flowmock_path_session>[^/]+) {
            set $flowmock_session $flowmock_path_session;
            proxy_pass http://flowmock;
        }
        # The journal of one session: /_mock/requests?session=ID, /_mock/requests/count?session=ID
        location /_mock/requests {
            set $flowmock_session $arg_session;
            proxy_pass http://flowmock;
        }
        # The API; the rest of the control plane (health, scenarios, ui) is any replica's.
        location / {
            set $flowmock_session $flowmock_api_session;
            proxy_pass http://flowmock;
        }
    }
}
`))

// TestNginxScaleOut runs two replicas behind nginx and shows that 32 parallel sessions
// each see their own consistent state and journal through it, and that both replicas
// served some of them.
func TestNginxScaleOut(t *testing.T) {
	nginx := findNginx(t)
	bin := flowmockBinary(t)
	replicas := []string{startReplica(t, bin, 1), startReplica(t, bin, 2)}
	proxy := startNginx(t, nginx, replicas)

	fixtures := flowNames(t, proxy, "scale-fixtures")
	if len(fixtures) == 0 {
		t.Fatal("ListFlows of a new session: no fixture flows")
	}

	const sessions = 32
	sent := make([]int, sessions) // API requests of each session
	t.Run("sessions", func(t *testing.T) {
		for i := range sessions {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				sent[i] = useSession(t, proxy, sessionName(i), 1+i%3, fixtures)
			})
		}
	})
	if t.Failed() {
		return
	}

	// Each replica's own journal: some sessions each, every session on exactly one.
	onReplica := map[string]int{}
	total := 0
	for _, r := range replicas {
		var recs []struct{ Session string }
		getJSON(t, r+"/_mock/requests?limit=1000", &recs)
		bySession := map[string]int{}
		for _, rec := range recs {
			if strings.HasPrefix(rec.Session, "scale-") && rec.Session != "scale-fixtures" {
				bySession[rec.Session]++
			}
		}
		if len(bySession) == 0 {
			t.Errorf("replica %s served no session: the proxy does not spread sessions", r)
		}
		n := 0
		for _, c := range bySession {
			n += c
		}
		t.Logf("replica %s: %d sessions, %d requests", r, len(bySession), n)
		for s, n := range bySession {
			if prev, ok := onReplica[s]; ok {
				t.Errorf("session %s: requests on two replicas (%d and %d): the proxy does not pin sessions", s, prev, n)
			}
			onReplica[s] = n
			total += n
		}
	}
	for i := range sessions {
		if got, want := onReplica[sessionName(i)], sent[i]; got != want {
			t.Errorf("session %s: %d requests in the replicas' journals, want %d", sessionName(i), got, want)
		}
	}
	if want := sum(sent); total != want {
		t.Errorf("replicas' journals hold %d requests of the sessions, want %d", total, want)
	}
}

func sessionName(i int) string { return fmt.Sprintf("scale-%02d", i) }

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// useSession creates flows in session through the proxy, runs an execution of each, and
// checks what the session sees: its flows after the fixtures, its executions, its journal.
// It returns how many API requests it sent.
func useSession(t *testing.T, proxy, session string, flows int, fixtures []string) int {
	api := &client{t: t, base: proxy, session: session}
	want := slices.Clone(fixtures)
	for j := range flows {
		name := fmt.Sprintf("flow_%d", j) // the same names in every session: sessions do not share
		def := "Type: StateMachine\nSpecVersion: v1\nName: " + name + "\nStartAt: Greet\nStates:\n  - Type: Pass\n    Name: Greet\n    End: true\n"
		api.call("CreateFlow", nil, "Name", name, "Definition", def, "Description", "scale-out", "Type", "FDL")
		api.call("StartExecution", nil, "FlowName", name, "ExecutionName", "run-1", "Input", `{"session":"`+session+`"}`)
		var d struct{ Status string }
		api.call("DescribeExecution", &d, "FlowName", name, "ExecutionName", "run-1", "WaitTimeSeconds", "10")
		if d.Status != "Succeeded" {
			t.Errorf("%s: execution run-1 of %s: Status %q, want Succeeded", session, name, d.Status)
		}
		var l struct{ Executions []struct{ Name string } }
		api.call("ListExecutions", &l, "FlowName", name)
		if got := len(l.Executions); got != 1 || l.Executions[0].Name != "run-1" {
			t.Errorf("%s: ListExecutions of %s: %+v, want run-1 alone", session, name, l.Executions)
		}
		want = append(want, name)
	}
	var lf struct{ Flows []struct{ Name string } }
	api.call("ListFlows", &lf, "Limit", "1000")
	var got []string
	for _, f := range lf.Flows {
		got = append(got, f.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: ListFlows: %q, want %q (the fixtures, then the session's flows)", session, got, want)
	}

	var runs []struct{ Flow, Name, Status string }
	getJSON(t, proxy+"/_mock/sessions/"+url.PathEscape(session)+"/executions", &runs)
	if len(runs) != flows {
		t.Errorf("%s: GET /_mock/sessions/%s/executions: %d executions, want %d: %+v", session, session, len(runs), flows, runs)
	}
	var recs []struct{ Session, Action string }
	getJSON(t, proxy+"/_mock/requests?limit=1000&session="+url.QueryEscape(session), &recs)
	if len(recs) != api.sent {
		t.Errorf("%s: GET /_mock/requests?session=%s: %d records, want the %d requests it sent", session, session, len(recs), api.sent)
	}
	for _, r := range recs {
		if r.Session != session {
			t.Errorf("%s: the journal holds a record of session %q", session, r.Session)
		}
	}
	var c struct{ Count int }
	getJSON(t, proxy+"/_mock/requests/count?session="+url.QueryEscape(session), &c)
	if c.Count != api.sent {
		t.Errorf("%s: GET /_mock/requests/count: %d, want %d", session, c.Count, api.sent)
	}
	return api.sent
}

// flowNames lists the flows a session sees.
func flowNames(t *testing.T, base, session string) []string {
	api := &client{t: t, base: base, session: session}
	var lf struct{ Flows []struct{ Name string } }
	api.call("ListFlows", &lf, "Limit", "1000")
	var names []string
	for _, f := range lf.Flows {
		names = append(names, f.Name)
	}
	return names
}

// client calls the API in one session, POSTing forms as the SDKs do.
type client struct {
	t       *testing.T
	base    string
	session string
	sent    int
}

func (c *client) call(action string, out any, kv ...string) {
	c.t.Helper()
	form := url.Values{"Action": {action}, "Version": {"2019-03-15"}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	req, err := http.NewRequest(http.MethodPost, c.base+"/", strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Mock-Session", c.session)
	c.sent++
	body := do(c.t, req)
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			c.t.Fatalf("%s %s: %v: %s", c.session, action, err, body)
		}
	}
}

func getJSON(t *testing.T, u string, out any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(do(t, req), out); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

var httpClient = &http.Client{Timeout: 30 * time.Second}

// do sends req and returns the body of its 200 answer.
func do(t *testing.T, req *http.Request) []byte {
	t.Helper()
	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s (session %s): status %d: %s", req.Method, req.URL, req.Header.Get("X-Mock-Session"), res.StatusCode, body)
	}
	return body
}

// findNginx returns the nginx binary, or skips the test.
func findNginx(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	t.Skip("nginx is missing (not on PATH, no /usr/sbin/nginx): the scale-out recipe is not tested; apt-get install -y nginx")
	return ""
}

// flowmockBinary returns $FLOWMOCK_BIN, else a flowmock built from this module, else
// ../bin/flowmock.
func flowmockBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("FLOWMOCK_BIN"); p != "" {
		return p
	}
	out := filepath.Join(t.TempDir(), "flowmock")
	goBin, err := exec.LookPath("go")
	if err == nil {
		cmd := exec.Command(goBin, "build", "-o", out, "./cmd/flowmock")
		cmd.Dir = ".."
		var msg []byte
		if msg, err = cmd.CombinedOutput(); err == nil {
			return out
		}
		err = fmt.Errorf("go build ./cmd/flowmock: %v\n%s", err, msg)
	}
	if p, statErr := filepath.Abs("../bin/flowmock"); statErr == nil {
		if _, statErr := os.Stat(p); statErr == nil {
			t.Logf("using %s: %v", p, err)
			return p
		}
	}
	t.Fatalf("no flowmock binary: %v; and ../bin/flowmock is missing", err)
	return ""
}

// startReplica starts `flowmock serve` on a free loopback port and returns its URL. Each
// replica gets a seed of its own, so request IDs differ across replicas.
func startReplica(t *testing.T, bin string, seed int) string {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--seed", fmt.Sprint(seed), "--log-level", "warn")
	var stderr syncbuf.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	startGroup(t, cmd, "flowmock replica", &stderr)
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatalf("flowmock replica said nothing: %s", stderr.String())
	}
	m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(sc.Text())
	if m == nil {
		t.Fatalf("flowmock replica: first line %q names no address", sc.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return m[1]
}

// startNginx writes the recipe's configuration for the upstreams into a temporary
// directory and runs nginx in the foreground on a free loopback port, as the current user;
// it returns the proxy's URL.
func startNginx(t *testing.T, nginx string, upstreams []string) string {
	t.Helper()
	dir := t.TempDir()
	// The port is ours before nginx starts: nginx inherits the listening socket (the NGINX
	// environment variable, as in a binary upgrade), so there is no race for the port and
	// no waiting for readiness: connections queue until nginx accepts them.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ln.(*net.TCPListener).File()
	ln.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var hosts []string
	for _, u := range upstreams {
		hosts = append(hosts, strings.TrimPrefix(u, "http://"))
	}
	var conf bytes.Buffer
	if err := nginxConf.Execute(&conf, map[string]any{
		"Dir": dir, "Upstreams": hosts, "Listen": ln.Addr().String(),
		"Root": os.Geteuid() == 0, // as root, workers would run as nobody, who cannot enter dir
	}); err != nil {
		t.Fatal(err)
	}
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, conf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-p", dir, "-e", "stderr", "-c", confPath, "-g", "daemon off; pid " + filepath.Join(dir, "nginx.pid") + "; error_log stderr;"}
	if out, err := exec.Command(nginx, append([]string{"-t"}, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s\n%s", err, out, conf.String())
	}
	cmd := exec.Command(nginx, args...)
	cmd.ExtraFiles = []*os.File{f} // fd 3
	cmd.Env = append(os.Environ(), "NGINX=3;")
	var stderr syncbuf.Buffer
	cmd.Stderr = &stderr
	startGroup(t, cmd, "nginx", &stderr)
	base := "http://" + ln.Addr().String()
	// The first answer through nginx, or nginx's own account of why there is none.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_mock/health", nil)
	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("nginx does not answer: %v\n%s", err, stderr.String())
	}
	res.Body.Close()
	return base
}

// startGroup starts cmd in a process group of its own and ends the group when the test
// ends (SIGTERM, then SIGKILL after 10 s), logging what it wrote to stderr if the test
// failed.
func startGroup(t *testing.T, cmd *exec.Cmd, what string, stderr *syncbuf.Buffer) {
	t.Helper()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	pgid := cmd.Process.Pid
	t.Cleanup(func() {
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-done
		}
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("%s stderr:\n%s", what, stderr.String())
		}
	})
}
