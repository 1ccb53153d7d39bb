package mock_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
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

// BenchmarkCreateDescribeFlow creates a flow (definition checked) and describes it, each op
// in a fresh name, request validation on.
func BenchmarkCreateDescribeFlow(b *testing.B) {
	srv, err := mock.New(mock.Config{Data: defaultFixtures(b), Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		name := "bench_" + strconv.Itoa(i)
		form := url.Values{"Name": {name}, "Definition": {helloDefinition(name)}, "Description": {"d"}, "Type": {"FDL"}}.Encode()
		req := httptest.NewRequest(http.MethodPost, "/?Action=CreateFlow&Version=2019-03-15", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		clear(w.h)
		srv.ServeHTTP(w, req)
		req = httptest.NewRequest(http.MethodGet, "/?Action=DescribeFlow&Version=2019-03-15&Name="+name, nil)
		clear(w.h)
		srv.ServeHTTP(w, req)
	}
}
