package mock_test

import (
	"net/http"
	"net/url"
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
