package mock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/scenarios"
)

// testScenarios are scenarios written for these tests, loaded as files are.
const testScenarios = `
name: dribble-fast
description: body in 4 chunks over 200ms
rules:
  - name: d
    fault: {type: dribble, attributes: {chunks: 4, duration: 200ms}}
---
name: every-third
description: every third request is 500
rules:
  - name: third
    every: 3
    error: InternalServerError
---
name: only-demo
description: demo_flow is missing, other flows are fine
rules:
  - name: demo
    match: {action: ListExecutions, params: {FlowName: demo_flow}}
    error: FlowNotExists
`

func loadScenarios(t testing.TB, h *harness, extra string) *scenarios.Engine {
	t.Helper()
	fsys := fstest.MapFS{}
	for i, doc := range strings.Split(extra, "---\n") {
		if strings.TrimSpace(doc) != "" {
			fsys[fmt.Sprintf("s%d.yaml", i)] = &fstest.MapFile{Data: []byte(doc)}
		}
	}
	codes := h.srv.Catalogue().Codes()
	scs, err := scenarios.Default(codes)
	if err != nil {
		t.Fatal(err)
	}
	more, err := scenarios.Load(fsys, codes)
	if err != nil {
		t.Fatalf("load test scenarios: %v", err)
	}
	e, err := scenarios.NewEngine(append(scs, more...), 7, codes)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// newScenarioHarness is a harness whose engine has the defaults and testScenarios.
func newScenarioHarness(t testing.TB, cfg mock.Config) *harness {
	t.Helper()
	probe := newHarness(t, mock.Config{})
	cfg.Scenarios = loadScenarios(t, probe, testScenarios)
	return newHarness(t, cfg)
}

func (h *harness) call(session, scenario string) response {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/?"+base+"FlowName=demo_flow&Limit=2", nil)
	if session != "" {
		req.Header.Set("X-Mock-Session", session)
	}
	if scenario != "" {
		req.Header.Set("X-Mock-Scenario", scenario)
	}
	return h.do(req)
}

func statuses(h *harness, session, scenario string, n int) string {
	var out []string
	for range n {
		out = append(out, fmt.Sprint(h.call(session, scenario).status))
	}
	return strings.Join(out, " ")
}

func TestThrottleThenRecoverPerSession(t *testing.T) {
	h := newScenarioHarness(t, mock.Config{})
	if got, want := statuses(h, "a", "throttle-then-recover", 2), "429 429"; got != want {
		t.Fatalf("session a: %s, want %s", got, want)
	}
	if got, want := statuses(h, "b", "throttle-then-recover", 4), "429 429 200 200"; got != want {
		t.Fatalf("session b (after a's two): %s, want %s", got, want)
	}
	if got, want := statuses(h, "a", "throttle-then-recover", 2), "200 200"; got != want {
		t.Fatalf("session a continues: %s, want %s", got, want)
	}
	h.srv.Reset("a")
	if got, want := statuses(h, "a", "throttle-then-recover", 3), "429 429 200"; got != want {
		t.Fatalf("session a after reset: %s, want %s", got, want)
	}
	recs := h.srv.Requests(mock.RecordFilter{Session: "a"})
	if len(recs) != 3 || recs[2].Rule != "throttle-then-recover/first-two#1" || recs[2].Code != "ResourceThrottled" || recs[0].Rule != "" {
		t.Fatalf("journal of a after reset = %+v, want 3 records, oldest answered by first-two#1", recs)
	}
}

func TestScenarioSelection(t *testing.T) {
	h := newScenarioHarness(t, mock.Config{DefaultScenario: "throttled"})
	if r := h.call("x", ""); r.status != 429 {
		t.Fatalf("server default scenario: status %d, want 429", r.status)
	}
	if err := h.srv.SetScenario("x", "only-demo"); err != nil {
		t.Fatal(err)
	}
	if r := h.call("x", ""); r.status != 404 {
		t.Fatalf("session scenario: status %d, want 404", r.status)
	}
	if r := h.call("x", "every-third"); r.status != 200 {
		t.Fatalf("request header beats session: status %d, want 200", r.status)
	}
	h.srv.ClearScenario("x")
	if r := h.call("x", ""); r.status != 429 {
		t.Fatalf("cleared session: status %d, want the default's 429", r.status)
	}
	r := h.call("x", "no-such-scenario")
	if e := decodeError(t, r); r.status != 400 || !strings.Contains(e.Message, "throttle-then-recover") {
		t.Fatalf("unknown scenario: %d %q, want 400 listing the known ones", r.status, e.Message)
	}
	if err := h.srv.SetScenario("x", "nope"); err == nil {
		t.Fatal("SetScenario accepted an unknown scenario")
	}
	// A reload that drops the session's scenario: the error says where the name came from.
	if err := h.srv.SetScenario("x", "every-third"); err != nil {
		t.Fatal(err)
	}
	defaults, err := mock.LoadScenarios(1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.srv.SetScenarios(defaults); err != nil {
		t.Fatal(err)
	}
	r = h.call("x", "")
	if e := decodeError(t, r); r.status != 400 || !strings.Contains(e.Message, `"every-third" active for session "x" no longer exists`) {
		t.Fatalf("vanished session scenario: %d %q", r.status, e.Message)
	}
}

func TestEveryNth(t *testing.T) {
	h := newScenarioHarness(t, mock.Config{})
	if got, want := statuses(h, "n", "every-third", 7), "200 200 500 200 200 500 200"; got != want {
		t.Fatalf("every-third: %s, want %s", got, want)
	}
}

func TestProbabilityIsSeededAndBounded(t *testing.T) {
	const n = 10000
	run := func(seed uint64) (string, int) {
		probe := newHarness(t, mock.Config{})
		codes := probe.srv.Catalogue().Codes()
		scs, err := scenarios.Default(codes)
		if err != nil {
			t.Fatal(err)
		}
		e, err := scenarios.NewEngine(scs, seed, codes)
		if err != nil {
			t.Fatal(err)
		}
		// Real HTTP, without the harness's response validation (10,000 × 3 requests; the
		// bodies of both answers are validated by the other tests).
		srv, err := mock.New(mock.Config{Data: defaultFixtures(t), Seed: seed, Scenarios: e, JournalSize: -1})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		defer ts.Close()
		var seq strings.Builder
		fails := 0
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/?"+base+"FlowName=demo_flow&Limit=1", nil)
		req.Header.Set("X-Mock-Scenario", "flaky-5xx")
		client := ts.Client()
		for range n {
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == 500 {
				fails++
				seq.WriteByte('x')
			} else {
				seq.WriteByte('.')
			}
		}
		return seq.String(), fails
	}
	a, fa := run(11)
	b, _ := run(11)
	c, _ := run(12)
	// p=0.2 over 10,000: mean 2000, sd 40; 5 sd either side.
	if fa < 1800 || fa > 2200 {
		t.Fatalf("500s = %d of %d, want 2000 ± 200", fa, n)
	}
	if a != b {
		t.Fatal("the same seed gave a different sequence")
	}
	if a == c {
		t.Fatal("another seed gave the same sequence")
	}
}

func TestRateLimited(t *testing.T) {
	// The bucket's clock stands still, so no token comes back however slow the machine is.
	probe := newHarness(t, mock.Config{})
	e := loadScenarios(t, probe, testScenarios)
	frozen := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e = e.WithClock(func() time.Time { return frozen })
	h := newHarness(t, mock.Config{Scenarios: e})
	var got []string
	var last response
	for range 7 {
		last = h.call("rl", "rate-limited")
		got = append(got, fmt.Sprint(last.status))
	}
	if g := strings.Join(got, " "); !strings.HasPrefix(g, "200 200 200 200 200 429") {
		t.Fatalf("rate-limited burst: %s, want five 200 then 429", g)
	}
	if last.header.Get("Retry-After") == "" || !strings.Contains(last.header.Get("X-Ratelimit-User-Api"), "TimeLeft:") {
		t.Fatalf("429 lacks throttling headers: %v", last.header)
	}
	if e := decodeError(t, last); e.Code != "ResourceThrottled" {
		t.Fatalf("code %s, want ResourceThrottled", e.Code)
	}
}

func TestFaultsOverHTTP(t *testing.T) {
	h := newScenarioHarness(t, mock.Config{})
	// A fresh connection per request: Go's transport silently retries an idempotent request
	// whose reused connection breaks before any response, which would hide the fault.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	getPage := func(query, session, scenario string) (*http.Response, []byte, error) {
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/?"+base+query, nil)
		req.Header.Set("X-Mock-Session", session)
		if scenario != "" {
			req.Header.Set("X-Mock-Scenario", scenario)
		}
		res, err := client.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return res, b, err
	}
	get := func(session, scenario string) (*http.Response, []byte, error) {
		return getPage("FlowName=demo_flow&Limit=2", session, scenario)
	}
	t.Run("broken-wire rotation", func(t *testing.T) {
		// reset, empty, truncate, malformed
		if _, _, err := get("bw", "broken-wire"); err == nil {
			t.Fatal("reset: no error")
		}
		if _, _, err := get("bw", "broken-wire"); err == nil {
			t.Fatal("empty reply: no error")
		}
		if _, _, err := get("bw", "broken-wire"); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("truncate: err = %v, want unexpected EOF", err)
		}
		res, body, err := get("bw", "broken-wire")
		if err != nil || res.StatusCode != 200 || json.Valid(body) {
			t.Fatalf("malformed: %v %v valid=%v", err, res, json.Valid(body))
		}
		recs := h.srv.Requests(mock.RecordFilter{Session: "bw"})
		var faults []string
		for i := len(recs) - 1; i >= 0; i-- {
			faults = append(faults, recs[i].Fault)
		}
		if got, want := strings.Join(faults, ","), "reset,empty,truncate,malformed"; got != want {
			t.Fatalf("journal faults %s, want %s", got, want)
		}
	})
	t.Run("reset-then-recover", func(t *testing.T) {
		if _, _, err := get("rr", "reset-then-recover"); err == nil {
			t.Fatal("first request: no connection error")
		}
		if res, _, err := get("rr", "reset-then-recover"); err != nil || res.StatusCode != 200 {
			t.Fatalf("second request: %v %v, want 200", res, err)
		}
	})
	t.Run("dribble takes its time and delivers every byte", func(t *testing.T) {
		start := time.Now()
		res, body, err := get("dr", "dribble-fast")
		elapsed := time.Since(start)
		if err != nil || res.StatusCode != 200 || !json.Valid(body) {
			t.Fatalf("dribble: %v %v, body valid=%v", res, err, json.Valid(body))
		}
		if elapsed < 150*time.Millisecond {
			t.Fatalf("dribbled body arrived in %v, want about 200ms", elapsed)
		}
	})
	t.Run("a page written as head and tail gets the whole body", func(t *testing.T) {
		// order_pipeline's 25 executions in one page: its head, then the flow's own bytes.
		const last = "FlowName=order_pipeline&Limit=100&RequestId=x"
		_, want, err := getPage(last, "plain", "")
		if err != nil {
			t.Fatal(err)
		}
		res, body, err := getPage(last, "dr-last", "dribble-fast")
		if err != nil || !bytes.Equal(body, want) || res.Header.Get("Content-Length") != strconv.Itoa(len(want)) {
			t.Fatalf("dribble: %v, %d bytes with Content-Length %s; want %d", err, len(body), res.Header.Get("Content-Length"), len(want))
		}
		for range 3 { // reset, empty, truncate: then malformed
			_, _, _ = getPage(last, "bw-last", "broken-wire")
		}
		_, body, err = getPage(last, "bw-last", "broken-wire")
		wantM := append(append([]byte{}, want[:len(want)-1]...), ',', '}')
		if err != nil || !bytes.Equal(body, wantM) {
			t.Fatalf("malformed: %v\n…%s\nwant\n…%s", err, body[max(0, len(body)-80):], wantM[len(wantM)-80:])
		}
	})
}

