package sdktest_test

import (
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"syscall"
	"testing"

	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/mock"
)

// documentedErrors returns the contract's error catalogue, ordered by status then code: the
// documented error codes of CloudFlow with their HTTP statuses (the error table of the fnf API
// reference, wire-protocol.md §4). The Node suite reads the same catalogue through
// internal/fixturejson.
func documentedErrors(t testing.TB) []contract.Entry {
	t.Helper()
	con, err := contract.Load()
	if err != nil {
		t.Fatalf("documented errors: %v", err)
	}
	a, _ := con.Action("ListExecutions")
	entries := a.Errors.Entries()
	if len(entries) == 0 {
		t.Fatalf("documented errors: the contract's catalogue is empty")
	}
	return entries
}

// env is what one case runs against: a mock, a client kind and a client built with the test
// credentials.
type env struct {
	h    *harness
	kind clientKind
	c    client
}

// conformanceCase is one row of the matrix.
type conformanceCase struct {
	name string
	run  func(t *testing.T, e env)
}

// conformanceCases builds the rows of the matrix, the same for every client.
func conformanceCases(t testing.TB) []conformanceCase {
	cases := []conformanceCase{
		{name: "one page", run: testOnePage},
		{name: "all pages via NextToken", run: testAllPages},
		{name: "filter Status=Failed", run: testFilter},
		{name: "real InvalidArgument (Limit=0)", run: func(t *testing.T, e env) {
			wantAPIError(t, e, e.c, query{FlowName: bigFlow, Limit: "0"}, nil, "InvalidArgument", 400)
		}},
		{name: "real FlowNotExists", run: func(t *testing.T, e env) {
			wantAPIError(t, e, e.c, query{FlowName: "no_such_flow"}, nil, "FlowNotExists", 404)
		}},
	}
	for _, de := range documentedErrors(t) {
		code := string(de.Code)
		cases = append(cases, conformanceCase{
			name: "injected " + code,
			run: func(t *testing.T, e env) {
				wantAPIError(t, e, e.c, query{FlowName: bigFlow, Limit: "5"}, map[string]string{mock.HeaderError: code}, code, de.Status)
			},
		})
	}
	return append(cases,
		conformanceCase{name: "connection reset", run: testConnectionReset},
		// Signed with the wrong secret, or with an AccessKeyId the mock does not know.
		conformanceCase{name: "wrong secret", run: badCredentials(testAccessKeyID, "wrongSecret", "SignatureNotMatch")},
		conformanceCase{name: "unknown AccessKeyId", run: badCredentials("unknownKeyId", testSecret, "InvalidAccessKeyID")},
	)
}

// TestConformance runs every case for every Go client, with authentication off and verified,
// and fills the matrix TestMain prints.
func TestConformance(t *testing.T) {
	for _, kind := range clientKinds {
		for _, auth := range authModes {
			results.column(kind.name + " " + auth.name)
		}
	}
	cases := conformanceCases(t)
	for _, auth := range authModes {
		t.Run(auth.name, func(t *testing.T) {
			t.Parallel()
			for _, kind := range clientKinds {
				t.Run(kind.name, func(t *testing.T) {
					t.Parallel()
					// One mock per client. Besides giving each client its own journal, this
					// keeps clients off a data race in tea v1.5.4: dara.DoRequest shares one
					// pooled http.Client per endpoint (host:port) and writes its Timeout while
					// other goroutines' Do reads it, so two Darabonba clients calling the same
					// endpoint concurrently race (go test -race reports it).
					h := newHarness(t, auth)
					c, err := kind.new(h.srv.Endpoint(), testAccessKeyID, testSecret)
					if err != nil {
						t.Fatalf("new client: %v", err)
					}
					for _, tc := range cases {
						t.Run(tc.name, func(t *testing.T) {
							results.record(t, kind.name+" "+auth.name, tc.name)
							tc.run(t, env{h: h, kind: kind, c: c})
						})
					}
				})
			}
		})
	}
}

// checkPage checks what every successful answer must satisfy: status 200 and the same
// request id in the body and the x-acs-request-id header, as the server sent it.
func checkPage(t *testing.T, e env, p page) {
	t.Helper()
	if got, want := p.Status, http.StatusOK; got != want {
		t.Errorf("HTTP status=%d, want %d", got, want)
	}
	if p.RequestID == "" {
		t.Errorf("RequestId is empty")
	}
	if got, want := p.HeaderRequestID, p.RequestID; got != want {
		t.Errorf("x-acs-request-id=%q, want the body's RequestId %q", got, want)
	}
	if r, ok := e.h.sent(p.RequestID); !ok {
		t.Errorf("RequestId %q: the server's journal has no request with that id", p.RequestID)
	} else if got, want := r.Status, http.StatusOK; got != want {
		t.Errorf("server status for %s=%d, want %d", p.RequestID, got, want)
	}
}

