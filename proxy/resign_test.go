package proxy_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mocktest"
	"github.com/flowmock/flowmock/proxy"
)

// TestResign: whatever the client signed with (its own key, which the upstream does not
// know), the upstream in --auth verify mode accepts what the proxy forwards: signed again with
// the upstream's key, V1 or V3.
func TestResign(t *testing.T) {
	upstream := upstreamServer(t, withAuth)
	tests := []struct {
		name   string
		sign   string
		client func(*testing.T, *http.Request, string, string)
	}{
		{"V1 client, auto", proxy.SignAuto, signV1},
		{"V3 client, auto", proxy.SignAuto, signV3},
		{"unsigned client, auto", proxy.SignAuto, nil},
		{"V1 client, forced V3", proxy.SignV3, signV1},
		{"V3 client, forced V1", proxy.SignV1, signV3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProxy(t, proxy.Config{URL: upstream.URL, Credentials: upCred, Sign: tt.sign})
			for _, action := range []struct {
				name   string
				params url.Values
			}{
				{"DescribeFlow", url.Values{"Name": {"demo_flow"}}},
				{"ListExecutions", url.Values{"FlowName": {"demo_flow"}, "Limit": {"2"}}},
			} {
				req := get(t, p.URL, action.name, action.params)
				if tt.client != nil {
					tt.client(t, req, clientID, clientSecret)
				}
				got := do(t, req)
				if got.status != http.StatusOK {
					t.Fatalf("%s through the proxy: %d %s, want 200 (the upstream accepts the proxy's signature)", action.name, got.status, got.body)
				}
			}
			if v := p.Mock.Violations(); v.Total != 0 || len(v.Transport) != 0 {
				t.Errorf("violations = %+v, want none", v)
			}
		})
	}
}

// TestResignWrongKey: an upstream that refuses the proxy's key answers its error, which the
// client gets byte for byte; the answer is in the contract, so no violation.
func TestResignWrongKey(t *testing.T) {
	var sent []byte
	upstream := upstreamServer(t, withAuth, withMiddleware(capture(&sent)))
	wrong := proxy.Credentials{AccessKeyID: upID, AccessKeySecret: "not-the-secret", Source: "test"}
	p := newProxy(t, proxy.Config{URL: upstream.URL, Credentials: wrong})
	got := do(t, get(t, p.URL, "DescribeFlow", url.Values{"Name": {"demo_flow"}}))
	if got.status == http.StatusOK || !strings.Contains(string(got.body), "SignatureNotMatch") {
		t.Fatalf("got %d %s, want the upstream's SignatureNotMatch", got.status, got.body)
	}
	if string(got.body) != string(sent) {
		t.Errorf("client body %s\nwant the upstream's bytes %s", got.body, sent)
	}
	if strings.Contains(string(got.body), "not-the-secret") {
		t.Errorf("the answer shows the secret: %s", got.body)
	}
	if v := p.Mock.Violations(); v.Total != 0 {
		t.Errorf("violations = %+v, want none", v.Violations)
	}
	if n := p.Count(mock.RecordFilter{Code: "SignatureNotMatch"}); n != 1 {
		t.Errorf("proxy journal: %d SignatureNotMatch records, want 1", n)
	}
}

// TestPagingThroughProxy: the upstream's NextToken is its own (here another seed than the
// proxy's); the proxy forwards it without judging it.
func TestPagingThroughProxy(t *testing.T) {
	upstream := upstreamServer(t, func(s *mocktest.Server) { s.Config.Seed = 7 })
	p := newProxy(t, proxy.Config{URL: upstream.URL})
	seen := map[string]bool{}
	token := ""
	for page := 0; page < 100; page++ {
		params := url.Values{"FlowName": {"demo_flow"}, "Limit": {"50"}}
		if token != "" {
			params.Set("NextToken", token)
		}
		got := do(t, get(t, p.URL, "ListExecutions", params))
		if got.status != http.StatusOK {
			t.Fatalf("page %d: %d %s", page, got.status, got.body)
		}
		var pg struct {
			NextToken  string
			Executions []struct{ Name string }
		}
		if err := json.Unmarshal(got.body, &pg); err != nil {
			t.Fatal(err)
		}
		for _, e := range pg.Executions {
			seen[e.Name] = true
		}
		if token = pg.NextToken; token == "" {
			break
		}
	}
	if len(seen) != 175 {
		t.Errorf("walked %d executions of demo_flow through the proxy, want 175", len(seen))
	}
}
