package sdktest_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/signature"
)

// The documented test credentials; `flowmock serve --auth verify` accepts the same pair.
const (
	testAccessKeyID = "testAccessKeyId"
	testSecret      = "testSecret"
)

// Request headers that drive the mock's error injection.
const (
	headerMockError    = "X-Mock-Error"
	headerMockScenario = "X-Mock-Scenario"
)

// bigFlow is the fixture flow with more executions than fit on one page at any Limit.
const bigFlow = "demo_flow"

// authMode is how the mock checks signatures.
type authMode struct {
	name     string
	verifier *signature.Verifier // nil: signatures are accepted and ignored
}

var authModes = []authMode{
	{name: "auth-off"},
	{name: "auth-verify", verifier: &signature.Verifier{Credentials: map[string]string{testAccessKeyID: testSecret}}},
}

// harness is one mock server on real loopback HTTP, plus a record of every response it sent.
type harness struct {
	auth     authMode
	ts       *httptest.Server
	endpoint string // host:port, the form the Go SDKs take
	rec      *recorder
}

// newHarness starts a mock with the default fixtures, strict response validation and the
// given authentication, and closes it when t ends.
func newHarness(t testing.TB, auth authMode) *harness {
	t.Helper()
	srv, err := mock.New(mock.Config{
		Data:              defaultFixtures(t),
		Seed:              1,
		ValidateResponses: true,
		Auth:              auth.verifier,
	})
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	rec := &recorder{byID: map[string]recorded{}}
	ts := httptest.NewServer(rec.wrap(srv))
	t.Cleanup(ts.Close)
	return &harness{auth: auth, ts: ts, endpoint: strings.TrimPrefix(ts.URL, "http://"), rec: rec}
}

var (
	fixturesOnce sync.Once
	fixturesSet  *fixtures.Set
	fixturesErr  error
)

// defaultFixtures loads the embedded fixture set once for the whole run.
func defaultFixtures(t testing.TB) *fixtures.Set {
	t.Helper()
	fixturesOnce.Do(func() { fixturesSet, fixturesErr = fixtures.Default() })
	if fixturesErr != nil {
		t.Fatalf("fixtures.Default: %v", fixturesErr)
	}
	return fixturesSet
}

// execution is one execution as every SDK can report it: the fields of the ListExecutions
// response, all strings.
type execution struct {
	Name           string `json:"Name"`
	FlowName       string `json:"FlowName"`
	FlowDefinition string `json:"FlowDefinition"`
	Input          string `json:"Input"`
	Output         string `json:"Output"`
	Status         string `json:"Status"`
	StartedTime    string `json:"StartedTime"`
	StoppedTime    string `json:"StoppedTime"`
}

// wantExecutions returns the executions of flow in the order the service lists them, as the
// fixtures render them, keeping those keep accepts (all when keep is nil).
func wantExecutions(t testing.TB, flow string, keep func(execution) bool) []execution {
	t.Helper()
	fl, err := defaultFixtures(t).Flow(mock.DefaultSession, flow)
	if err != nil {
		t.Fatalf("fixtures: flow %s: %v", flow, err)
	}
	var out []execution
	for _, e := range fl.Executions {
		var x execution
		if err := json.Unmarshal(e.Full, &x); err != nil {
			t.Fatalf("fixtures: execution %s: %v", e.Name, err)
		}
		if keep == nil || keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// recorded is what the mock sent for one request, as seen on the wire.
type recorded struct {
	Status        int
	Code          string // Code of the JSON body, "" on success
	BodyRequestID string // RequestId of the JSON body
}

// recorder remembers every response that carried an x-acs-request-id header, by that id, so
// a test can check that the code, status and request id an SDK reports are the ones the
// server sent.
type recorder struct {
	mu   sync.Mutex
	byID map[string]recorded
}

func (rec *recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &recordingWriter{ResponseWriter: w}
		h.ServeHTTP(rw, r)
		id := rw.Header().Get("x-acs-request-id")
		if id == "" || rw.hijacked {
			return
		}
		var body struct{ Code, RequestId string }
		_ = json.Unmarshal(rw.body.Bytes(), &body)
		status := rw.status
		if status == 0 {
			status = http.StatusOK
		}
		rec.mu.Lock()
		rec.byID[id] = recorded{Status: status, Code: body.Code, BodyRequestID: body.RequestId}
		rec.mu.Unlock()
	})
}

