package mock_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/signature"
)

// TestInjectEveryDocumentedError: every documented error of every action can be asked for,
// by code and (for the code a status picks) by status, and answers in the envelope with the
// documented status.
func TestInjectEveryDocumentedError(t *testing.T) {
	h := newHarness(t, mock.Config{})
	for _, a := range h.srv.Contract().Actions() {
		cat := a.Errors
		for _, e := range cat.Entries() {
			for _, how := range []string{"X-Mock-Error", "Prefer example", "Prefer code"} {
				if how == "Prefer code" {
					if code, _ := cat.ForPrefer(e.Status); code != e.Code {
						continue // this status picks another code
					}
				}
				t.Run(a.Name+"/"+string(e.Code)+"/"+how, func(t *testing.T) {
					params := url.Values{"RequestId": {"inj-1"}}
					for k, v := range samples[a.Name] {
						params[k] = v
					}
					var header, value string
					switch how {
					case "X-Mock-Error":
						header, value = "X-Mock-Error", string(e.Code)
					case "Prefer example":
						header, value = "Prefer", "example="+string(e.Code)
					case "Prefer code":
						header, value = "Prefer", "code="+strconv.Itoa(e.Status)
					}
					r := h.action(a.Name, params, header, value)
					if r.status != e.Status {
						t.Fatalf("status = %d, want %d: %s", r.status, e.Status, r.body)
					}
					got := decodeError(t, r)
					if got.Code != string(e.Code) || got.RequestId != "inj-1" || got.Message == "" || got.HostId == "" {
						t.Fatalf("envelope = %+v, want code %s, request id inj-1, a message and a host", got, e.Code)
					}
					if e.Code == "FlowNotExists" && !strings.Contains(got.Message, "demo_flow") {
						t.Fatalf("FlowNotExists message %q does not name the flow", got.Message)
					}
				})
			}
		}
	}
}

func TestInjectRefusesUndeclared(t *testing.T) {
	tests := []struct {
		name, header, value string
		allow               bool
		status              int
		code                string
		contains            string
	}{
		{"undeclared status", "Prefer", "code=503", false, 400, "InvalidArgument", "400, 403, 404, 412, 415, 429, 500"},
		{"undeclared code", "X-Mock-Error", "Throttling", false, 400, "InvalidArgument", "ResourceThrottled (429)"},
		{"not a status", "Prefer", "code=abc", false, 400, "InvalidArgument", "not an HTTP status"},
		{"code and status disagree", "X-Mock-Error", "FlowNotExists", false, 400, "InvalidArgument", "declares with status 404"},
		{"allowed status", "Prefer", "code=503", true, 503, "ServiceUnavailable", "outside the contract"},
		{"allowed code", "X-Mock-Error", "Throttling", true, 400, "Throttling", "outside the contract"},
		{"code 200 is data", "Prefer", "code=200", false, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, mock.Config{AllowUndeclared: tt.allow})
			req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/?"+base+"FlowName=demo_flow&Limit=1", nil)
			req.Header.Set(tt.header, tt.value)
			if tt.name == "code and status disagree" {
				req.Header.Set("Prefer", "code=429")
			}
			res, err := h.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			r := response{status: res.StatusCode, header: res.Header}
			r.body, _ = readAll(res)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.code == "" {
				return
			}
			if e := decodeError(t, r); e.Code != tt.code || !strings.Contains(e.Message, tt.contains) {
				t.Fatalf("got %s %q, want %s containing %q", e.Code, e.Message, tt.code, tt.contains)
			}
		})
	}
}

func TestPreferDynamicServesFakes(t *testing.T) {
	h := newHarness(t, mock.Config{})
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/?"+base+"FlowName=not_in_fixtures&Limit=3", nil)
	if r := h.do(req); r.status != 404 {
		t.Fatalf("without Prefer: status %d, want 404", r.status)
	}
	req.Header.Set("Prefer", "dynamic=true")
	if r := h.do(req); r.status != 200 || !strings.Contains(string(r.body), `"FlowName":"not_in_fixtures"`) {
		t.Fatalf("with Prefer: dynamic=true: %d %s, want 200 with faked executions", r.status, r.body)
	}
}

