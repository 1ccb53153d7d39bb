package record_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mocktest"
	"github.com/flowmock/flowmock/proxy"
	"github.com/flowmock/flowmock/record"
)

// recording starts a recording proxy in front of upstream.
func recording(t *testing.T, upstream string) (*record.Recorder, *mocktest.Server) {
	t.Helper()
	up, err := proxy.New(proxy.Config{URL: upstream, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	rec := record.New(up)
	srv := mocktest.NewUnstartedServer(t)
	srv.Config.Upstream = rec
	srv.Start()
	return rec, srv
}

func call(t *testing.T, base, action string, params url.Values) (int, []byte) {
	t.Helper()
	q := url.Values{"Action": {action}, "Version": {"2019-03-15"}}
	for k, v := range params {
		q[k] = v
	}
	res, err := http.Get(base + "/?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	delete(m, "RequestId")
	delete(m, "NextToken")
	return m
}

// walk lists every flow and walks each flow's executions through base; it returns the first
// page of each flow's executions.
func walk(t *testing.T, base string) (flows []string, firstPages map[string][]byte) {
	t.Helper()
	_, b := call(t, base, "ListFlows", url.Values{"Limit": {"100"}})
	var list struct{ Flows []struct{ Name string } }
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	firstPages = map[string][]byte{}
	for _, f := range list.Flows {
		flows = append(flows, f.Name)
		token := ""
		for page := 0; page < 50; page++ {
			p := url.Values{"FlowName": {f.Name}, "Limit": {"100"}}
			if token != "" {
				p.Set("NextToken", token)
			}
			status, b := call(t, base, "ListExecutions", p)
			if status != 200 {
				break
			}
			if page == 0 {
				firstPages[f.Name] = b
			}
			var pg struct{ NextToken string }
			_ = json.Unmarshal(b, &pg)
			if token = pg.NextToken; token == "" {
				break
			}
		}
	}
	return flows, firstPages
}

// TestRoundTrip: record a flowmock holding the fixtures and a flow created in the session
// with executions; serve the recording; ListFlows, DescribeFlow and ListExecutions answer
// what the upstream did, modulo request ids, tokens and the redactions.
func TestRoundTrip(t *testing.T) {
	upstream := mocktest.NewServer(t)
	const def = "Type: StateMachine\nSpecVersion: v1\nName: recorded_flow\nStartAt: Hello\nStates:\n  - Type: Pass\n    Name: Hello\n    End: true\n"
	if st, b := call(t, upstream.URL, "CreateFlow", url.Values{"Name": {"recorded_flow"}, "Definition": {def}, "Description": {"d"}, "Type": {"FDL"}}); st != 200 {
		t.Fatalf("CreateFlow: %d %s", st, b)
	}
	for _, name := range []string{"r1", "r2", "r3"} {
		in := `{"role":"acs:ram::5555666677778888:role/billing-admin","n":"` + name + `"}`
		if st, b := call(t, upstream.URL, "StartExecution", url.Values{"FlowName": {"recorded_flow"}, "ExecutionName": {name}, "Input": {in}}); st != 200 {
			t.Fatalf("StartExecution: %d %s", st, b)
		}
		// Distinct start times: the store and the fixtures order executions started in the
		// same millisecond differently.
		if err := upstream.State(mock.DefaultSession).Clock().Advance(time.Second); err != nil {
			t.Fatal(err)
		}
	}
	rec, p := recording(t, upstream.URL)
	flows, pages := walk(t, p.URL)
	dir := filepath.Join(t.TempDir(), "rec")
	sum, err := rec.WriteDir(dir, "recorded by the test")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Flows != len(flows) || len(sum.Skipped) != 0 || sum.Redacted != 3 {
		t.Errorf("summary %+v, want %d flows, none skipped, 3 identifiers redacted", sum, len(flows))
	}
	red := rec.Redactor()
	replay := mocktest.NewUnstartedServer(t)
	replay.Config.FixturesDir = dir
	replay.Start()
	for _, f := range flows {
		t.Run(f, func(t *testing.T) {
			_, got := call(t, replay.URL, "ListExecutions", url.Values{"FlowName": {f}, "Limit": {"100"}})
			want := []byte(red.Redact(string(pages[f])))
			if g, w := decode(t, got), decode(t, want); !reflect.DeepEqual(g, w) {
				t.Errorf("ListExecutions from the recording:\n%s\nwant (upstream, redacted):\n%s", got, want)
			}
			_, up := call(t, upstream.URL, "DescribeFlow", url.Values{"Name": {f}})
			_, got = call(t, replay.URL, "DescribeFlow", url.Values{"Name": {f}})
			g, w := decode(t, got), decode(t, []byte(red.Redact(string(up))))
			if g["Name"] != w["Name"] || g["Definition"] != w["Definition"] {
				t.Errorf("DescribeFlow from the recording: %v / %v, want %v / %v", g["Name"], g["Definition"], w["Name"], w["Definition"])
			}
		})
	}
	b, err := os.ReadFile(filepath.Join(dir, "recorded_flow.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Contains(s, "5555666677778888") || strings.Contains(s, "billing-admin") || !strings.Contains(s, "acs:ram::100000000002:role/role-1") {
		t.Errorf("recorded_flow.yaml is not redacted as documented:\n%s", s)
	}
	// A second recording of the same data writes the same bytes.
	if _, err := rec.WriteDir(dir, "recorded by the test"); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "recorded_flow.yaml")); string(again) != string(b) {
		t.Errorf("a re-recording differs:\n%s\nwas:\n%s", again, b)
	}
}

// TestNothingPartial: a walk the upstream breaks off records nothing of that flow, and a
// directory that is not a recording is not replaced.
func TestNothingPartial(t *testing.T) {
	breakPage2 := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			if q.Get("Action") == "ListExecutions" && q.Get("FlowName") == "demo_flow" && q.Get("NextToken") != "" {
				if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
					conn.Close()
				}
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	upstream := mocktest.NewUnstartedServer(t)
	upstream.Middleware = append(upstream.Middleware, breakPage2)
	upstream.Start()
	rec, p := recording(t, upstream.URL)
	walk(t, p.URL)
	dir := filepath.Join(t.TempDir(), "rec")
	sum, err := rec.WriteDir(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Skipped) != 1 || sum.Skipped[0] != "demo_flow" {
		t.Errorf("skipped %v, want demo_flow (its walk broke off)", sum.Skipped)
	}
	if _, err := os.Stat(filepath.Join(dir, "demo_flow.yaml")); !os.IsNotExist(err) {
		t.Errorf("demo_flow.yaml written from a broken walk (stat: %v)", err)
	}
	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.WriteDir(foreign, ""); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("WriteDir into a directory with notes.txt: %v, want a refusal naming it", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".rec.tmp-*")); len(left) != 0 {
		t.Errorf("temporary directories left: %v", left)
	}
}
