package mock_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/mock"
)

// fuzzEnvelope is the error body, with the one optional field the mock may add.
type fuzzEnvelope struct {
	RequestId, HostId, Code, Message string
	Recommend                        string
}

// mockOwnCodes are the codes the mock answers outside the contract, with their statuses:
// a path other than "/" and a method other than GET and POST.
var mockOwnCodes = map[string]int{"InvalidPath": http.StatusNotFound, "MethodNotAllowed": http.StatusMethodNotAllowed}

// fuzzRequest is one seed of FuzzRequest.
type fuzzRequest struct {
	post               bool
	query, contentType string
	body               []byte
	action, version    string
}

// FuzzRequest serves fuzzed API requests in process: GET or POST on "/", any raw query,
// Content-Type and body, and any x-acs-action and x-acs-version headers, on the default
// fixtures in strict mode (every response validated against the contract), with no
// scenario and no signature check. Seeds are the SDK captures (signature/testdata, the
// exact bytes of wire-protocol.md §1.4), a sample request of every action sent as a query,
// a form body and a JSON body, CreateFlow with every good definition of fdl/testdata, and
// StartExecution with the inputs of the fixtures. It checks that ServeHTTP never panics;
// that every response has x-acs-request-id and the API's Content-Type; that a 200 body is
// a JSON object whose RequestId (when it has one) is the header's; and that any other
// answer is the Alibaba envelope {RequestId, HostId, Code, Message} with the header's
// RequestId, the configured HostId, a message, and a code that the contract's catalogue
// declares with the very status of the answer (or InvalidPath 404, MethodNotAllowed 405).
// InternalServerError fails the target: nothing injects errors here, so a 500 means the
// mock broke or built a response outside the contract. The session is reset after each
// request, so every input starts from the fixtures.
func FuzzRequest(f *testing.F) {
	for _, r := range fuzzSeeds(f) {
		f.Add(r.post, r.query, r.contentType, r.body, r.action, r.version)
	}
	srv, err := mock.New(mock.Config{Data: defaultFixtures(f), ValidateResponses: true})
	if err != nil {
		f.Fatalf("mock.New: %v", err)
	}
	f.Cleanup(srv.Close)
	cat := srv.Catalogue()
	f.Fuzz(func(t *testing.T, post bool, query, contentType string, body []byte, action, version string) {
		defer srv.Reset(mock.DefaultSession)
		method := http.MethodGet
		if post {
			method = http.MethodPost
		}
		req := httptest.NewRequest(method, "/", bytes.NewReader(body))
		req.URL.RawQuery = query
		req.RequestURI = "/?" + query
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if action != "" {
			req.Header.Set("x-acs-action", action)
		}
		if version != "" {
			req.Header.Set("x-acs-version", version)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)

		res := rec.Result()
		got, _ := io.ReadAll(res.Body)
		describe := func() string {
			return method + " /?" + query + " Content-Type: " + contentType + " x-acs-action: " + action +
				" x-acs-version: " + version + "\nbody: " + string(body) + "\nanswer: " + res.Status + " " + string(got)
		}
		id := res.Header.Get(mock.HeaderRequestID)
		if id == "" {
			t.Fatalf("no %s header\n%s", mock.HeaderRequestID, describe())
		}
		if ct := res.Header.Get("Content-Type"); ct != mock.ContentType {
			t.Fatalf("Content-Type %q, want %q\n%s", ct, mock.ContentType, describe())
		}
		// JSON writes a byte that is not UTF-8 as U+FFFD; the header carries it as it is.
		jsonID := string([]rune(id))

		if res.StatusCode == http.StatusOK {
			var obj map[string]any
			if err := json.Unmarshal(got, &obj); err != nil || obj == nil {
				t.Fatalf("200 body is not a JSON object (%v)\n%s", err, describe())
			}
			if rid, ok := obj["RequestId"]; ok && rid != jsonID {
				t.Fatalf("RequestId %q, but header %s is %q\n%s", rid, mock.HeaderRequestID, id, describe())
			}
			return
		}
		var env fuzzEnvelope
		dec := json.NewDecoder(bytes.NewReader(got))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&env); err != nil || dec.More() {
			t.Fatalf("status %d without the error envelope (%v)\n%s", res.StatusCode, err, describe())
		}
		switch {
		case env.Code == "" || env.Message == "":
			t.Fatalf("envelope without a Code or a Message\n%s", describe())
		case env.RequestId != jsonID:
			t.Fatalf("envelope RequestId %q, but header %s is %q\n%s", env.RequestId, mock.HeaderRequestID, id, describe())
		case env.HostId != mock.DefaultHostID:
			t.Fatalf("envelope HostId %q, want %q\n%s", env.HostId, mock.DefaultHostID, describe())
		case env.Code == string(flowmock.InternalServerError):
			t.Fatalf("InternalServerError on a request that injects nothing\n%s", describe())
		}
		want, ok := mockOwnCodes[env.Code]
		if entry, declared := cat.Lookup(flowmock.Code(env.Code)); declared {
			want, ok = entry.Status, true
		}
		if !ok {
			t.Fatalf("code %q is neither in the contract's catalogue nor one of the mock's own\n%s", env.Code, describe())
		}
		if res.StatusCode != want {
			t.Fatalf("code %s with status %d; the catalogue gives %d\n%s", env.Code, res.StatusCode, want, describe())
		}
	})
}