// lookup returns the response the server sent with x-acs-request-id id.
func (rec *recorder) lookup(id string) (recorded, bool) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	r, ok := rec.byID[id]
	return r, ok
}

// recordingWriter copies the status and up to 64 KiB of the body. Unwrap lets the mock's
// faults hijack the connection through http.ResponseController.
type recordingWriter struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	hijacked bool
}

func (w *recordingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if room := 64<<10 - w.body.Len(); room > 0 {
		w.body.Write(b[:min(len(b), room)])
	}
	return w.ResponseWriter.Write(b)
}

func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack hands the connection to a fault; a hijacked exchange is not recorded.
func (w *recordingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.hijacked = true
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *recordingWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

// matrix collects one PASS/FAIL cell per {client} × {case} and prints them as a table.
type matrix struct {
	mu      sync.Mutex
	columns []string // clients, in first-seen order
	rows    []string // cases, in first-seen order
	cells   map[[2]string]bool
}

var results = &matrix{cells: map[[2]string]bool{}}

// column adds a column, so that columns print in the order they were declared.
func (m *matrix) column(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !slices.Contains(m.columns, name) {
		m.columns = append(m.columns, name)
	}
}

// record registers a cell for column × row and sets it from t's outcome when t ends.
func (m *matrix) record(t *testing.T, column, row string) {
	m.mu.Lock()
	if !slices.Contains(m.columns, column) {
		m.columns = append(m.columns, column)
	}
	if !slices.Contains(m.rows, row) {
		m.rows = append(m.rows, row)
	}
	m.mu.Unlock()
	t.Cleanup(func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.cells[[2]string{column, row}] = !t.Failed() && !t.Skipped()
	})
}

// print writes the table: one row per case, one column per client; "-" where a cell did not
// run. It returns the number of passed and failed cells.
func (m *matrix) print(w io.Writer) (pass, fail int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.rows) == 0 {
		return 0, 0
	}
	width := len("case")
	for _, r := range m.rows {
		width = max(width, len(r))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| %-*s |", width, "case")
	for _, c := range m.columns {
		fmt.Fprintf(&b, " %s |", c)
	}
	fmt.Fprintf(&b, "\n|%s|", strings.Repeat("-", width+2))
	for _, c := range m.columns {
		fmt.Fprintf(&b, "%s|", strings.Repeat("-", len(c)+2))
	}
	b.WriteString("\n")
	for _, r := range m.rows {
		fmt.Fprintf(&b, "| %-*s |", width, r)
		for _, c := range m.columns {
			cell := "-"
			if ok, ran := m.cells[[2]string{c, r}]; ran {
				if ok {
					cell, pass = "PASS", pass+1
				} else {
					cell, fail = "FAIL", fail+1
				}
			}
			fmt.Fprintf(&b, " %-*s |", len(c), cell)
		}
		b.WriteString("\n")
	}
	fmt.Fprint(w, b.String())
	return pass, fail
}

func TestMain(m *testing.M) {
	code := m.Run()
	var b strings.Builder
	if pass, fail := results.print(&b); pass+fail > 0 {
		table := fmt.Sprintf("SDK conformance matrix (Go SDKs against flowmock):\n%smatrix: %d cells passed, %d failed\n", b.String(), pass, fail)
		fmt.Print("\n" + table)
		// go test ./... drops the output of a passing package, so `make test` also asks for
		// the table in a file, which it prints at the end.
		if path := os.Getenv("SDKTEST_MATRIX"); path != "" {
			if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "SDKTEST_MATRIX:", err)
				code = 1
			}
		}
	}
	os.Exit(code)
}
