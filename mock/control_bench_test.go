package mock_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// BenchmarkControlClock is POST /_mock/sessions/{id}/clock in process: the body read, checked
// strictly and bound once, the clock advanced, the answer written.
func BenchmarkControlClock(b *testing.B) {
	h := newHarness(b, mock.Config{})
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/_mock/sessions/bench/clock", strings.NewReader(`{"advance":"1s"}`))
		req.Host = "127.0.0.1:8080"
		rec := httptest.NewRecorder()
		h.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
