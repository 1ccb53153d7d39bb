package proxy_test

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/flowmock/flowmock/mocktest"
	"github.com/flowmock/flowmock/proxy"
	"github.com/flowmock/flowmock/signature"
)

// The credentials of the tests: the client's (the proxy ignores them) and the upstream's
// (only the proxy has them).
const (
	clientID, clientSecret = "clientKeyId", "clientSecret"
	upID, upSecret         = "upstreamKeyId", "upstreamSecret"
	version                = "2019-03-15"
)

var upCred = proxy.Credentials{AccessKeyID: upID, AccessKeySecret: upSecret, Source: "test"}

// newProxy starts a flowmock whose calls go to upstreamURL, configured by cfg and then by
// the configure functions.
func newProxy(t *testing.T, cfg proxy.Config, configure ...func(*mocktest.Server)) *mocktest.Server {
	t.Helper()
	up, err := proxy.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := mocktest.NewUnstartedServer(t)
	srv.Config.Upstream = up
	for _, f := range configure {
		f(srv)
	}
	srv.Start()
	return srv
}

// upstreamServer starts a mock upstream, configured by the configure functions.
func upstreamServer(t *testing.T, configure ...func(*mocktest.Server)) *mocktest.Server {
	t.Helper()
	srv := mocktest.NewUnstartedServer(t)
	for _, f := range configure {
		f(srv)
	}
	srv.Start()
	return srv
}

// withAuth makes a server verify signatures with the upstream's pair.
func withAuth(s *mocktest.Server) {
	s.Config.Auth, s.Config.AccessKeyID, s.Config.AccessKeySecret = "verify", upID, upSecret
}

// withMiddleware wraps a server's handler in mw.
func withMiddleware(mw func(http.Handler) http.Handler) func(*mocktest.Server) {
	return func(s *mocktest.Server) { s.Middleware = append(s.Middleware, mw) }
}

// response is what a client received.
type response struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, body}
}

// get is an unsigned GET of action with params.
func get(t *testing.T, base, action string, params url.Values) *http.Request {
	t.Helper()
	q := url.Values{"Action": {action}, "Version": {version}}
	for k, v := range params {
		q[k] = v
	}
	req, err := http.NewRequest(http.MethodGet, base+"/?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// signV1 signs a GET as the generated SDK clients do (parameters in the query).
func signV1(t *testing.T, req *http.Request, id, secret string) {
	t.Helper()
	q := req.URL.Query()
	q.Set("AccessKeyId", id)
	q.Set("SignatureMethod", "HMAC-SHA1")
	q.Set("SignatureVersion", "1.0")
	q.Set("SignatureNonce", nonce())
	q.Set("Timestamp", time.Now().UTC().Format(signature.TimeLayout))
	q.Set("Signature", signature.V1Sign(signature.V1StringToSign(req.Method, q), secret))
	req.URL.RawQuery = q.Encode()
}

// signV3 signs a request as the Darabonba core does: the action in headers.
func signV3(t *testing.T, req *http.Request, id, secret string) {
	t.Helper()
	q := req.URL.Query()
	req.Header.Set("x-acs-action", q.Get("Action"))
	req.Header.Set("x-acs-version", q.Get("Version"))
	q.Del("Action")
	q.Del("Version")
	req.URL.RawQuery = q.Encode()
	req.Header.Set("x-acs-date", time.Now().UTC().Format(signature.TimeLayout))
	req.Header.Set("x-acs-signature-nonce", nonce())
	signature.V3SignRequest(req, nil, id, secret)
}

func nonce() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