// TestCancelledRequestFreesWait: the hang scenario holds for 5 minutes; a client that gives
// up must free the handler at once.
func TestCancelledRequestFreesWait(t *testing.T) {
	probe := newHarness(t, mock.Config{})
	srv, err := mock.New(mock.Config{Data: defaultFixtures(t), Scenarios: loadScenarios(t, probe, testScenarios)})
	if err != nil {
		t.Fatal(err)
	}
	returned := make(chan struct{}, 1)
	arrived := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		srv.ServeHTTP(w, r)
		returned <- struct{}{}
	}))
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/?"+base+"FlowName=demo_flow", nil)
	req.Header.Set("X-Mock-Scenario", "hang")
	errc := make(chan error, 1)
	go func() {
		res, err := ts.Client().Do(req)
		if err == nil {
			res.Body.Close()
		}
		errc <- err
	}()
	// Cancel once the server has the request: whether the hang has begun or not, the
	// handler must end at once and record the client as gone.
	<-arrived
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("client err = %v, want context.Canceled", err)
	}
	select {
	case <-returned:
	case <-time.After(10 * time.Second):
		t.Fatal("handler still waiting 10s after the client went away (the hang is 5m)")
	}
	recs := srv.Requests(mock.RecordFilter{Scenario: "hang"})
	if len(recs) != 1 || recs[0].Status != 499 {
		t.Fatalf("journal = %+v, want one record with status 499", recs)
	}
}

