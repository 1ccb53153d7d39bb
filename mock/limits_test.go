package mock_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
)

// metric reads one sample of the server's metrics over HTTP: name with its labels as the
// text format shows them, such as `flowmock_limit_reached_total{limit="session_id"}`; 0 when
// absent.
func (h *harness) metric(sample string) float64 {
	h.t.Helper()
	res, err := h.ts.Client().Get(h.ts.URL + "/_mock/metrics")
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), sample+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				h.t.Fatalf("metric %s: %v", sample, err)
			}
			return f
		}
	}
	return 0
}

func limitReached(limit string) string { return `flowmock_limit_reached_total{limit="` + limit + `"}` }

// post sends an API request as a form in session and returns the answer.
func (h *harness) post(session string, form url.Values) response {
	h.t.Helper()
	form.Set("Version", "2019-03-15")
	req, err := http.NewRequest(http.MethodPost, h.ts.URL+"/", strings.NewReader(form.Encode()))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if session != "" {
		req.Header.Set(mock.HeaderSession, session)
	}
	return h.do(req)
}

// TestSessionIDRefused: a session id that is too long or not visible ASCII is 400
// InvalidArgument naming the header and the rule, on the API and on the control plane; it
// makes no session, so 5,000 ids of 20 KB cost nothing.
func TestSessionIDRefused(t *testing.T) {
	h := newHarness(t, mock.Config{MaxSessionID: 64})
	tests := []struct {
		name, id, want string
	}{
		{"too long", strings.Repeat("s", 65), "at most 64 bytes (--max-session-id), got 65"},
		{"space", "a b", "visible ASCII"},
		{"non-ASCII", "caf\xc3\xa9", "got byte 0xC3 at offset 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := h.metric(limitReached("session_id"))
			res := h.post(tt.id, url.Values{"Action": {"ListFlows"}})
			e := decodeError(t, res)
			if res.status != 400 || e.Code != "InvalidArgument" || !strings.Contains(e.Message, mock.HeaderSession) || !strings.Contains(e.Message, tt.want) {
				t.Errorf("got %d %s %q, want 400 InvalidArgument naming %s and %q", res.status, e.Code, e.Message, mock.HeaderSession, tt.want)
			}
			if got := h.metric(limitReached("session_id")); got != before+1 {
				t.Errorf("limit metric = %v, want %v", got, before+1)
			}
		})
	}
	t.Run("control plane", func(t *testing.T) {
		res, err := h.ts.Client().Get(h.ts.URL + "/_mock/sessions/" + strings.Repeat("x", 65) + "/executions")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Errorf("status = %d, want 400", res.StatusCode)
		}
	})
	t.Run("many huge ids make no session", func(t *testing.T) {
		h := newHarness(t, mock.Config{})
		huge := strings.Repeat("z", 20<<10)
		for i := range 1000 {
			req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/?Action=ListFlows&Version=2019-03-15", nil)
			req.Header.Set(mock.HeaderSession, huge+strconv.Itoa(i))
			res, err := h.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 400 {
				t.Fatalf("request %d: status %d, want 400", i, res.StatusCode)
			}
		}
		if n := len(h.srv.Sessions()); n != 0 {
			t.Errorf("live sessions = %d, want 0", n)
		}
		for _, r := range h.srv.Requests(mock.RecordFilter{Limit: 1}) {
			if r.Session != "(invalid)" {
				t.Errorf("journal session = %.40q, want (invalid)", r.Session)
			}
		}
	})
}

