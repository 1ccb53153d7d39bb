package console_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/console"
)

// newServer mounts the console as the control plane will: on Prefix and Prefix+"/".
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	h := console.Handler()
	mux.Handle(console.Prefix, h)
	mux.Handle(console.Prefix+"/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, method, url string, hdr http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestHandlerServesAssets(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tests := []struct {
		path, contentType, contains string
	}{
		{"/_mock/ui", "text/html; charset=utf-8", `<h1>flowmock console</h1>`},
		{"/_mock/ui/", "text/html; charset=utf-8", `<h1>flowmock console</h1>`},
		{"/_mock/ui/index.html", "text/html; charset=utf-8", `<h1>flowmock console</h1>`},
		{"/_mock/ui/app.js", "text/javascript; charset=utf-8", `/_mock/health`},
		{"/_mock/ui/style.css", "text/css; charset=utf-8", `:root`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, body := do(t, http.MethodGet, srv.URL+tt.path, nil)
			if got, want := res.StatusCode, http.StatusOK; got != want {
				t.Fatalf("status=%d, want %d; body %s", got, want, body)
			}
			if got, want := res.Header.Get("Content-Type"), tt.contentType; got != want {
				t.Errorf("Content-Type=%q, want %q", got, want)
			}
			if got, want := res.Header.Get("Cache-Control"), "no-cache"; got != want {
				t.Errorf("Cache-Control=%q, want %q", got, want)
			}
			if got, want := res.Header.Get("X-Content-Type-Options"), "nosniff"; got != want {
				t.Errorf("X-Content-Type-Options=%q, want %q", got, want)
			}
			if res.Header.Get("ETag") == "" {
				t.Error("no ETag")
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body does not contain %q", tt.contains)
			}
		})
	}
}

// TestIndexLoadsOnlyOwnAssets keeps the page self-contained: every script and stylesheet it
// references is served by the handler under an absolute path (so /_mock/ui without the slash
// works), and nothing comes from another origin.
func TestIndexLoadsOnlyOwnAssets(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	res, body := do(t, http.MethodGet, srv.URL+"/_mock/ui", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status=%d, want 200", res.StatusCode)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy=%q, want one starting from default-src 'none'", csp)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"#]+)"`).FindAllStringSubmatch(body, -1)
	if len(refs) < 2 {
		t.Fatalf("found %d asset references in index.html, want the script and the stylesheet", len(refs))
	}
	for _, m := range refs {
		ref := m[1]
		if ref == "data:," { // the empty favicon, so the browser does not ask the API for /favicon.ico
			continue
		}
		if !strings.HasPrefix(ref, console.Prefix+"/") {
			t.Errorf("index.html references %q, want a path under %s/", ref, console.Prefix)
			continue
		}
		if r, _ := do(t, http.MethodGet, srv.URL+ref, nil); r.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status=%d, want 200", ref, r.StatusCode)
		}
	}
}

func TestHandlerErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tests := []struct {
		name, method, path string
		status             int
		allow              string
	}{
		{"unknown asset", http.MethodGet, "/_mock/ui/nope.js", http.StatusNotFound, ""},
		{"nested unknown", http.MethodGet, "/_mock/ui/assets/app.js", http.StatusNotFound, ""},
		{"traversal", http.MethodGet, "/_mock/ui/../ui/secret", http.StatusNotFound, ""},
		{"POST index", http.MethodPost, "/_mock/ui/", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"DELETE asset", http.MethodDelete, "/_mock/ui/app.js", http.StatusMethodNotAllowed, "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, tt.method, srv.URL+tt.path, nil)
			if got, want := res.StatusCode, tt.status; got != want {
				t.Fatalf("status=%d, want %d; body %s", got, want, body)
			}
			if got, want := res.Header.Get("Content-Type"), "application/json"; got != want {
				t.Errorf("Content-Type=%q, want %q", got, want)
			}
			if got, want := res.Header.Get("Allow"), tt.allow; got != want {
				t.Errorf("Allow=%q, want %q", got, want)
			}
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
				t.Errorf(`body %q: want {"error": "…"} (%v)`, body, err)
			}
		})
	}
}

// TestHandlerOutsidePrefix: mounted on a wider pattern by mistake, the handler still refuses
// paths that only start like the prefix.
func TestHandlerOutsidePrefix(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/_mock/uix", "/_mock/", "/"} {
		rec := httptest.NewRecorder()
		console.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if got, want := rec.Code, http.StatusNotFound; got != want {
			t.Errorf("GET %s: status=%d, want %d", path, got, want)
		}
	}
}

func TestHandlerConditionalAndHead(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	res, _ := do(t, http.MethodGet, srv.URL+"/_mock/ui/app.js", nil)
	etag := res.Header.Get("ETag")
	res, body := do(t, http.MethodGet, srv.URL+"/_mock/ui/app.js", http.Header{"If-None-Match": {etag}})
	if got, want := res.StatusCode, http.StatusNotModified; got != want {
		t.Errorf("If-None-Match: status=%d, want %d", got, want)
	}
	if body != "" {
		t.Errorf("304 with a body of %d bytes", len(body))
	}
	res, body = do(t, http.MethodHead, srv.URL+"/_mock/ui/", nil)
	if got, want := res.StatusCode, http.StatusOK; got != want {
		t.Errorf("HEAD: status=%d, want %d", got, want)
	}
	if got, want := res.Header.Get("Content-Type"), "text/html; charset=utf-8"; got != want || body != "" {
		t.Errorf("HEAD: Content-Type=%q body %d bytes, want %q and none", got, len(body), want)
	}
}