// TestParallelSessions: 64 goroutines, each its own session and scenario, see exactly their
// own sequences, and the journal per session is complete.
func TestParallelSessions(t *testing.T) {
	h := newScenarioHarness(t, mock.Config{JournalSize: 64 * 12})
	type plan struct {
		scenario string
		want     string
	}
	plans := []plan{
		{"throttle-then-recover", "429 429 200 200 200 200 200 200 200 200 200 200"},
		{"every-third", "200 200 500 200 200 500 200 200 500 200 200 500"},
		{"fail-then-recover", "500 500 200 200 200 200 200 200 200 200 200 200"},
		{"only-demo", "404 404 404 404 404 404 404 404 404 404 404 404"},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := plans[g%len(plans)]
			session := fmt.Sprintf("s%02d", g)
			var got []string
			for range 12 {
				req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/?"+base+"FlowName=demo_flow&Limit=1", nil)
				req.Header.Set("X-Mock-Session", session)
				req.Header.Set("X-Mock-Scenario", p.scenario)
				res, err := h.ts.Client().Do(req)
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				got = append(got, fmt.Sprint(res.StatusCode))
			}
			if g := strings.Join(got, " "); g != p.want {
				errs <- fmt.Errorf("session %s (%s): %s, want %s", session, p.scenario, g, p.want)
			}
			if n := h.srv.CountRequests(mock.RecordFilter{Session: session}); n != 12 {
				errs <- fmt.Errorf("session %s: journal has %d records, want 12", session, n)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