// fuzzSeeds are the seeds of FuzzRequest.
func fuzzSeeds(tb testing.TB) []fuzzRequest {
	tb.Helper()
	var seeds []fuzzRequest

	// The SDK captures, exact bytes (LF line ends in the files).
	captures, err := filepath.Glob(filepath.Join("..", "signature", "testdata", "*.http"))
	if err != nil || len(captures) == 0 {
		tb.Fatalf("no SDK captures in ../signature/testdata (%v)", err)
	}
	for _, name := range captures {
		raw, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		head, body, _ := strings.Cut(string(raw), "\n\n")
		body = strings.TrimSuffix(body, "\n")
		var cl []string
		for _, line := range strings.Split(strings.TrimRight(head, "\n"), "\n") {
			if k, _, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "Content-Length") {
				continue
			}
			cl = append(cl, line)
		}
		wire := strings.Join(cl, "\r\n") + "\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(wire)))
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		b, _ := io.ReadAll(r.Body)
		seeds = append(seeds, fuzzRequest{r.Method == http.MethodPost, r.URL.RawQuery, r.Header.Get("Content-Type"), b,
			r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version")})
	}

	// Every action's sample, as a query, a form body and a JSON body.
	con, err := contract.Load()
	if err != nil {
		tb.Fatal(err)
	}
	names := make([]string, 0, len(samples))
	for name := range samples {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		params := samples[name]
		post := false
		if a, ok := con.Action(name); ok {
			post = a.Method == http.MethodPost
		}
		wire := url.Values{"Action": {name}, "Version": {"2019-03-15"}}
		for k, v := range params {
			wire[k] = v
		}
		seeds = append(seeds,
			fuzzRequest{post: post, query: wire.Encode()},
			fuzzRequest{post: true, query: "Action=" + name + "&Version=2019-03-15", contentType: "application/x-www-form-urlencoded",
				body: []byte(params.Encode())},
			fuzzRequest{post: true, contentType: "application/json", body: jsonParams(params), action: name, version: "2019-03-15"})
	}

	// CreateFlow with the good definitions of fdl.
	defs, _ := filepath.Glob(filepath.Join("..", "fdl", "testdata", "good", "*"))
	for i, name := range defs {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		flow := "fuzz_flow_" + strconv.Itoa(i)
		if d, err := fdl.Parse(string(b)); err == nil && d.Name != "" {
			flow = d.Name // a new-dialect definition names its flow
		}
		params := url.Values{"Name": {flow}, "Definition": {string(b)}, "Description": {filepath.Base(name)}, "Type": {"FDL"}}
		seeds = append(seeds, fuzzRequest{post: true, contentType: "application/x-www-form-urlencoded",
			body: []byte(params.Encode()), action: "CreateFlow", version: "2019-03-15"})
	}

	// StartExecution of the fixture flows with their executions' inputs.
	set := defaultFixtures(tb)
	for _, flow := range set.Flows() {
		fl, err := set.Flow("", flow)
		if err != nil {
			tb.Fatal(err)
		}
		input := `{}`
		if n := len(fl.Executions); n > 0 && fl.Executions[n-1].Input != nil {
			input = *fl.Executions[n-1].Input
		}
		params := url.Values{"FlowName": {flow}, "ExecutionName": {"fuzz-1"}, "Input": {input}}
		seeds = append(seeds, fuzzRequest{post: true, contentType: "application/json; charset=utf-8",
			body: jsonParams(params), action: "StartExecution", version: "2019-03-15"})
	}

	// The mock's own answers and the media types it refuses.
	seeds = append(seeds,
		fuzzRequest{query: "Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&NextToken=exec2"},
		fuzzRequest{query: "Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=0&Limit=1"},
		fuzzRequest{post: true, query: "Action=StartExecution", contentType: "text/plain", body: []byte("FlowName=demo_flow")},
		fuzzRequest{post: true, contentType: "application/json", body: []byte(`{"FlowName":{"a":1}}`), action: "DescribeFlow"},
		fuzzRequest{query: "%zz", action: "ListFlows"},
		fuzzRequest{query: "Action=NoSuchAction&Version=2019-03-15"},
		fuzzRequest{query: "Action=ListFlows&Version=2015-01-01"},
	)
	return seeds
}

// jsonParams is params as the JSON body of parameters the mock accepts: one string each.
func jsonParams(params url.Values) []byte {
	m := make(map[string]string, len(params))
	for k := range params {
		m[k] = params.Get(k)
	}
	b, _ := json.Marshal(m)
	return b
}
