package deploy

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const passFlow = "Type: StateMachine\nSpecVersion: v1\nName: lifecycle\nStartAt: Hello\nStates:\n  - Type: Pass\n    Name: Hello\n    End: true\n"

// flowLifecycle creates a flow, runs an execution to its end and deletes the flow, in session.
func flowLifecycle(t *testing.T, base, session string) {
	steps := []struct {
		name   string
		params url.Values
		want   int
	}{
		{"CreateFlow", url.Values{"Action": {"CreateFlow"}, "Name": {"lifecycle"}, "Definition": {passFlow}, "Description": {"image test"}, "Type": {"FDL"}}, 200},
		{"StartExecution", url.Values{"Action": {"StartExecution"}, "FlowName": {"lifecycle"}, "ExecutionName": {"run1"}, "Input": {`{"n":1}`}}, 200},
	}
	for _, s := range steps {
		if got, body := call(t, base, session, s.params); got != s.want {
			t.Fatalf("%s = %d %v, want %d", s.name, got, body, s.want)
		}
	}
	var status any
	eventually(t, 30*time.Second, "the execution to end", func() bool {
		code, body := call(t, base, session, url.Values{"Action": {"DescribeExecution"}, "FlowName": {"lifecycle"}, "ExecutionName": {"run1"}, "WaitTimeSeconds": {"5"}})
		if code != 200 {
			t.Fatalf("DescribeExecution = %d %v", code, body)
		}
		status = body["Status"]
		return status != "Running"
	})
	if status != "Succeeded" {
		t.Errorf("execution Status = %v, want Succeeded", status)
	}
	if got, body := call(t, base, session, url.Values{"Action": {"DeleteFlow"}, "Name": {"lifecycle"}}); got != 200 {
		t.Fatalf("DeleteFlow = %d %v", got, body)
	}
	if got, body := call(t, base, session, url.Values{"Action": {"DescribeFlow"}, "Name": {"lifecycle"}}); got != 404 || body["Code"] != "FlowNotExists" {
		t.Errorf("DescribeFlow after delete = %d %v, want 404 FlowNotExists", got, body)
	}
}

// controlPlane reads the health probe and the session's journal from the host, resets the
// session and sees its journal emptied.
func controlPlane(t *testing.T, base, session string) {
	get := func(path string) (int, map[string]any) {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		return do(t, req)
	}
	if code, body := get("/_mock/health"); code != 200 || body["status"] != "ok" {
		t.Fatalf("GET /_mock/health = %d %v, want 200 status ok", code, body)
	}
	count := "/_mock/requests/count?session=" + url.QueryEscape(session) + "&action=CreateFlow"
	if code, body := get(count); code != 200 || body["count"] != float64(1) {
		t.Fatalf("GET %s = %d %v, want count 1", count, code, body)
	}
	req, err := http.NewRequest(http.MethodPost, base+"/_mock/sessions/"+url.PathEscape(session)+"/reset", nil)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := do(t, req); code != 200 {
		t.Fatalf("reset = %d %v", code, body)
	}
	if code, body := get(count); code != 200 || body["count"] != float64(0) {
		t.Errorf("GET %s after reset = %d %v, want count 0", count, code, body)
	}
}

// nodeSDK runs sdktest/node/quickstart.test.js (the official Node SDK) against base.
func nodeSDK(t *testing.T, base string) {
	dir, err := filepath.Abs(filepath.Join("..", "sdktest", "node"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("skipped: no node")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@alicloud", "fnf-2019-03-15")); err != nil {
		t.Skip("skipped: the Node SDK is not installed (cd sdktest/node && npm ci; .ci/run does)")
	}
	cmd := exec.Command("node", "--test", "quickstart.test.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "FLOWMOCK_URL="+base)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "# pass 1") {
		t.Fatalf("node --test quickstart.test.js against %s: %v\n%s", base, err, out)
	}
}

// oldGoSDK runs sdktest's TestOldSDKAgainstURL (the old Go SDK, services/fnf) against base;
// -race as `make test-sdk` builds it, so the two share the build cache.
func oldGoSDK(t *testing.T, base string) {
	cmd := exec.Command("go", "test", "-race", "-count=1", "-run", "^TestOldSDKAgainstURL$", "-v", ".")
	cmd.Dir = filepath.Join("..", "sdktest")
	cmd.Env = append(os.Environ(), "FLOWMOCK_URL="+base)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestOldSDKAgainstURL") {
		t.Fatalf("go test -run TestOldSDKAgainstURL in sdktest against %s: %v\n%s", base, err, out)
	}
}