// TestRunningExecutionsCapIsGlobal: past MaxRunning executions running across sessions, a
// start in any session is 429 ResourceThrottled naming the flag; one ending makes room.
func TestRunningExecutionsCapIsGlobal(t *testing.T) {
	h := newHarness(t, mock.Config{MaxRunning: 3})
	t.Cleanup(h.srv.Close)
	a, b := h.client("a"), h.client("b")
	createDef(t, a, "approve", callbackFlow)
	createDef(t, b, "approve", callbackFlow)
	start(t, a, "approve", "a1", nil)
	start(t, a, "approve", "a2", nil)
	start(t, b, "approve", "b1", nil)
	if got := h.metric("flowmock_executions_running"); got != 3 {
		t.Errorf("running gauge = %v, want 3", got)
	}
	name := "b2"
	res, err := b.StartExecutionWithResponse(context.Background(), &cloudflow.StartExecutionParams{FlowName: "approve", ExecutionName: &name})
	if err != nil || res.JSON429 == nil || res.JSON429.Code != "ResourceThrottled" || !strings.Contains(res.JSON429.Message, "--max-running-executions") {
		t.Fatalf("fourth start: %v %d %s, want 429 ResourceThrottled naming --max-running-executions", err, res.StatusCode(), res.Body)
	}
	if got := h.metric(limitReached("running_executions")); got != 1 {
		t.Errorf("limit metric = %v, want 1", got)
	}
	if _, err := a.StopExecutionWithResponse(context.Background(), &cloudflow.StopExecutionParams{FlowName: "approve", ExecutionName: "a1"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a1 ends", func() bool { return h.metric("flowmock_executions_running") == 2 })
	start(t, b, "approve", "b2", nil)
}

// TestLongPollsCapIsGlobal: past MaxLongPollsTotal long polls waiting across sessions, one
// more answers at once (the execution still running) and the metric counts it.
func TestLongPollsCapIsGlobal(t *testing.T) {
	h := newHarness(t, mock.Config{MaxLongPollsTotal: 2, TimeScale: 1})
	t.Cleanup(h.srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	for _, s := range []string{"p1", "p2", "p3"} {
		createDef(t, h.client(s), "approve", callbackFlow)
		start(t, h.client(s), "approve", "w", nil)
	}
	for _, s := range []string{"p1", "p2"} {
		go func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, h.ts.URL+"/?Action=DescribeExecution&Version=2019-03-15&FlowName=approve&ExecutionName=w&WaitTimeSeconds=60", nil)
			req.Header.Set(mock.HeaderSession, s)
			if res, err := h.ts.Client().Do(req); err == nil {
				res.Body.Close()
			}
			done <- struct{}{}
		}()
	}
	t.Cleanup(func() { cancel(); <-done; <-done })
	eventually(t, "two long polls wait", func() bool { return h.metric("flowmock_long_polls_waiting") == 2 })
	wait := int32(60)
	res, err := h.client("p3").DescribeExecutionWithResponse(context.Background(), &cloudflow.DescribeExecutionParams{FlowName: "approve", ExecutionName: "w", WaitTimeSeconds: &wait})
	if err != nil || res.JSON200 == nil || res.JSON200.Status != cloudflow.ExecutionStatusRunning {
		t.Fatalf("third long poll: %v %d %s, want 200 Running at once", err, res.StatusCode(), res.Body)
	}
	if got := h.metric(limitReached("long_polls")); got != 1 {
		t.Errorf("limit metric = %v, want 1", got)
	}
}

// TestEvictedWithRunningCounted: a session evicted while an execution runs is counted.
func TestEvictedWithRunningCounted(t *testing.T) {
	h := newHarness(t, mock.Config{MaxSessions: 1})
	t.Cleanup(h.srv.Close)
	a := h.client("busy")
	createDef(t, a, "approve", callbackFlow)
	start(t, a, "approve", "w", nil)
	listFlows(t, h.client("other"), 10) // evicts busy
	if got := h.metric("flowmock_sessions_evicted_running_total"); got != 1 {
		t.Errorf("evicted with running = %v, want 1", got)
	}
}

// TestSessionBytesCap: past MaxSessionBytes, a CreateFlow, PublishFlowVersion or a start's
// input is 400 InvalidArgument naming the flag; deleting gives the bytes back; other
// sessions are not concerned.
func TestSessionBytesCap(t *testing.T) {
	h := newHarness(t, mock.Config{MaxSessionBytes: 8 << 10})
	t.Cleanup(h.srv.Close)
	pad := "\n# " + strings.Repeat("p", 3000)
	create := func(session, name string) response {
		return h.post(session, url.Values{"Action": {"CreateFlow"}, "Name": {name}, "Type": {"FDL"}, "Description": {"d"}, "Definition": {helloDefinition(name) + pad}})
	}
	for _, name := range []string{"f1", "f2"} {
		if res := create("full", name); res.status != 200 {
			t.Fatalf("CreateFlow %s: %d %s", name, res.status, res.body)
		}
	}
	refused := []struct {
		name string
		form url.Values
	}{
		{"CreateFlow", url.Values{"Action": {"CreateFlow"}, "Name": {"f3"}, "Type": {"FDL"}, "Description": {"d"}, "Definition": {helloDefinition("f3") + pad}}},
		{"PublishFlowVersion", url.Values{"Action": {"PublishFlowVersion"}, "FlowName": {"f1"}}},
		{"StartExecution", url.Values{"Action": {"StartExecution"}, "FlowName": {"f1"}, "Input": {`{"x":"` + strings.Repeat("i", 3000) + `"}`}}},
	}
	for i, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			res := h.post("full", tt.form)
			e := decodeError(t, res)
			if res.status != 400 || e.Code != "InvalidArgument" || !strings.Contains(e.Message, "--max-session-bytes") {
				t.Errorf("got %d %s %q, want 400 InvalidArgument naming --max-session-bytes", res.status, e.Code, e.Message)
			}
			if got := h.metric(limitReached("session_bytes")); got != float64(i+1) {
				t.Errorf("limit metric = %v, want %d", got, i+1)
			}
		})
	}
	if res := create("other", "f3"); res.status != 200 {
		t.Errorf("another session: %d %s, want 200", res.status, res.body)
	}
	if res := h.post("full", url.Values{"Action": {"DeleteFlow"}, "Name": {"f2"}}); res.status != 200 {
		t.Fatalf("DeleteFlow: %d %s", res.status, res.body)
	}
	if res := create("full", "f3"); res.status != 200 {
		t.Errorf("after a delete: %d %s, want 200", res.status, res.body)
	}
}

