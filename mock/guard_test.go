package mock_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

func TestControlPlaneGuard(t *testing.T) {
	h := newHarness(t, mock.Config{ControlOrigins: []string{"http://console.example"}, ControlToken: "s3cret", CORSOrigins: []string{"*"}})
	h.action("CreateFlow", url.Values{"Name": {"kept"}, "Definition": {helloDefinition("kept")}, "Description": {"d"}, "Type": {"FDL"}}, mock.HeaderSession, "victim")
	tests := []struct {
		name, method, path string
		header             map[string]string
		status             int
		acao               string
	}{
		{"preflight from a page not allowed", "OPTIONS", "/_mock/sessions/victim/reset", map[string]string{"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}, 403, ""},
		{"simple request from a page not allowed", "POST", "/_mock/sessions/victim/reset", map[string]string{"Origin": "http://evil.example", "Authorization": "Bearer s3cret"}, 403, ""},
		{"preflight from an allowed origin", "OPTIONS", "/_mock/sessions/victim/reset", map[string]string{"Origin": "http://console.example", "Access-Control-Request-Method": "POST"}, 204, "http://console.example"},
		{"no token", "GET", "/_mock/requests", nil, 401, ""},
		{"wrong token", "GET", "/_mock/requests", map[string]string{"Authorization": "Bearer nope"}, 403, ""},
		{"the token", "GET", "/_mock/requests", map[string]string{"Authorization": "Bearer s3cret"}, 200, ""},
		{"health needs no token", "GET", "/_mock/health", nil, 200, ""},
		{"the console's page needs no token", "GET", "/_mock/ui/", nil, 200, ""},
		{"the API is not guarded by the control token", "GET", "/?Action=DescribeRegions&Version=2019-03-15", map[string]string{"Origin": "http://evil.example"}, 200, "http://evil.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, h.ts.URL+tt.path, nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			res, err := h.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Access-Control-Allow-Origin"); got != tt.acao {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.acao)
			}
		})
	}
	if _, err := h.srv.State("victim").Flow("kept"); err != nil {
		t.Errorf("a refused cross-origin reset still reset the session: %v", err)
	}
}

// TestControlPlaneRebinding sends control-plane requests with the Host and Origin a page on a
// rebinding domain (evil.example resolving to 127.0.0.1) sends, and those of the console on
// each loopback name.
func TestControlPlaneRebinding(t *testing.T) {
	tests := []struct {
		name         string
		hosts        []string // Config.ControlHosts
		token        string
		method, path string
		host, origin string
		auth         string
		status       int
		wantInError  string
	}{
		{name: "rebinding page reads the journal", method: "GET", path: "/_mock/requests", host: "evil.example:8080", origin: "http://evil.example:8080", status: 403, wantInError: "--control-hosts"},
		{name: "rebinding page resets a session", method: "POST", path: "/_mock/sessions/victim/reset", host: "evil.example:8080", origin: "http://evil.example:8080", status: 403, wantInError: "--control-hosts"},
		{name: "rebinding host without Origin", method: "GET", path: "/_mock/sessions", host: "evil.example", status: 403, wantInError: "--control-hosts"},
		{name: "rebinding host loads the console", method: "GET", path: "/_mock/ui/", host: "evil.example:8080", status: 403, wantInError: "--control-hosts"},
		{name: "console on 127.0.0.1", method: "POST", path: "/_mock/sessions/me/reset", host: "127.0.0.1:8080", origin: "http://127.0.0.1:8080", status: 200},
		{name: "console on 127.1.2.3", method: "GET", path: "/_mock/requests", host: "127.1.2.3:8080", origin: "http://127.1.2.3:8080", status: 200},
		{name: "console on localhost", method: "POST", path: "/_mock/sessions/me/reset", host: "localhost:8080", origin: "http://localhost:8080", status: 200},
		{name: "console on LOCALHOST. without port", method: "GET", path: "/_mock/requests", host: "LOCALHOST.", origin: "http://LOCALHOST.", status: 200},
		{name: "console on [::1]", method: "POST", path: "/_mock/sessions/me/reset", host: "[::1]:8080", origin: "http://[::1]:8080", status: 200},
		{name: "console on ::ffff:127.0.0.1", method: "GET", path: "/_mock/requests", host: "[::ffff:127.0.0.1]:8080", status: 200},
		{name: "loopback Host, rebinding Origin", method: "POST", path: "/_mock/sessions/victim/reset", host: "127.0.0.1:8080", origin: "http://evil.example:8080", status: 403, wantInError: "--control-cors"},
		{name: "a name lookalike of localhost", method: "GET", path: "/_mock/requests", host: "localhost.evil.example", status: 403},
		{name: "a name given with --control-hosts", hosts: []string{"flowmock", "mock.test:9"}, method: "POST", path: "/_mock/sessions/me/reset", host: "flowmock:8080", origin: "http://flowmock:8080", status: 200},
		{name: "another --control-hosts name, in another case", hosts: []string{"flowmock", "mock.test:9"}, method: "GET", path: "/_mock/requests", host: "Mock.Test", status: 200},
		{name: "a name not given with --control-hosts", hosts: []string{"flowmock"}, method: "GET", path: "/_mock/requests", host: "evil.example", status: 403},
		{name: "--control-hosts *", hosts: []string{"*"}, method: "GET", path: "/_mock/requests", host: "anything.example", status: 200},
		{name: "health answers probes on any host", method: "GET", path: "/_mock/health", host: "10.1.2.3:8080", status: 200},
		{name: "the API is not guarded", method: "GET", path: "/?Action=DescribeRegions&Version=2019-03-15", host: "evil.example:8080", origin: "http://evil.example:8080", status: 200},
		{name: "with a token, any Host with the token", token: "T", method: "GET", path: "/_mock/requests", host: "mock.corp.example", origin: "http://mock.corp.example", auth: "Bearer T", status: 200},
		{name: "with a token, a rebinding page has none", token: "T", method: "GET", path: "/_mock/requests", host: "evil.example:8080", origin: "http://evil.example:8080", status: 401},
		{name: "bearer in lower case", token: "T", method: "GET", path: "/_mock/requests", host: "127.0.0.1", auth: "bearer T", status: 200},
		{name: "BEARER in upper case", token: "T", method: "GET", path: "/_mock/requests", host: "127.0.0.1", auth: "BEARER T", status: 200},
		{name: "another scheme", token: "T", method: "GET", path: "/_mock/requests", host: "127.0.0.1", auth: "Basic T", status: 401},
		{name: "bearer with a wrong token", token: "T", method: "GET", path: "/_mock/requests", host: "127.0.0.1", auth: "bearer U", status: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, mock.Config{ControlHosts: tt.hosts, ControlToken: tt.token, CORSOrigins: []string{"*"}})
			req, _ := http.NewRequest(tt.method, h.ts.URL+tt.path, nil)
			req.Host = tt.host
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			res, err := h.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d; body %s", res.StatusCode, tt.status, body)
			}
			if tt.status != 403 || !strings.HasPrefix(tt.path, "/_mock/") {
				return
			}
			var e struct{ Error string }
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
				t.Fatalf("403 body = %s, want the control plane's JSON error", body)
			}
			if !strings.Contains(e.Error, tt.wantInError) {
				t.Errorf("error = %q, want it to name %s", e.Error, tt.wantInError)
			}
		})
	}
}
