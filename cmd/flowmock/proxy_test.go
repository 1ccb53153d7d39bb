package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/proxy"
)

// TestProxyCommand: flowmock proxy in front of flowmock serve --auth verify, credentials from
// the environment; at exit the reports are written.
func TestProxyCommand(t *testing.T) {
	t.Setenv(proxy.EnvAccessKeyID, "upId")
	t.Setenv(proxy.EnvAccessKeySecret, "upSecret")
	t.Setenv("HOME", t.TempDir())
	upstream, stopUp := start(t, "--auth", "verify", "--access-key-id", "upId", "--access-key-secret", "upSecret")
	defer stopUp()
	dir := t.TempDir()
	jsonReport, xmlReport := filepath.Join(dir, "violations.json"), filepath.Join(dir, "junit.xml")
	url, stop := startCmd(t, "proxy", "--upstream", upstream, "--report", jsonReport, "--report", xmlReport)
	for _, q := range []string{"Action=ListFlows&Limit=1", "Action=DescribeFlow&Name=demo_flow", "Action=DescribeFlow&Name=no_such_flow"} {
		res, err := http.Get(url + "/?Version=2019-03-15&" + q)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 500 || bytes.Contains(body, []byte("Signature")) {
			t.Fatalf("%s: %d %s", q, res.StatusCode, body)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("proxy: %v", err)
	}
	var rep struct {
		Tool  string `json:"tool"`
		Cases []struct {
			Name       string `json:"name"`
			Checked    int    `json:"checked"`
			Violations []any  `json:"violations"`
		} `json:"cases"`
	}
	b, err := os.ReadFile(jsonReport)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil || rep.Tool != "flowmock proxy" || len(rep.Cases) != 2 || rep.Cases[0].Name != "DescribeFlow" || rep.Cases[0].Checked != 2 {
		t.Errorf("JSON report %s (%v); want DescribeFlow checked twice and ListFlows", b, err)
	}
	x, err := os.ReadFile(xmlReport)
	if err != nil || !bytes.Contains(x, []byte(`<testcase name="ListFlows" classname="flowmock.proxy">`)) {
		t.Errorf("JUnit report %s (%v)", x, err)
	}
}

func TestVerifyCommand(t *testing.T) {
	t.Setenv(proxy.EnvAccessKeyID, "")
	t.Setenv("HOME", t.TempDir())
	target, stop := start(t)
	defer stop()
	tests := []struct {
		name    string
		args    []string
		wantErr string
		wantOut string
	}{
		{"reads", []string{"--target", target}, "", "0 violations, 0 transport problems, 0 failed steps"},
		{"no target", nil, "--target is required", ""},
		{"write without prefix", []string{"--target", target, "--write"}, "--write needs --prefix", ""},
		{"bad prefix", []string{"--target", target, "--write", "--prefix", "9/x"}, "--prefix", ""},
		{"unreachable target", []string{"--target", "http://127.0.0.1:1", "--upstream-retries", "-1"}, "transport problems", "FAIL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"verify"}, tt.args...), &out, &errOut)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("verify: %v, want error %q\n%s", err, tt.wantErr, out.String())
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("output lacks %q:\n%s", tt.wantOut, out.String())
			}
		})
	}
}

// TestRecordCommand: record in front of serve, a ListExecutions walk of one flow, then serve
// --fixtures on the recording answers the same executions.
func TestRecordCommand(t *testing.T) {
	t.Setenv(proxy.EnvAccessKeyID, "")
	t.Setenv("HOME", t.TempDir())
	upstream, stopUp := start(t)
	defer stopUp()
	out := filepath.Join(t.TempDir(), "recording")
	url, stop := startCmd(t, "record", "--upstream", upstream, "--out", out)
	const q = "/?Action=ListExecutions&Version=2019-03-15&FlowName=image_resize&Limit=100"
	before := get(t, url+q)
	get(t, url+"/?Action=ListFlows&Version=2019-03-15")
	if err := stop(); err != nil {
		t.Fatalf("record: %v", err)
	}
	names, err := filepath.Glob(filepath.Join(out, "*.yaml"))
	if err != nil || len(names) != 1 || filepath.Base(names[0]) != "image_resize.yaml" {
		t.Fatalf("recording holds %v (%v), want image_resize.yaml only (the one flow walked)", names, err)
	}
	replay, stopReplay := start(t, "--fixtures", out)
	defer stopReplay()
	after := get(t, replay+q)
	// The fixtures' one account id, 123456789012, is recorded as 100000000001.
	if want := strings.ReplaceAll(before, ":123456789012:", ":100000000001:"); strip(want) != strip(after) {
		t.Errorf("replayed ListExecutions\n%s\nwant\n%s", after, want)
	}
}

func get(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", u, res.StatusCode, b)
	}
	return string(b)
}

// strip drops the request id and the paging token of a body.
func strip(body string) string {
	var m map[string]any
	_ = json.Unmarshal([]byte(body), &m)
	delete(m, "RequestId")
	delete(m, "NextToken")
	b, _ := json.Marshal(m)
	return string(b)
}