// TestControlListsPaged: /_mock/requests and /_mock/sessions answer at most limit items (at
// most MaxControlPage) and the cursor of the next page in a header; pages cover every item.
func TestControlListsPaged(t *testing.T) {
	h := newHarness(t, mock.Config{})
	for _, s := range []string{"s1", "s2", "s3", "s4", "s5"} {
		h.post(s, url.Values{"Action": {"DescribeFlow"}, "Name": {"demo_flow"}})
	}
	for _, list := range []string{"/_mock/requests", "/_mock/sessions"} {
		t.Run(list, func(t *testing.T) {
			var seen []string
			cursor := ""
			for range 10 {
				res, err := h.ts.Client().Get(h.ts.URL + list + "?limit=2&cursor=" + cursor)
				if err != nil {
					t.Fatal(err)
				}
				var items []map[string]any
				if err := decodeJSON(res, &items); err != nil {
					t.Fatal(err)
				}
				if len(items) > 2 {
					t.Fatalf("page of %d items, want at most 2", len(items))
				}
				for _, it := range items {
					seen = append(seen, it["session"].(string))
				}
				if cursor = res.Header.Get(mock.HeaderNextCursor); cursor == "" {
					break
				}
			}
			if len(seen) != 5 {
				t.Errorf("items over all pages = %v, want 5", seen)
			}
		})
	}
	res, err := h.ts.Client().Get(h.ts.URL + "/_mock/requests?limit=" + strconv.Itoa(mock.MaxControlPage+1))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 400 {
		t.Errorf("limit past the max: status %d, want 400", res.StatusCode)
	}
}

func decodeJSON(res *http.Response, v any) error {
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(v)
}

// expressWait is an Express flow that waits 300 s on the clock.
const expressWait = `Type: StateMachine
Name: NAME
SpecVersion: v1
StartAt: W
States:
  - {Type: Wait, Name: W, Seconds: 300, End: true}
`

// TestSyncExecutionsCountAsRunning: a StartSyncExecution counts among the running executions
// while it runs, and is refused (429) when the cap is reached, like StartExecution.
func TestSyncExecutionsCountAsRunning(t *testing.T) {
	h := newHarness(t, mock.Config{MaxRunning: 1, TimeScale: 1})
	t.Cleanup(h.srv.Close)
	c := h.client("sync")
	express := cloudflow.ExecutionModeExpress
	res, err := c.CreateFlowWithResponse(context.Background(), &cloudflow.CreateFlowParams{
		Name: "fast", Definition: strings.ReplaceAll(expressWait, "NAME", "fast"), Description: "d",
		Type: cloudflow.FlowTypeFDL, ExecutionMode: &express})
	if err != nil || res.JSON200 == nil {
		t.Fatalf("CreateFlow: %v %s", err, res.Body)
	}
	createDef(t, c, "approve", callbackFlow)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = c.StartSyncExecutionWithResponse(ctx, &cloudflow.StartSyncExecutionParams{FlowName: "fast"})
	}()
	t.Cleanup(func() { cancel(); <-done }) // also when the test fails before it cancels
	eventually(t, "the sync execution runs", func() bool { return h.metric("flowmock_executions_running") == 1 })
	name := "a1"
	got, err := c.StartExecutionWithResponse(context.Background(), &cloudflow.StartExecutionParams{FlowName: "approve", ExecutionName: &name})
	if err != nil || got.JSON429 == nil || got.JSON429.Code != "ResourceThrottled" {
		t.Fatalf("start beside a running sync execution: %v %d %s, want 429 ResourceThrottled", err, got.StatusCode(), got.Body)
	}
	cancel() // the client departs: the sync execution ends
	<-done
	eventually(t, "the slot is given back", func() bool { return h.metric("flowmock_executions_running") == 0 })

	start(t, c, "approve", "a1", nil)
	sync, err := c.StartSyncExecutionWithResponse(context.Background(), &cloudflow.StartSyncExecutionParams{FlowName: "fast"})
	if err != nil || sync.JSON429 == nil || sync.JSON429.Code != "ResourceThrottled" {
		t.Fatalf("sync start beside a running execution: %v %d %s, want 429 ResourceThrottled", err, sync.StatusCode(), sync.Body)
	}
}
