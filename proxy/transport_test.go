package proxy_test

import (
	"bytes"
	"github.com/flowmock/flowmock/internal/syncbuf"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mocktest"
	"github.com/flowmock/flowmock/proxy"
)

// hangUp is an upstream that counts calls and drops each connection without an answer.
func hangUp(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// TestTransport: an upstream that does not answer is a transport problem — 502
// UpstreamUnavailable to the client, listed apart, never a contract violation — and a read is
// retried, a write is not (it may have reached the service).
func TestTransport(t *testing.T) {
	hung, calls := hangUp(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	tests := []struct {
		name      string
		url       string
		action    string
		params    url.Values
		wantCalls int32
		wantText  string
	}{
		{"read retried", hung.URL, "DescribeFlow", url.Values{"Name": {"demo_flow"}}, 3, "EOF"},
		{"write not retried", hung.URL, "CreateFlow", url.Values{"Name": {"f"}, "Definition": {"x"}, "Description": {"d"}, "Type": {"FDL"}}, 1, "EOF"},
		{"connection refused", closedURL, "CreateFlow", url.Values{"Name": {"f"}, "Definition": {"x"}, "Description": {"d"}, "Type": {"FDL"}}, 0, "refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls.Store(0)
			p := newProxy(t, proxy.Config{URL: tt.url, Retries: 2})
			got := do(t, get(t, p.URL, tt.action, tt.params))
			if got.status != mock.StatusUpstreamUnavailable || !strings.Contains(string(got.body), "UpstreamUnavailable") {
				t.Fatalf("client got %d %s, want 502 UpstreamUnavailable", got.status, got.body)
			}
			if n := calls.Load(); n != tt.wantCalls {
				t.Errorf("upstream called %d times, want %d", n, tt.wantCalls)
			}
			v := p.Mock.Violations()
			if v.Total != 0 || len(v.Transport) != 1 || v.Transport[0].Action != tt.action || !strings.Contains(v.Transport[0].Error, tt.wantText) {
				t.Errorf("violations %d, transport %+v; want none and one %s problem mentioning %q", v.Total, v.Transport, tt.action, tt.wantText)
			}
		})
	}
}

// TestTimeout: an upstream slower than the timeout is a transport problem that says so.
func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) })
	p := newProxy(t, proxy.Config{URL: slow.URL, Timeout: 50 * time.Millisecond, Retries: -1})
	got := do(t, get(t, p.URL, "ListFlows", nil))
	v := p.Mock.Violations()
	if got.status != mock.StatusUpstreamUnavailable || len(v.Transport) != 1 || !strings.Contains(v.Transport[0].Error, "no answer within 50ms") {
		t.Fatalf("client got %d %s, transport %+v; want 502 and a problem saying no answer within 50ms", got.status, got.body, v.Transport)
	}
}

// TestScenarioInFront: an injected error answers in front of the upstream, which is not
// called.
func TestScenarioInFront(t *testing.T) {
	upstream := mocktest.NewServer(t)
	p := newProxy(t, proxy.Config{URL: upstream.URL})
	req := get(t, p.URL, "ListFlows", nil)
	req.Header.Set("X-Mock-Error", "ResourceThrottled")
	got := do(t, req)
	if got.status != http.StatusTooManyRequests {
		t.Fatalf("client got %d %s, want the injected 429", got.status, got.body)
	}
	if n := upstream.Count(mock.RecordFilter{}); n != 0 {
		t.Errorf("the upstream got %d calls, want 0", n)
	}
}

// TestSecretsStayOut: the upstream's secret and STS token are in no log line, no transport
// problem and no answer, even when the upstream fails and when the client's own query
// carried them.
func TestSecretsStayOut(t *testing.T) {
	const secret, token = "S3CR3T-value-0123456789", "STS-T0KEN-value-9876543210"
	var logs syncbuf.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cred := proxy.Credentials{AccessKeyID: upID, AccessKeySecret: secret, SecurityToken: token, Source: "test"}
	hung, _ := hangUp(t)
	for _, target := range []string{hung.URL, mocktest.NewServer(t).URL} {
		p := newProxy(t, proxy.Config{URL: target, Credentials: cred, Sign: proxy.SignV1},
			func(s *mocktest.Server) { s.Config.Logger = logger })
		got := do(t, get(t, p.URL, "DescribeFlow", url.Values{"Name": {"demo_flow"}}))
		journal := do(t, mustRequest(t, p.URL+"/_mock/requests"))
		viol := do(t, mustRequest(t, p.URL+"/_mock/violations"))
		for what, text := range map[string]string{"answer": string(got.body), "journal": string(journal.body), "violations": string(viol.body)} {
			if strings.Contains(text, secret) || strings.Contains(text, token) {
				t.Errorf("%s of %s shows a secret: %s", what, target, text)
			}
		}
	}
	if l := logs.String(); strings.Contains(l, secret) || strings.Contains(l, token) || l == "" {
		t.Errorf("logs show a secret (or nothing was logged): %s", l)
	}
	for _, s := range []string{cred.String(), cred.GoString()} {
		if strings.Contains(s, secret) || strings.Contains(s, token) || strings.Contains(s, upID) {
			t.Errorf("Credentials print as %q, want the id masked and no secret", s)
		}
	}
}

// TestHTTPS: the upstream is reached over TLS (here a test server's certificate, given through
// Config.Client; in production the system roots or the embedded set, internal/roots).
func TestHTTPS(t *testing.T) {
	tlsUp := httptest.NewTLSServer(mocktest.NewServer(t).Mock)
	t.Cleanup(tlsUp.Close)
	p := newProxy(t, proxy.Config{URL: tlsUp.URL, Client: tlsUp.Client()})
	if got := do(t, get(t, p.URL, "ListFlows", nil)); got.status != http.StatusOK {
		t.Fatalf("ListFlows over HTTPS: %d %s", got.status, got.body)
	}
	// Without the test server's certificate, the system roots refuse it: a transport problem.
	p = newProxy(t, proxy.Config{URL: tlsUp.URL, Retries: -1})
	got := do(t, get(t, p.URL, "ListFlows", nil))
	if v := p.Mock.Violations(); got.status != mock.StatusUpstreamUnavailable || len(v.Transport) != 1 || !strings.Contains(v.Transport[0].Error, "certificate") {
		t.Errorf("untrusted certificate: %d, transport %+v; want 502 and a certificate problem", got.status, v.Transport)
	}
}

// TestAnswerTooLarge: an upstream answer above MaxAnswerBytes is a transport problem, not
// read whole.
func TestAnswerTooLarge(t *testing.T) {
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		for range proxy.MaxAnswerBytes>>20 + 2 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(big.Close)
	p := newProxy(t, proxy.Config{URL: big.URL, Retries: -1})
	got := do(t, get(t, p.URL, "ListFlows", nil))
	if v := p.Mock.Violations(); got.status != mock.StatusUpstreamUnavailable || len(v.Transport) != 1 || !strings.Contains(v.Transport[0].Error, "larger than") {
		t.Errorf("a 10 MiB answer: %d, transport %+v; want 502 and a size problem", got.status, v.Transport)
	}
}