func testOnePage(t *testing.T, e env) {
	p, err := e.c.list(query{FlowName: bigFlow, Limit: "10"}, nil)
	if err != nil {
		t.Fatalf("ListExecutions: %v", err)
	}
	checkPage(t, e, p)
	want := wantExecutions(t, bigFlow, nil)[:10]
	diffExecutions(t, p.Executions, want)
	if p.NextToken == "" {
		t.Errorf("NextToken is empty, want a token: the flow has %d executions", len(wantExecutions(t, bigFlow, nil)))
	}
}

// listAll follows NextToken from the first page to the last and returns every execution.
func listAll(t *testing.T, e env, q query) []execution {
	t.Helper()
	return followPages(t, "ListExecutions", func(n int, token string) ([]execution, string) {
		q.NextToken = token
		p, err := e.c.list(q, nil)
		if err != nil {
			t.Fatalf("page %d (NextToken %q): %v", n, q.NextToken, err)
		}
		checkPage(t, e, p)
		return p.Executions, p.NextToken
	})
}

func testAllPages(t *testing.T, e env) {
	// No Limit: the service default (60) pages the 175 executions of demo_flow in 3 pages.
	got := listAll(t, e, query{FlowName: bigFlow})
	diffExecutions(t, got, wantExecutions(t, bigFlow, nil))
}

func testFilter(t *testing.T, e env) {
	got := listAll(t, e, query{FlowName: bigFlow, Status: "Failed", Limit: "10"})
	want := wantExecutions(t, bigFlow, func(x execution) bool { return x.Status == "Failed" })
	if len(want) <= 10 {
		t.Fatalf("fixtures: %d Failed executions, want more than one page", len(want))
	}
	diffExecutions(t, got, want)
}

// diffExecutions reports each execution missing, extra, repeated or different.
func diffExecutions(t *testing.T, got, want []execution) {
	t.Helper()
	count := map[string]int{}
	for _, g := range got {
		count[g.Name]++
		if count[g.Name] == 2 {
			t.Errorf("execution %s listed more than once", g.Name)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d executions, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("execution #%d:\n got %+v\nwant %+v", i, got[i], want[i])
			return
		}
	}
	for _, w := range want {
		if count[w.Name] == 0 {
			t.Errorf("execution %s missing", w.Name)
		}
	}
}

// wantAPIError calls ListExecutions through c and wants the SDK's typed error with code and
// status, carrying the request id the server sent, in every place the SDK exposes one.
func wantAPIError(t *testing.T, e env, c client, q query, header map[string]string, code string, status int) {
	t.Helper()
	p, err := c.list(q, header)
	if err == nil {
		t.Fatalf("ListExecutions succeeded (HTTP %d, RequestId %s, %d executions), want %s (HTTP %d)",
			p.Status, p.RequestID, len(p.Executions), code, status)
	}
	ae, ok := c.apiError(err)
	if !ok {
		t.Fatalf("error is %T, not the SDK's typed error: %v", err, err)
	}
	if ae.Code != code || ae.Status != status {
		t.Errorf("Code=%q HTTP status=%d, want %q %d", ae.Code, ae.Status, code, status)
	}
	var id string
	for _, where := range slices.Sorted(maps.Keys(ae.RequestIDs)) {
		got := ae.RequestIDs[where]
		if got == "" {
			t.Errorf("%s: request id is empty", where)
			continue
		}
		if id == "" {
			id = got
		} else if got != id {
			t.Errorf("%s=%q, want %q like the others", where, got, id)
		}
	}
	if id == "" {
		return
	}
	r, ok := e.h.sent(id)
	if !ok {
		t.Errorf("request id %q: the server's journal has no request with that id", id)
		return
	}
	if r.Code != code || r.Status != status {
		t.Errorf("server sent HTTP %d Code=%q for request id %s, want HTTP %d Code=%q", r.Status, r.Code, id, status, code)
	}
}

func testConnectionReset(t *testing.T, e env) {
	p, err := e.c.list(query{FlowName: bigFlow, Limit: "5"}, map[string]string{mock.HeaderScenario: "connection-reset"})
	if err == nil {
		t.Fatalf("ListExecutions succeeded (HTTP %d, RequestId %s), want a network error", p.Status, p.RequestID)
	}
	if !e.c.networkError(err) {
		t.Fatalf("error is %T, not the SDK's network error: %v", err, err)
	}
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
		t.Errorf("network error %v, want a connection reset (ECONNRESET or EOF)", err)
	}
}

// badCredentials signs with accessKeyID and secret, one of them wrong: 403 code when the mock
// verifies signatures, a normal answer when it does not.
func badCredentials(accessKeyID, secret, code string) func(*testing.T, env) {
	return func(t *testing.T, e env) {
		c, err := e.kind.new(e.h.srv.Endpoint(), accessKeyID, secret)
		if err != nil {
			t.Fatalf("new client: %v", err)
		}
		q := query{FlowName: bigFlow, Limit: "3"}
		if !e.h.auth.verify {
			p, err := c.list(q, nil)
			if err != nil {
				t.Fatalf("auth off: ListExecutions: %v", err)
			}
			checkPage(t, e, p)
			return
		}
		wantAPIError(t, e, c, q, nil, code, 403)
	}
}
