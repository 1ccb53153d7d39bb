package mock_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/logsink"
	"github.com/flowmock/flowmock/mock"
)

// discard is a minimal ResponseWriter so benchmarks measure the mock, not a recorder; it
// keeps the status written.
type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header { return d.h }

func (d *discard) Write(b []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	return len(b), nil
}

func (d *discard) WriteHeader(code int) { d.status = code }

func benchPage(b *testing.B, src fixtures.Source, flow string) {
	benchPageWith(b, mock.Config{Data: src, Seed: 1}, flow)
}

func benchPageWith(b *testing.B, cfg mock.Config, flow string) {
	srv, err := mock.New(cfg)
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

// BenchmarkPage60Whole serves a flow's 60 executions, all of them in one page (no
// NextToken), as a test that lists a small flow gets them, and as the same-bytes harness
// asks for them: the page's executions are written from the flow's bytes, not copied.
func BenchmarkPage60Whole(b *testing.B) {
	benchPage(b, wholeFlow(b), "whole_flow")
}

// BenchmarkPage60Parallel is BenchmarkPage60Whole from every P at once, with the request log
// serve writes: what contention on the journal, the log and the metrics adds.
func BenchmarkPage60Parallel(b *testing.B) {
	src := wholeFlow(b)
	sink := logsink.New(io.Discard, 0)
	b.Cleanup(func() { sink.Close() })
	srv, err := mock.New(mock.Config{Data: src, Seed: 1, Logger: slog.New(slog.NewTextHandler(sink, nil))})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req := httptest.NewRequest(http.MethodGet, "/?Action=ListExecutions&Version=2019-03-15&FlowName=whole_flow&Limit=60", nil)
		w := &discard{h: http.Header{}}
		for pb.Next() {
			clear(w.h)
			w.status = 0
			srv.ServeHTTP(w, req)
			if w.status != http.StatusOK {
				b.Errorf("status %d", w.status)
				return
			}
		}
	})
}

// wholeFlow is a source of one flow, whole_flow: demo_flow's first 60 executions.
func wholeFlow(b *testing.B) oneFlow {
	set, err := fixtures.Default()
	if err != nil {
		b.Fatal(err)
	}
	demo, err := set.Flow("", "demo_flow")
	if err != nil {
		b.Fatal(err)
	}
	var execs []cloudflow.Execution
	for _, e := range demo.Executions[:60] {
		execs = append(execs, e.Execution)
	}
	return oneFlow{fixtures.NewFlow("whole_flow", "", execs)}
}

// oneFlow is a fixtures.Source of one flow.
type oneFlow struct{ f *fixtures.Flow }

func (o oneFlow) Flow(_, name string) (*fixtures.Flow, error) {
	if name != o.f.Name {
		return nil, flowmock.Errorf(flowmock.FlowNotExists, "Flow %s does not exist.", name)
	}
	return o.f, nil
}

// BenchmarkPage60FixtureLogged is BenchmarkPage60Fixture with the request log flowmock serve
// writes by default (text, info: one line per request, through logsink, here to io.Discard).
func BenchmarkPage60FixtureLogged(b *testing.B) {
	set, err := fixtures.Default()
	if err != nil {
		b.Fatal(err)
	}
	sink := logsink.New(io.Discard, 0)
	b.Cleanup(func() { sink.Close() })
	benchPageWith(b, mock.Config{Data: set, Seed: 1, Logger: slog.New(slog.NewTextHandler(sink, nil))}, "demo_flow")
}

// BenchmarkPage60Fake serves one 60-execution page of a faked flow, request validation on.
func BenchmarkPage60Fake(b *testing.B) {
	benchPage(b, fixtures.NewFaker(1), "bench_flow")
}

// BenchmarkCreateDescribeFlow creates a flow (definition checked) and describes it, each op
// in a fresh name, request validation on. Every flowsPerSession flows it moves to a new
// session, so that every CreateFlow succeeds (a session holds store.MaxFlows at most).
func BenchmarkCreateDescribeFlow(b *testing.B) {
	srv, err := mock.New(mock.Config{Data: defaultFixtures(b), Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	const flowsPerSession = 1000
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	i := 0
	session := ""
	for b.Loop() {
		if i%flowsPerSession == 0 {
			session = "bench-" + strconv.Itoa(i/flowsPerSession)
		}
		i++
		name := "bench_" + strconv.Itoa(i)
		form := url.Values{"Name": {name}, "Definition": {helloDefinition(name)}, "Description": {"d"}, "Type": {"FDL"}}.Encode()
		req := httptest.NewRequest(http.MethodPost, "/?Action=CreateFlow&Version=2019-03-15", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(mock.HeaderSession, session)
		w.status = 0
		clear(w.h)
		srv.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("CreateFlow %s: status %d", name, w.status)
		}
		req = httptest.NewRequest(http.MethodGet, "/?Action=DescribeFlow&Version=2019-03-15&Name="+name, nil)
		req.Header.Set(mock.HeaderSession, session)
		w.status = 0
		clear(w.h)
		srv.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("DescribeFlow %s: status %d", name, w.status)
		}
	}
}