func TestAuthVerify(t *testing.T) {
	now := time.Now().UTC()
	v := &signature.Verifier{Credentials: map[string]string{"testAccessKeyId": "testSecret"}}
	h := newHarness(t, mock.Config{Auth: v})
	v1 := func(method, secret string, mutate func(url.Values)) *http.Request {
		p := url.Values{"Action": {"ListExecutions"}, "Version": {"2019-03-15"}, "FlowName": {"demo_flow"}, "Limit": {"2"},
			"AccessKeyId": {"testAccessKeyId"}, "SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"},
			"SignatureNonce": {"n-" + now.Format(time.RFC3339Nano)}, "Timestamp": {now.Format(signature.TimeLayout)}, "Format": {"JSON"}}
		p.Set("Signature", signature.V1Sign(signature.V1StringToSign(method, p), secret))
		if mutate != nil {
			mutate(p)
		}
		if method == http.MethodPost {
			req, _ := http.NewRequest(method, h.ts.URL+"/", strings.NewReader(p.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return req
		}
		req, _ := http.NewRequest(method, h.ts.URL+"/?"+p.Encode(), nil)
		return req
	}
	v3 := func(secret string) *http.Request {
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/?FlowName=demo_flow&Limit=2", nil)
		req.Header.Set("x-acs-action", "ListExecutions")
		req.Header.Set("x-acs-version", "2019-03-15")
		req.Header.Set("x-acs-date", now.Format(signature.TimeLayout))
		req.Header.Set("x-acs-signature-nonce", "nonce-1")
		signature.V3SignRequest(req, nil, "testAccessKeyId", secret)
		return req
	}
	tests := []struct {
		name   string
		req    *http.Request
		status int
		code   string
	}{
		{"v1 GET", v1(http.MethodGet, "testSecret", nil), 200, ""},
		{"v1 POST form", v1(http.MethodPost, "testSecret", nil), 200, ""},
		{"v3 GET", v3("testSecret"), 200, ""},
		{"v1 wrong secret", v1(http.MethodGet, "nope", nil), 403, "SignatureNotMatch"},
		{"v3 wrong secret", v3("nope"), 403, "SignatureNotMatch"},
		{"v1 tampered", v1(http.MethodGet, "testSecret", func(p url.Values) { p.Set("Limit", "3") }), 403, "SignatureNotMatch"},
		{"v1 unknown key", v1(http.MethodGet, "testSecret", func(p url.Values) { p.Set("AccessKeyId", "other") }), 403, "InvalidAccessKeyID"},
		{"unsigned", func() *http.Request {
			r, _ := http.NewRequest("GET", h.ts.URL+"/?"+base+"FlowName=demo_flow", nil)
			return r
		}(), 400, "MissingRequiredParams"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do(tt.req)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.code != "" {
				e := decodeError(t, r)
				if e.Code != tt.code {
					t.Fatalf("code = %s, want %s (%s)", e.Code, tt.code, e.Message)
				}
				// signature writes these messages itself; they must stay the contract's.
				entry, _ := h.srv.Catalogue().Lookup(flowmock.Code(tt.code))
				if prefix, _, _ := strings.Cut(entry.Format, "%s"); !strings.HasPrefix(e.Message, prefix) {
					t.Fatalf("message %q does not start with the contract's %q", e.Message, prefix)
				}
				if tt.code == "SignatureNotMatch" && !strings.Contains(e.Message, "server string to sign is:") {
					t.Fatalf("SignatureNotMatch message lacks the server string to sign: %q", e.Message)
				}
			}
		})
	}
}

func readAll(res *http.Response) ([]byte, error) {
	defer res.Body.Close()
	return io.ReadAll(res.Body)
}

// TestRefusedRequestCreatesNoSession: a request refused before it reaches its session (here
// unsigned, with --auth) is journaled but creates no session, so unauthenticated clients
// cannot push real sessions out by naming new ones.
func TestRefusedRequestCreatesNoSession(t *testing.T) {
	v := &signature.Verifier{Credentials: map[string]string{"testAccessKeyId": "testSecret"}}
	h := newHarness(t, mock.Config{Auth: v})
	for i := range 3 {
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/?"+base+"FlowName=demo_flow", nil)
		req.Header.Set("X-Mock-Session", fmt.Sprintf("ghost-%d", i))
		if r := h.do(req); r.status != 403 && r.status != 400 {
			t.Fatalf("unsigned request: status %d, want 400 or 403", r.status)
		}
	}
	for _, si := range h.srv.Sessions() {
		if strings.HasPrefix(si.Session, "ghost-") {
			t.Errorf("session %q exists after a refused request; want none", si.Session)
		}
	}
	if got := h.srv.CountRequests(mock.RecordFilter{Session: "ghost-1"}); got != 1 {
		t.Errorf("journal records of ghost-1: %d, want 1", got)
	}
}
