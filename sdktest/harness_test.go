package sdktest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mocktest"
)

// The documented test credentials; `flowmock serve --auth verify` accepts the same pair.
const (
	testAccessKeyID = "testAccessKeyId"
	testSecret      = "testSecret"
)

// bigFlow is the fixture flow with more executions than fit on one page at any Limit.
const bigFlow = "demo_flow"

// authMode is how the mock checks signatures.
type authMode struct {
	name   string
	verify bool // false: signatures are accepted and ignored
}

var authModes = []authMode{
	{name: "auth-off"},
	{name: "auth-verify", verify: true},
}

// harness is one mock server on real loopback HTTP (mocktest: the default fixtures, seed 1,
// strict response validation), closed when the test that started it ends.
type harness struct {
	auth authMode
	srv  *mocktest.Server
}

// newHarness starts a mock with the given authentication, configured further by the
// configure functions before it starts.
func newHarness(t testing.TB, auth authMode, configure ...func(*mocktest.Server)) *harness {
	t.Helper()
	srv := mocktest.NewUnstartedServer(t)
	if auth.verify {
		srv.Config.Auth, srv.Config.AccessKeyID, srv.Config.AccessKeySecret = "verify", testAccessKeyID, testSecret
	}
	for _, f := range configure {
		f(srv)
	}
	srv.Start()
	return &harness{auth: auth, srv: srv}
}

// withMocks configures the mock file of a harness.
func withMocks(file string) func(*mocktest.Server) {
	return func(s *mocktest.Server) { s.Config.MocksFile = file }
}

// withMiddleware wraps a harness's handler.
func withMiddleware(mw func(http.Handler) http.Handler) func(*mocktest.Server) {
	return func(s *mocktest.Server) { s.Middleware = append(s.Middleware, mw) }
}

// sent returns the journal record of the request the server answered with request id id
// (the x-acs-request-id header and the body's RequestId), so a test can check that the code,
// status and request id an SDK reports are the ones the server sent. The mock writes the
// record before its handler returns, so before the client can have read the whole response.
func (h *harness) sent(id string) (mock.Record, bool) {
	for _, r := range h.srv.Requests(mock.RecordFilter{}) {
		if r.RequestID == id {
			return r, true
		}
	}
	return mock.Record{}, false
}

var (
	fixturesOnce sync.Once
	fixturesSet  *fixtures.Set
	fixturesErr  error
)

// defaultFixtures loads the embedded fixture set once for the whole run: the expectations the
// SDKs' answers are compared with (the servers load their own copy).
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

// matrix collects one PASS/FAIL cell per {client} × {case} and prints them as a table.
type matrix struct {
	mu      sync.Mutex
	columns []string // clients, in first-seen order
	rows    []string // cases, in first-seen order
	cells   map[[2]string]bool
}

// results is the ListExecutions conformance matrix: {client} × {case}.
var results = &matrix{cells: map[[2]string]bool{}}

// actionResults is the action matrix: {client} × {action or documented error}, filled by the
// resource life cycles (resources_test.go). "-" marks an action the client does not have.
var actionResults = &matrix{cells: map[[2]string]bool{}}

// column adds a column, so that columns print in the order they were declared.
func (m *matrix) column(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !slices.Contains(m.columns, name) {
		m.columns = append(m.columns, name)
	}
}

// declare adds rows, so that rows print in the order they were declared rather than the order
// parallel tests first reach them.
func (m *matrix) declare(rows ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range rows {
		if !slices.Contains(m.rows, r) {
			m.rows = append(m.rows, r)
		}
	}
}

// record registers a cell for column × row and sets it from t's outcome when t ends. A cell
// several tests record passes only when all of them pass.
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
		ok := !t.Failed() && !t.Skipped()
		if prev, ran := m.cells[[2]string{column, row}]; ran {
			ok = ok && prev
		}
		m.cells[[2]string{column, row}] = ok
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
	var tables strings.Builder
	for _, mt := range []struct {
		title string
		m     *matrix
	}{
		{"SDK conformance matrix (Go SDKs against flowmock)", results},
		{"SDK action matrix (Go SDKs against flowmock)", actionResults},
	} {
		var b strings.Builder
		if pass, fail := mt.m.print(&b); pass+fail > 0 {
			if tables.Len() > 0 {
				tables.WriteString("\n")
			}
			fmt.Fprintf(&tables, "%s:\n%smatrix: %d cells passed, %d failed\n", mt.title, b.String(), pass, fail)
		}
	}
	if table := tables.String(); table != "" {
		fmt.Print("\n" + table)
		// go test ./... drops the output of a passing package, so `make test` also asks for
		// the tables in a file, which it prints at the end.
		if path := os.Getenv("SDKTEST_MATRIX"); path != "" {
			if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "SDKTEST_MATRIX:", err)
				code = 1
			}
		}
	}
	os.Exit(code)
}
