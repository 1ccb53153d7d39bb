package mock_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// TestConsoleRoute: the control plane serves the web console under /_mock/ui, and the page's
// requests are not API requests (nothing reaches the journal).
func TestConsoleRoute(t *testing.T) {
	t.Parallel()
	srv, err := mock.New(mock.Config{Data: defaultFixtures(t)})
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	tests := []struct {
		path, contentType string
		status            int
	}{
		{"/_mock/ui", "text/html; charset=utf-8", http.StatusOK},
		{"/_mock/ui/", "text/html; charset=utf-8", http.StatusOK},
		{"/_mock/ui/app.js", "text/javascript; charset=utf-8", http.StatusOK},
		{"/_mock/ui/style.css", "text/css; charset=utf-8", http.StatusOK},
		{"/_mock/ui/nope", "application/json", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := http.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status || res.Header.Get("Content-Type") != tt.contentType {
				t.Errorf("GET %s: %d %q, want %d %q", tt.path, res.StatusCode, res.Header.Get("Content-Type"), tt.status, tt.contentType)
			}
			if tt.status == http.StatusNotFound && !strings.Contains(string(body), `"error"`) {
				t.Errorf("GET %s: body %s, want a JSON error", tt.path, body)
			}
		})
	}
	if got := srv.Requests(mock.RecordFilter{}); len(got) != 0 {
		t.Errorf("journal holds %d records after console requests, want 0", len(got))
	}
}
