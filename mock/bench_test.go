package mock_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mock"
)

// discard is a minimal ResponseWriter so benchmarks measure the mock, not a recorder.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func benchPage(b *testing.B, src fixtures.Source, flow string) {
	srv, err := mock.New(mock.Config{Data: src, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/?Action=ListExecutions&Version=2019-03-15&FlowName="+flow+"&Limit=60", nil)
	// Warm up and check the page is what we think.
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		srv.ServeHTTP(w, req)
	}
}

// BenchmarkPage60Fixture serves one 60-execution page of demo_flow, request validation on.
func BenchmarkPage60Fixture(b *testing.B) {
	set, err := fixtures.Default()
	if err != nil {
		b.Fatal(err)
	}
	benchPage(b, set, "demo_flow")
}

// BenchmarkPage60Fake serves one 60-execution page of a faked flow, request validation on.
func BenchmarkPage60Fake(b *testing.B) {
	benchPage(b, fixtures.NewFaker(1), "bench_flow")
}
